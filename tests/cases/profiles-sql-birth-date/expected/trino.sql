WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CASE
        WHEN NOT REGEXP_LIKE(
          "p"."BirthDate",
          '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
        )
        OR SUBSTR("p"."BirthDate", 1, 4) = '0000'
        THEN NULL
        WHEN LENGTH("p"."BirthDate") = 10
        THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
        WHEN SUBSTR("p"."BirthDate", 15, 1) < '6'
        AND (
          SUBSTR("p"."BirthDate", 17, 1) <> ':' OR SUBSTR("p"."BirthDate", 18, 1) < '6'
        )
        AND NOT REGEXP_LIKE("p"."BirthDate", '[+-]23:?[6-9][0-9]$')
        THEN CASE
          WHEN SUBSTR("p"."BirthDate", 1, 10) = '0001-01-01'
          AND TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
            TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
            0
          ) < 0
          THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
          WHEN SUBSTR("p"."BirthDate", 1, 10) = '9999-12-31'
          AND TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
            TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
            0
          ) >= 1440
          THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
          ELSE CAST(DATE_ADD(
            'DAY',
            CAST(FLOOR(
              (
                TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
                  TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
                  0
                )
              ) / 1440.0
            ) AS INTEGER),
            TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
          ) AS DATE)
        END
      END < CAST('1990-01-01' AS DATE),
      FALSE
    ) AS group_1,
    COALESCE(
      CASE
        WHEN NOT REGEXP_LIKE(
          "p"."BirthDate",
          '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
        )
        OR SUBSTR("p"."BirthDate", 1, 4) = '0000'
        THEN NULL
        WHEN LENGTH("p"."BirthDate") = 10
        THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
        WHEN SUBSTR("p"."BirthDate", 15, 1) < '6'
        AND (
          SUBSTR("p"."BirthDate", 17, 1) <> ':' OR SUBSTR("p"."BirthDate", 18, 1) < '6'
        )
        AND NOT REGEXP_LIKE("p"."BirthDate", '[+-]23:?[6-9][0-9]$')
        THEN CASE
          WHEN SUBSTR("p"."BirthDate", 1, 10) = '0001-01-01'
          AND TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
            TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
            0
          ) < 0
          THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
          WHEN SUBSTR("p"."BirthDate", 1, 10) = '9999-12-31'
          AND TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
            TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
            0
          ) >= 1440
          THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
          ELSE CAST(DATE_ADD(
            'DAY',
            CAST(FLOOR(
              (
                TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
                  TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
                  0
                )
              ) / 1440.0
            ) AS INTEGER),
            TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
          ) AS DATE)
        END
      END = CAST('1985-05-17' AS DATE),
      FALSE
    ) AS group_2,
    COALESCE(
      NOT CASE
        WHEN NOT REGEXP_LIKE(
          "p"."BirthDate",
          '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
        )
        OR SUBSTR("p"."BirthDate", 1, 4) = '0000'
        THEN NULL
        WHEN LENGTH("p"."BirthDate") = 10
        THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
        WHEN SUBSTR("p"."BirthDate", 15, 1) < '6'
        AND (
          SUBSTR("p"."BirthDate", 17, 1) <> ':' OR SUBSTR("p"."BirthDate", 18, 1) < '6'
        )
        AND NOT REGEXP_LIKE("p"."BirthDate", '[+-]23:?[6-9][0-9]$')
        THEN CASE
          WHEN SUBSTR("p"."BirthDate", 1, 10) = '0001-01-01'
          AND TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
            TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
            0
          ) < 0
          THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
          WHEN SUBSTR("p"."BirthDate", 1, 10) = '9999-12-31'
          AND TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
            TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
            0
          ) >= 1440
          THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
          ELSE CAST(DATE_ADD(
            'DAY',
            CAST(FLOOR(
              (
                TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
                  TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
                  0
                )
              ) / 1440.0
            ) AS INTEGER),
            TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
          ) AS DATE)
        END
      END IS NULL
      AND NOT (
        CAST('1970-01-01' AS DATE) <= CASE
          WHEN NOT REGEXP_LIKE(
            "p"."BirthDate",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          OR SUBSTR("p"."BirthDate", 1, 4) = '0000'
          THEN NULL
          WHEN LENGTH("p"."BirthDate") = 10
          THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
          WHEN SUBSTR("p"."BirthDate", 15, 1) < '6'
          AND (
            SUBSTR("p"."BirthDate", 17, 1) <> ':' OR SUBSTR("p"."BirthDate", 18, 1) < '6'
          )
          AND NOT REGEXP_LIKE("p"."BirthDate", '[+-]23:?[6-9][0-9]$')
          THEN CASE
            WHEN SUBSTR("p"."BirthDate", 1, 10) = '0001-01-01'
            AND TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
              TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
              0
            ) < 0
            THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
            WHEN SUBSTR("p"."BirthDate", 1, 10) = '9999-12-31'
            AND TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
              TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
              0
            ) >= 1440
            THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
            ELSE CAST(DATE_ADD(
              'DAY',
              CAST(FLOOR(
                (
                  TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
                    TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
                    0
                  )
                ) / 1440.0
              ) AS INTEGER),
              TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
            ) AS DATE)
          END
        END
        AND CASE
          WHEN NOT REGEXP_LIKE(
            "p"."BirthDate",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          OR SUBSTR("p"."BirthDate", 1, 4) = '0000'
          THEN NULL
          WHEN LENGTH("p"."BirthDate") = 10
          THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
          WHEN SUBSTR("p"."BirthDate", 15, 1) < '6'
          AND (
            SUBSTR("p"."BirthDate", 17, 1) <> ':' OR SUBSTR("p"."BirthDate", 18, 1) < '6'
          )
          AND NOT REGEXP_LIKE("p"."BirthDate", '[+-]23:?[6-9][0-9]$')
          THEN CASE
            WHEN SUBSTR("p"."BirthDate", 1, 10) = '0001-01-01'
            AND TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
              TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
              0
            ) < 0
            THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
            WHEN SUBSTR("p"."BirthDate", 1, 10) = '9999-12-31'
            AND TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
              TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
              0
            ) >= 1440
            THEN TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
            ELSE CAST(DATE_ADD(
              'DAY',
              CAST(FLOOR(
                (
                  TRY_CAST(SUBSTR("p"."BirthDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("p"."BirthDate", 15, 2) AS INTEGER) - COALESCE(
                    TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."BirthDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("p"."BirthDate", -2) AS INTEGER),
                    0
                  )
                ) / 1440.0
              ) AS INTEGER),
              TRY_CAST(SUBSTR("p"."BirthDate", 1, 10) AS DATE)
            ) AS DATE)
          END
        END <= CAST('1979-12-31' AS DATE)
      ),
      FALSE
    ) AS group_3
  FROM profiles AS p
)
SELECT
  COUNT(*) AS profiles,
  COUNT(CASE WHEN p.group_1 OR p.group_2 OR p.group_3 THEN 1 END) AS matched,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS group_1,
  COUNT(CASE WHEN p.group_2 THEN 1 END) AS group_2,
  COUNT(CASE WHEN p.group_3 THEN 1 END) AS group_3
FROM step_0 AS p
