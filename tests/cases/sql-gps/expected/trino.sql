WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      2 * CAST(6371.0088 AS DOUBLE) * ASIN(
        LEAST(
          1.0,
          SQRT(
            GREATEST(
              0.0,
              POWER(
                SIN(
                  (
                    RADIANS("e"."Location"."Latitude") - CAST(1.0456267548698028 AS DOUBLE)
                  ) / 2
                ),
                2
              ) + CAST(0.5013597321136062 AS DOUBLE) * COS(RADIANS("e"."Location"."Latitude")) * POWER(SIN(RADIANS("e"."Location"."Longitude" - CAST(10.75 AS DOUBLE)) / 2), 2)
            )
          )
        )
      ) <= CAST(25.0 AS DOUBLE),
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
