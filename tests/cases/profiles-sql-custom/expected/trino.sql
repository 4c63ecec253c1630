WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CASE
        WHEN NOT REGEXP_LIKE(
          ELEMENT_AT("p"."Attributes", 'signup'),
          '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
        )
        OR SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 1, 4) = '0000'
        THEN NULL
        WHEN LENGTH(ELEMENT_AT("p"."Attributes", 'signup')) = 10
        THEN TRY_CAST(SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 1, 10) AS DATE)
        WHEN SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 15, 1) < '6'
        AND (
          SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 17, 1) <> ':'
          OR SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 18, 1) < '6'
        )
        AND NOT REGEXP_LIKE(ELEMENT_AT("p"."Attributes", 'signup'), '[+-]23:?[6-9][0-9]$')
        THEN CASE
          WHEN SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 1, 10) = '0001-01-01'
          AND TRY_CAST(SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 15, 2) AS INTEGER) - COALESCE(
            TRY_CAST(REGEXP_EXTRACT(ELEMENT_AT("p"."Attributes", 'signup'), '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT(ELEMENT_AT("p"."Attributes", 'signup'), '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), -2) AS INTEGER),
            0
          ) < 0
          THEN TRY_CAST(SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 1, 10) AS DATE)
          WHEN SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 1, 10) = '9999-12-31'
          AND TRY_CAST(SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 15, 2) AS INTEGER) - COALESCE(
            TRY_CAST(REGEXP_EXTRACT(ELEMENT_AT("p"."Attributes", 'signup'), '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT(ELEMENT_AT("p"."Attributes", 'signup'), '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), -2) AS INTEGER),
            0
          ) >= 1440
          THEN TRY_CAST(SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 1, 10) AS DATE)
          ELSE CAST(DATE_ADD(
            'DAY',
            CAST(FLOOR(
              (
                TRY_CAST(SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 15, 2) AS INTEGER) - COALESCE(
                  TRY_CAST(REGEXP_EXTRACT(ELEMENT_AT("p"."Attributes", 'signup'), '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT(ELEMENT_AT("p"."Attributes", 'signup'), '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), -2) AS INTEGER),
                  0
                )
              ) / 1440.0
            ) AS INTEGER),
            TRY_CAST(SUBSTR(ELEMENT_AT("p"."Attributes", 'signup'), 1, 10) AS DATE)
          ) AS DATE)
        END
      END > CAST('2024-01-01' AS DATE),
      FALSE
    )
    AND COALESCE(
      CAST(100.0 AS DOUBLE) <= CASE
        WHEN REGEXP_LIKE(
          ELEMENT_AT("p"."Attributes", 'spend'),
          '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
        )
        THEN TRY_CAST(ELEMENT_AT("p"."Attributes", 'spend') AS DOUBLE)
      END
      AND CASE
        WHEN REGEXP_LIKE(
          ELEMENT_AT("p"."Attributes", 'spend'),
          '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
        )
        THEN TRY_CAST(ELEMENT_AT("p"."Attributes", 'spend') AS DOUBLE)
      END <= CAST(500.0 AS DOUBLE),
      FALSE
    )
    AND COALESCE(ELEMENT_AT("p"."Attributes", 'tier') IN ('gold', 'platinum'), FALSE)
    AND COALESCE(
      CASE
        WHEN REGEXP_LIKE(
          ELEMENT_AT("p"."Attributes", 'visits'),
          '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
        )
        THEN TRY_CAST(ELEMENT_AT("p"."Attributes", 'visits') AS DOUBLE)
      END >= CAST(3.0 AS DOUBLE),
      FALSE
    ) AS group_1
  FROM profiles AS p
)
SELECT
  COUNT(*) AS profiles,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS matched,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS group_1
FROM step_0 AS p
