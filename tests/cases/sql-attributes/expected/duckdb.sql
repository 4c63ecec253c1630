WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      ARRAY_LENGTH(
        LIST_FILTER(
          "e"."Attributes"['born'],
          LAMBDA item : CAST(CASE
            WHEN NOT REGEXP_MATCHES(
              item,
              '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?(Z|[+-](([01][0-9]|2[0-2]):?[0-9]{2}|23:?[0-5][0-9]))?)?$'
            )
            THEN NULL
            WHEN SUBSTRING(item, 1, 10) IN ('0001-01-01', '9999-12-31')
            AND SUBSTRING(item, 1, 10) = CASE FLOOR(
                (
                  TRY_CAST(SUBSTRING(item, 12, 2) AS INT) * 60 + TRY_CAST(SUBSTRING(item, 15, 2) AS INT) - CASE
                    WHEN LENGTH(item) > 16 AND SUBSTRING(item, -1) <> 'Z'
                    THEN COALESCE(
                      TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTRING(item, -2) AS INT),
                      0
                    )
                    ELSE 0
                  END
                ) / 1440.0
              )
              WHEN -1
              THEN '0001-01-01'
              WHEN 1
              THEN '9999-12-31'
            END
            THEN CASE
              WHEN SUBSTRING(item, 1, 1) = '0'
              THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
              ELSE CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
            END
            ELSE TRY_CAST(SUBSTRING(item, 1, 10) || ' ' || SUBSTRING(item || 'T00:00', 12, 5) || CASE WHEN SUBSTRING(item, 17, 1) = ':' THEN SUBSTRING(item, 17, 3) ELSE ':00' END || CASE
              WHEN SUBSTRING(item, 20, 1) = '.'
              THEN REGEXP_EXTRACT(item, '^.{19}([.][0-9]{1,6})', 1)
              ELSE ''
            END || '+00:00' AS TIMESTAMPTZ) - CASE
              WHEN LENGTH(item) > 16 AND SUBSTRING(item, -1) <> 'Z'
              THEN COALESCE(
                TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTRING(item, -2) AS INT),
                0
              )
              ELSE 0
            END * INTERVAL '1' MINUTE
          END AS DATE) = CAST(CAST('2000-02-29 00:00:00.000000+00:00' AS TIMESTAMPTZ) AS DATE)
        )
      ) > 0,
      FALSE
    )
    AND COALESCE(
      ARRAY_LENGTH(
        LIST_FILTER(
          "e"."Attributes"['bought'],
          LAMBDA item : CASE
            WHEN NOT REGEXP_MATCHES(
              item,
              '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?(Z|[+-](([01][0-9]|2[0-2]):?[0-9]{2}|23:?[0-5][0-9]))?)?$'
            )
            THEN NULL
            WHEN SUBSTRING(item, 1, 10) IN ('0001-01-01', '9999-12-31')
            AND SUBSTRING(item, 1, 10) = CASE FLOOR(
                (
                  TRY_CAST(SUBSTRING(item, 12, 2) AS INT) * 60 + TRY_CAST(SUBSTRING(item, 15, 2) AS INT) - CASE
                    WHEN LENGTH(item) > 16 AND SUBSTRING(item, -1) <> 'Z'
                    THEN COALESCE(
                      TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTRING(item, -2) AS INT),
                      0
                    )
                    ELSE 0
                  END
                ) / 1440.0
              )
              WHEN -1
              THEN '0001-01-01'
              WHEN 1
              THEN '9999-12-31'
            END
            THEN CASE
              WHEN SUBSTRING(item, 1, 1) = '0'
              THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
              ELSE CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
            END
            ELSE TRY_CAST(SUBSTRING(item, 1, 10) || ' ' || SUBSTRING(item || 'T00:00', 12, 5) || CASE WHEN SUBSTRING(item, 17, 1) = ':' THEN SUBSTRING(item, 17, 3) ELSE ':00' END || CASE
              WHEN SUBSTRING(item, 20, 1) = '.'
              THEN REGEXP_EXTRACT(item, '^.{19}([.][0-9]{1,6})', 1)
              ELSE ''
            END || '+00:00' AS TIMESTAMPTZ) - CASE
              WHEN LENGTH(item) > 16 AND SUBSTRING(item, -1) <> 'Z'
              THEN COALESCE(
                TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTRING(item, -2) AS INT),
                0
              )
              ELSE 0
            END * INTERVAL '1' MINUTE
          END < CAST('2024-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
        )
      ) > 0,
      FALSE
    )
    AND COALESCE(
      ARRAY_LENGTH(
        LIST_FILTER(
          "e"."Attributes"['campaign'],
          LAMBDA item : STRPOS(item, 'summer') > 0 OR STRPOS(item, '-7') > 0
        )
      ) > 0,
      FALSE
    )
    AND COALESCE(
      ARRAY_LENGTH(LIST_FILTER("e"."Attributes"['plan'], LAMBDA item : item IN ('pro', 'team'))) > 0,
      FALSE
    )
    AND COALESCE(
      ARRAY_LENGTH(
        LIST_FILTER(
          "e"."Attributes"['renewal'],
          LAMBDA item : CASE
            WHEN NOT REGEXP_MATCHES(
              item,
              '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?(Z|[+-](([01][0-9]|2[0-2]):?[0-9]{2}|23:?[0-5][0-9]))?)?$'
            )
            THEN NULL
            WHEN SUBSTRING(item, 1, 10) IN ('0001-01-01', '9999-12-31')
            AND SUBSTRING(item, 1, 10) = CASE FLOOR(
                (
                  TRY_CAST(SUBSTRING(item, 12, 2) AS INT) * 60 + TRY_CAST(SUBSTRING(item, 15, 2) AS INT) - CASE
                    WHEN LENGTH(item) > 16 AND SUBSTRING(item, -1) <> 'Z'
                    THEN COALESCE(
                      TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTRING(item, -2) AS INT),
                      0
                    )
                    ELSE 0
                  END
                ) / 1440.0
              )
              WHEN -1
              THEN '0001-01-01'
              WHEN 1
              THEN '9999-12-31'
            END
            THEN CASE
              WHEN SUBSTRING(item, 1, 1) = '0'
              THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
              ELSE CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
            END
            ELSE TRY_CAST(SUBSTRING(item, 1, 10) || ' ' || SUBSTRING(item || 'T00:00', 12, 5) || CASE WHEN SUBSTRING(item, 17, 1) = ':' THEN SUBSTRING(item, 17, 3) ELSE ':00' END || CASE
              WHEN SUBSTRING(item, 20, 1) = '.'
              THEN REGEXP_EXTRACT(item, '^.{19}([.][0-9]{1,6})', 1)
              ELSE ''
            END || '+00:00' AS TIMESTAMPTZ) - CASE
              WHEN LENGTH(item) > 16 AND SUBSTRING(item, -1) <> 'Z'
              THEN COALESCE(
                TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTRING(item, -2) AS INT),
                0
              )
              ELSE 0
            END * INTERVAL '1' MINUTE
          END BETWEEN CAST('2024-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ) AND CAST('2024-12-31 00:00:00.000000+00:00' AS TIMESTAMPTZ)
        )
      ) > 0,
      FALSE
    )
    AND COALESCE(
      ARRAY_LENGTH(
        LIST_FILTER(
          "e"."Attributes"['seen'],
          LAMBDA item : CASE
            WHEN NOT REGEXP_MATCHES(
              item,
              '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?(Z|[+-](([01][0-9]|2[0-2]):?[0-9]{2}|23:?[0-5][0-9]))?)?$'
            )
            THEN NULL
            WHEN SUBSTRING(item, 1, 10) IN ('0001-01-01', '9999-12-31')
            AND SUBSTRING(item, 1, 10) = CASE FLOOR(
                (
                  TRY_CAST(SUBSTRING(item, 12, 2) AS INT) * 60 + TRY_CAST(SUBSTRING(item, 15, 2) AS INT) - CASE
                    WHEN LENGTH(item) > 16 AND SUBSTRING(item, -1) <> 'Z'
                    THEN COALESCE(
                      TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTRING(item, -2) AS INT),
                      0
                    )
                    ELSE 0
                  END
                ) / 1440.0
              )
              WHEN -1
              THEN '0001-01-01'
              WHEN 1
              THEN '9999-12-31'
            END
            THEN CASE
              WHEN SUBSTRING(item, 1, 1) = '0'
              THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
              ELSE CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
            END
            ELSE TRY_CAST(SUBSTRING(item, 1, 10) || ' ' || SUBSTRING(item || 'T00:00', 12, 5) || CASE WHEN SUBSTRING(item, 17, 1) = ':' THEN SUBSTRING(item, 17, 3) ELSE ':00' END || CASE
              WHEN SUBSTRING(item, 20, 1) = '.'
              THEN REGEXP_EXTRACT(item, '^.{19}([.][0-9]{1,6})', 1)
              ELSE ''
            END || '+00:00' AS TIMESTAMPTZ) - CASE
              WHEN LENGTH(item) > 16 AND SUBSTRING(item, -1) <> 'Z'
              THEN COALESCE(
                TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTRING(item, -2) AS INT),
                0
              )
              ELSE 0
            END * INTERVAL '1' MINUTE
          END > CAST('2023-06-01 10:00:00.000000+00:00' AS TIMESTAMPTZ)
        )
      ) > 0,
      FALSE
    )
    AND CASE
      WHEN "e"."Attributes"['tier'] IS NULL
      THEN TRUE
      ELSE NOT COALESCE(
        ARRAY_LENGTH(LIST_FILTER("e"."Attributes"['tier'], LAMBDA item : item IN ('free'))) > 0,
        FALSE
      )
    END AS step_0
  FROM endpoints AS e
)
SELECT
  COUNT(*) AS endpoints,
  COUNT(CASE WHEN e.step_0 THEN 1 END) AS matched,
  COUNT(
    CASE
      WHEN e.step_0
      AND COALESCE(e."OptOut", '') <> 'ALL'
      AND (
        e."EndpointStatus" IS NULL OR e."EndpointStatus" = 'ACTIVE'
      )
      THEN 1
    END
  ) AS sendable
FROM step_0 AS e
