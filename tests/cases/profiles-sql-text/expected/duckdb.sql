WITH step_0 AS (
  SELECT
    *,
    COALESCE(STRPOS("p"."AdditionalInformation", 'vip') > 0, FALSE)
    AND COALESCE(SUBSTRING("p"."BusinessName", 1, LENGTH('Acme')) = 'Acme', FALSE)
    AND COALESCE(
      LENGTH("p"."EmailAddress") >= LENGTH('@example.com')
      AND SUBSTRING("p"."EmailAddress", LENGTH("p"."EmailAddress") - LENGTH('@example.com') + 1) = '@example.com',
      FALSE
    )
    AND COALESCE("p"."FirstName" IN ('Ada', 'Grace'), FALSE)
    AND CASE
      WHEN "p"."LastName" IS NULL
      THEN TRUE
      ELSE NOT COALESCE("p"."LastName" IN ('Smith'), FALSE)
    END AS group_1
  FROM profiles AS p
)
SELECT
  COUNT(*) AS profiles,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS matched,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS group_1
FROM step_0 AS p
