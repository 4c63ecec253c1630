WITH step_0 AS (
  SELECT
    *,
    CASE
      WHEN `p`.`ProfileType` IS NULL
      THEN TRUE
      ELSE NOT COALESCE(`p`.`ProfileType` IN ('PROFILE'), FALSE)
    END AS group_1
  FROM profiles AS p
)
SELECT
  COUNT(*) AS profiles,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS matched,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS group_1
FROM step_0 AS p
