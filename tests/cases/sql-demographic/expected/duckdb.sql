WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      ARRAY_LENGTH(LIST_FILTER("e"."Demographic"."AppVersion", LAMBDA item : item IN ('1.2'))) > 0,
      FALSE
    )
    AND COALESCE(
      ARRAY_LENGTH(LIST_FILTER("e"."ChannelType", LAMBDA item : item IN ('EMAIL', 'SMS'))) > 0,
      FALSE
    )
    AND COALESCE(
      ARRAY_LENGTH(LIST_FILTER("e"."Demographic"."Make", LAMBDA item : item IN ('Apple'))) > 0,
      FALSE
    )
    AND CASE
      WHEN "e"."Demographic"."Model" IS NULL
      THEN TRUE
      ELSE NOT COALESCE(
        ARRAY_LENGTH(LIST_FILTER("e"."Demographic"."Model", LAMBDA item : item IN ('iPhone 8'))) > 0,
        FALSE
      )
    END
    AND CASE
      WHEN "e"."Demographic"."Platform" IS NULL
      THEN TRUE
      ELSE NOT COALESCE(
        ARRAY_LENGTH(LIST_FILTER("e"."Demographic"."Platform", LAMBDA item : item IN ('web'))) > 0,
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
