WITH step_0 AS (
  SELECT
    *,
    COALESCE("p"."Address"."City" IN ('Oslo'), FALSE)
    AND COALESCE("p"."Address"."Country" IN ('NOR'), FALSE)
    AND COALESCE(SUBSTR("p"."ShippingAddress"."PostalCode", 1, LENGTH('01')) = '01', FALSE) AS group_1
  FROM profiles AS p
)
SELECT
  COUNT(*) AS profiles,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS matched,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS group_1
FROM step_0 AS p
