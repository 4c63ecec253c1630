WITH step_0 AS (
  SELECT
    *,
    COALESCE("p"."Address"."City" IN ('Oslo'), FALSE) AS step_0
  FROM profiles AS p
), step_1 AS (
  SELECT
    *,
    p.step_0
    AND NOT (
      COALESCE("p"."FirstName" IN ('Ada'), FALSE)
      OR CASE
        WHEN ELEMENT_AT("p"."Attributes", 'tier') IS NULL
        THEN TRUE
        ELSE NOT COALESCE(ELEMENT_AT("p"."Attributes", 'tier') IN ('free'), FALSE)
      END
    ) AS group_1,
    COALESCE(
      CASE
        WHEN REGEXP_LIKE(
          ELEMENT_AT("p"."CalculatedAttributes", 'lifetime_spend'),
          '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
        )
        THEN TRY_CAST(ELEMENT_AT("p"."CalculatedAttributes", 'lifetime_spend') AS DOUBLE)
      END > CAST(100.0 AS DOUBLE),
      FALSE
    ) AS group_2
  FROM step_0 AS p
)
SELECT
  COUNT(*) AS profiles,
  COUNT(CASE WHEN p.group_1 OR p.group_2 THEN 1 END) AS matched,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS group_1,
  COUNT(CASE WHEN p.group_2 THEN 1 END) AS group_2
FROM step_1 AS p
