WITH step_0 AS (
  SELECT
    *,
    CASE
      WHEN ELEMENT_AT("e"."User"."UserAttributes", 'region') IS NULL
      THEN TRUE
      ELSE NOT COALESCE(
        CARDINALITY(
          FILTER(ELEMENT_AT("e"."User"."UserAttributes", 'region'), item -> item IN ('north'))
        ) > 0,
        FALSE
      )
    END
    AND COALESCE(
      CARDINALITY(
        FILTER(
          ELEMENT_AT("e"."User"."UserAttributes", 'tier'),
          item -> item IN ('gold', 'silver')
        )
      ) > 0,
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
