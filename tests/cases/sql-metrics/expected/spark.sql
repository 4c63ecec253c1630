WITH step_0 AS (
  SELECT
    *,
    COALESCE(TRY_ELEMENT_AT(`e`.`Metrics`, 'score') > CAST(1.5 AS DOUBLE), FALSE)
    AND COALESCE(TRY_ELEMENT_AT(`e`.`Metrics`, 'streak') = CAST(7.0 AS DOUBLE), FALSE)
    AND COALESCE(TRY_ELEMENT_AT(`e`.`Metrics`, 'visits') <= CAST(0.0 AS DOUBLE), FALSE) AS step_0
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
