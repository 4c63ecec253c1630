WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CASE
        WHEN REGEXP_LIKE(
          ELEMENT_AT("p"."CalculatedAttributes", 'lifetime_spend'),
          '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
        )
        THEN TRY_CAST(ELEMENT_AT("p"."CalculatedAttributes", 'lifetime_spend') AS DOUBLE)
      END > CAST(500.0 AS DOUBLE),
      FALSE
    )
    AND COALESCE(
      NOT CASE
        WHEN REGEXP_LIKE(
          ELEMENT_AT("p"."CalculatedAttributes", 'orders'),
          '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
        )
        THEN TRY_CAST(ELEMENT_AT("p"."CalculatedAttributes", 'orders') AS DOUBLE)
      END IS NULL
      AND NOT (
        CAST(1.0 AS DOUBLE) <= CASE
          WHEN REGEXP_LIKE(
            ELEMENT_AT("p"."CalculatedAttributes", 'orders'),
            '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
          )
          THEN TRY_CAST(ELEMENT_AT("p"."CalculatedAttributes", 'orders') AS DOUBLE)
        END
        AND CASE
          WHEN REGEXP_LIKE(
            ELEMENT_AT("p"."CalculatedAttributes", 'orders'),
            '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
          )
          THEN TRY_CAST(ELEMENT_AT("p"."CalculatedAttributes", 'orders') AS DOUBLE)
        END <= CAST(2.0 AS DOUBLE)
      ),
      FALSE
    ) AS group_1
  FROM profiles AS p
)
SELECT
  COUNT(*) AS profiles,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS matched,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS group_1
FROM step_0 AS p
