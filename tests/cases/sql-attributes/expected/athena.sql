WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CARDINALITY(
        FILTER(
          ELEMENT_AT("e"."Attributes", 'born'),
          item -> CAST(CASE
            WHEN NOT REGEXP_LIKE(
              item,
              '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?(Z|[+-](([01][0-9]|2[0-2]):?[0-9]{2}|23:?[0-5][0-9]))?)?$'
            )
            THEN NULL
            WHEN SUBSTR(item, 1, 10) IN ('0001-01-01', '9999-12-31')
            AND SUBSTR(item, 1, 10) = CASE FLOOR(
                (
                  TRY_CAST(SUBSTR(item, 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR(item, 15, 2) AS INTEGER) - CASE
                    WHEN LENGTH(item) > 16 AND SUBSTR(item, -1) <> 'Z'
                    THEN COALESCE(
                      TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR(item, -2) AS INTEGER),
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
              WHEN SUBSTR(item, 1, 1) = '0'
              THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE)
              ELSE CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP WITH TIME ZONE)
            END
            ELSE TRY_CAST(SUBSTR(item, 1, 10) || ' ' || SUBSTR(item || 'T00:00', 12, 5) || CASE WHEN SUBSTR(item, 17, 1) = ':' THEN SUBSTR(item, 17, 3) ELSE ':00' END || CASE
              WHEN SUBSTR(item, 20, 1) = '.'
              THEN REGEXP_EXTRACT(item, '^.{19}([.][0-9]{1,6})', 1)
              ELSE ''
            END || '+00:00' AS TIMESTAMP WITH TIME ZONE) - CASE
              WHEN LENGTH(item) > 16 AND SUBSTR(item, -1) <> 'Z'
              THEN COALESCE(
                TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR(item, -2) AS INTEGER),
                0
              )
              ELSE 0
            END * INTERVAL '1' MINUTE
          END AS DATE) = CAST(CAST('2000-02-29 00:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE) AS DATE)
        )
      ) > 0,
      FALSE
    )
    AND COALESCE(
      CARDINALITY(
        FILTER(
          ELEMENT_AT("e"."Attributes", 'bought'),
          item -> CASE
            WHEN NOT REGEXP_LIKE(
              item,
              '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?(Z|[+-](([01][0-9]|2[0-2]):?[0-9]{2}|23:?[0-5][0-9]))?)?$'
            )
            THEN NULL
            WHEN SUBSTR(item, 1, 10) IN ('0001-01-01', '9999-12-31')
            AND SUBSTR(item, 1, 10) = CASE FLOOR(
                (
                  TRY_CAST(SUBSTR(item, 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR(item, 15, 2) AS INTEGER) - CASE
                    WHEN LENGTH(item) > 16 AND SUBSTR(item, -1) <> 'Z'
                    THEN COALESCE(
                      TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR(item, -2) AS INTEGER),
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
              WHEN SUBSTR(item, 1, 1) = '0'
              THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE)
              ELSE CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP WITH TIME ZONE)
            END
            ELSE TRY_CAST(SUBSTR(item, 1, 10) || ' ' || SUBSTR(item || 'T00:00', 12, 5) || CASE WHEN SUBSTR(item, 17, 1) = ':' THEN SUBSTR(item, 17, 3) ELSE ':00' END || CASE
              WHEN SUBSTR(item, 20, 1) = '.'
              THEN REGEXP_EXTRACT(item, '^.{19}([.][0-9]{1,6})', 1)
              ELSE ''
            END || '+00:00' AS TIMESTAMP WITH TIME ZONE) - CASE
              WHEN LENGTH(item) > 16 AND SUBSTR(item, -1) <> 'Z'
              THEN COALESCE(
                TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR(item, -2) AS INTEGER),
                0
              )
              ELSE 0
            END * INTERVAL '1' MINUTE
          END < CAST('2024-01-01 00:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE)
        )
      ) > 0,
      FALSE
    )
    AND COALESCE(
      CARDINALITY(
        FILTER(
          ELEMENT_AT("e"."Attributes", 'campaign'),
          item -> STRPOS(item, 'summer') > 0 OR STRPOS(item, '-7') > 0
        )
      ) > 0,
      FALSE
    )
    AND COALESCE(
      CARDINALITY(FILTER(ELEMENT_AT("e"."Attributes", 'plan'), item -> item IN ('pro', 'team'))) > 0,
      FALSE
    )
    AND COALESCE(
      CARDINALITY(
        FILTER(
          ELEMENT_AT("e"."Attributes", 'renewal'),
          item -> CASE
            WHEN NOT REGEXP_LIKE(
              item,
              '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?(Z|[+-](([01][0-9]|2[0-2]):?[0-9]{2}|23:?[0-5][0-9]))?)?$'
            )
            THEN NULL
            WHEN SUBSTR(item, 1, 10) IN ('0001-01-01', '9999-12-31')
            AND SUBSTR(item, 1, 10) = CASE FLOOR(
                (
                  TRY_CAST(SUBSTR(item, 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR(item, 15, 2) AS INTEGER) - CASE
                    WHEN LENGTH(item) > 16 AND SUBSTR(item, -1) <> 'Z'
                    THEN COALESCE(
                      TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR(item, -2) AS INTEGER),
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
              WHEN SUBSTR(item, 1, 1) = '0'
              THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE)
              ELSE CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP WITH TIME ZONE)
            END
            ELSE TRY_CAST(SUBSTR(item, 1, 10) || ' ' || SUBSTR(item || 'T00:00', 12, 5) || CASE WHEN SUBSTR(item, 17, 1) = ':' THEN SUBSTR(item, 17, 3) ELSE ':00' END || CASE
              WHEN SUBSTR(item, 20, 1) = '.'
              THEN REGEXP_EXTRACT(item, '^.{19}([.][0-9]{1,6})', 1)
              ELSE ''
            END || '+00:00' AS TIMESTAMP WITH TIME ZONE) - CASE
              WHEN LENGTH(item) > 16 AND SUBSTR(item, -1) <> 'Z'
              THEN COALESCE(
                TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR(item, -2) AS INTEGER),
                0
              )
              ELSE 0
            END * INTERVAL '1' MINUTE
          END BETWEEN CAST('2024-01-01 00:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE) AND CAST('2024-12-31 00:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE)
        )
      ) > 0,
      FALSE
    )
    AND COALESCE(
      CARDINALITY(
        FILTER(
          ELEMENT_AT("e"."Attributes", 'seen'),
          item -> CASE
            WHEN NOT REGEXP_LIKE(
              item,
              '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?(Z|[+-](([01][0-9]|2[0-2]):?[0-9]{2}|23:?[0-5][0-9]))?)?$'
            )
            THEN NULL
            WHEN SUBSTR(item, 1, 10) IN ('0001-01-01', '9999-12-31')
            AND SUBSTR(item, 1, 10) = CASE FLOOR(
                (
                  TRY_CAST(SUBSTR(item, 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR(item, 15, 2) AS INTEGER) - CASE
                    WHEN LENGTH(item) > 16 AND SUBSTR(item, -1) <> 'Z'
                    THEN COALESCE(
                      TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR(item, -2) AS INTEGER),
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
              WHEN SUBSTR(item, 1, 1) = '0'
              THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE)
              ELSE CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP WITH TIME ZONE)
            END
            ELSE TRY_CAST(SUBSTR(item, 1, 10) || ' ' || SUBSTR(item || 'T00:00', 12, 5) || CASE WHEN SUBSTR(item, 17, 1) = ':' THEN SUBSTR(item, 17, 3) ELSE ':00' END || CASE
              WHEN SUBSTR(item, 20, 1) = '.'
              THEN REGEXP_EXTRACT(item, '^.{19}([.][0-9]{1,6})', 1)
              ELSE ''
            END || '+00:00' AS TIMESTAMP WITH TIME ZONE) - CASE
              WHEN LENGTH(item) > 16 AND SUBSTR(item, -1) <> 'Z'
              THEN COALESCE(
                TRY_CAST(REGEXP_EXTRACT(item, '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT(item, '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR(item, -2) AS INTEGER),
                0
              )
              ELSE 0
            END * INTERVAL '1' MINUTE
          END > CAST('2023-06-01 10:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE)
        )
      ) > 0,
      FALSE
    )
    AND CASE
      WHEN ELEMENT_AT("e"."Attributes", 'tier') IS NULL
      THEN TRUE
      ELSE NOT COALESCE(
        CARDINALITY(FILTER(ELEMENT_AT("e"."Attributes", 'tier'), item -> item IN ('free'))) > 0,
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
