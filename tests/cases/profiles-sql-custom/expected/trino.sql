WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CAST(CASE
        WHEN TRY_CAST(CASE
          WHEN REGEXP_LIKE(
            ELEMENT_AT("p"."Attributes", 'signup'),
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN ELEMENT_AT("p"."Attributes", 'signup')
        END AS TIMESTAMP WITH TIME ZONE) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE)
        THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP WITH TIME ZONE)
        WHEN TRY_CAST(CASE
          WHEN REGEXP_LIKE(
            ELEMENT_AT("p"."Attributes", 'signup'),
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN ELEMENT_AT("p"."Attributes", 'signup')
        END AS TIMESTAMP WITH TIME ZONE) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP WITH TIME ZONE)
        THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP WITH TIME ZONE)
        ELSE TRY_CAST(CASE
          WHEN REGEXP_LIKE(
            ELEMENT_AT("p"."Attributes", 'signup'),
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN ELEMENT_AT("p"."Attributes", 'signup')
        END AS TIMESTAMP WITH TIME ZONE)
      END AS DATE) > CAST('2024-01-01' AS DATE),
      FALSE
    )
    AND COALESCE(
      CAST(100.0 AS DOUBLE) <= CASE
        WHEN REGEXP_LIKE(
          ELEMENT_AT("p"."Attributes", 'spend'),
          '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
        )
        THEN TRY_CAST(ELEMENT_AT("p"."Attributes", 'spend') AS DOUBLE)
      END
      AND CASE
        WHEN REGEXP_LIKE(
          ELEMENT_AT("p"."Attributes", 'spend'),
          '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
        )
        THEN TRY_CAST(ELEMENT_AT("p"."Attributes", 'spend') AS DOUBLE)
      END <= CAST(500.0 AS DOUBLE),
      FALSE
    )
    AND COALESCE(ELEMENT_AT("p"."Attributes", 'tier') IN ('gold', 'platinum'), FALSE)
    AND COALESCE(
      CASE
        WHEN REGEXP_LIKE(
          ELEMENT_AT("p"."Attributes", 'visits'),
          '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
        )
        THEN TRY_CAST(ELEMENT_AT("p"."Attributes", 'visits') AS DOUBLE)
      END >= CAST(3.0 AS DOUBLE),
      FALSE
    ) AS group_1
  FROM profiles AS p
)
SELECT
  COUNT(*) AS profiles,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS matched,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS group_1
FROM step_0 AS p
