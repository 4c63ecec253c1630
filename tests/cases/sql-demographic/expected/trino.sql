WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CARDINALITY(FILTER("e"."Demographic"."AppVersion", item -> item IN ('1.2'))) > 0,
      FALSE
    )
    AND COALESCE(
      CARDINALITY(FILTER("e"."ChannelType", item -> item IN ('EMAIL', 'SMS'))) > 0,
      FALSE
    )
    AND COALESCE(
      CARDINALITY(FILTER("e"."Demographic"."Make", item -> item IN ('Apple'))) > 0,
      FALSE
    )
    AND CASE
      WHEN "e"."Demographic"."Model" IS NULL
      THEN TRUE
      ELSE NOT COALESCE(
        CARDINALITY(FILTER("e"."Demographic"."Model", item -> item IN ('iPhone 8'))) > 0,
        FALSE
      )
    END
    AND CASE
      WHEN "e"."Demographic"."Platform" IS NULL
      THEN TRUE
      ELSE NOT COALESCE(
        CARDINALITY(FILTER("e"."Demographic"."Platform", item -> item IN ('web'))) > 0,
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
