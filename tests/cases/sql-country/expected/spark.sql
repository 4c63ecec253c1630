WITH step_0 AS (
  SELECT
    *,
    COALESCE(SIZE(FILTER(`e`.`Location`.`Country`, item -> item IN ('NO', 'SE'))) > 0, FALSE) AS step_0
  FROM endpoints AS e
)
SELECT
  COUNT(*) AS endpoints,
  COUNT(CASE WHEN e.step_0 THEN 1 END) AS matched,
  COUNT(
    CASE
      WHEN e.step_0
      AND COALESCE(e.`OptOut`, '') <> 'ALL'
      AND (
        e.`EndpointStatus` IS NULL OR e.`EndpointStatus` = 'ACTIVE'
      )
      THEN 1
    END
  ) AS sendable
FROM step_0 AS e
