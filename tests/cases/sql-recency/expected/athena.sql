WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CASE
        WHEN NOT REGEXP_LIKE(
          "e"."EffectiveDate",
          '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?(Z|[+-](([01][0-9]|2[0-2]):?[0-9]{2}|23:?[0-5][0-9]))?)?$'
        )
        THEN NULL
        WHEN SUBSTR("e"."EffectiveDate", 1, 10) IN ('0001-01-01', '9999-12-31')
        AND SUBSTR("e"."EffectiveDate", 1, 10) = CASE FLOOR(
            (
              TRY_CAST(SUBSTR("e"."EffectiveDate", 12, 2) AS INTEGER) * 60 + TRY_CAST(SUBSTR("e"."EffectiveDate", 15, 2) AS INTEGER) - CASE
                WHEN LENGTH("e"."EffectiveDate") > 16 AND SUBSTR("e"."EffectiveDate", -1) <> 'Z'
                THEN COALESCE(
                  TRY_CAST(REGEXP_EXTRACT("e"."EffectiveDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("e"."EffectiveDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("e"."EffectiveDate", -2) AS INTEGER),
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
          WHEN SUBSTR("e"."EffectiveDate", 1, 1) = '0'
          THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE)
          ELSE CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP WITH TIME ZONE)
        END
        ELSE TRY_CAST(SUBSTR("e"."EffectiveDate", 1, 10) || ' ' || SUBSTR("e"."EffectiveDate" || 'T00:00', 12, 5) || CASE
          WHEN SUBSTR("e"."EffectiveDate", 17, 1) = ':'
          THEN SUBSTR("e"."EffectiveDate", 17, 3)
          ELSE ':00'
        END || CASE
          WHEN SUBSTR("e"."EffectiveDate", 20, 1) = '.'
          THEN REGEXP_EXTRACT("e"."EffectiveDate", '^.{19}([.][0-9]{1,6})', 1)
          ELSE ''
        END || '+00:00' AS TIMESTAMP WITH TIME ZONE) - CASE
          WHEN LENGTH("e"."EffectiveDate") > 16 AND SUBSTR("e"."EffectiveDate", -1) <> 'Z'
          THEN COALESCE(
            TRY_CAST(REGEXP_EXTRACT("e"."EffectiveDate", '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INTEGER) * 60 + TRY_CAST(REGEXP_EXTRACT("e"."EffectiveDate", '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTR("e"."EffectiveDate", -2) AS INTEGER),
            0
          )
          ELSE 0
        END * INTERVAL '1' MINUTE
      END >= CAST('2023-12-02 00:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE),
      FALSE
    ) AS step_0
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
