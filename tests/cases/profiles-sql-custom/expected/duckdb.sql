WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CAST(CASE
        WHEN TRY_CAST(CASE
          WHEN REGEXP_MATCHES(
            "p"."Attributes"['signup'],
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN "p"."Attributes"['signup']
        END AS TIMESTAMPTZ) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
        THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
        WHEN TRY_CAST(CASE
          WHEN REGEXP_MATCHES(
            "p"."Attributes"['signup'],
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN "p"."Attributes"['signup']
        END AS TIMESTAMPTZ) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
        THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
        ELSE TRY_CAST(CASE
          WHEN REGEXP_MATCHES(
            "p"."Attributes"['signup'],
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN "p"."Attributes"['signup']
        END AS TIMESTAMPTZ)
      END AS DATE) > CAST('2024-01-01' AS DATE),
      FALSE
    )
    AND COALESCE(
      CAST(100.0 AS DOUBLE) <= CASE
        WHEN REGEXP_MATCHES(
          "p"."Attributes"['spend'],
          '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
        )
        THEN TRY_CAST("p"."Attributes"['spend'] AS DOUBLE)
      END
      AND CASE
        WHEN REGEXP_MATCHES(
          "p"."Attributes"['spend'],
          '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
        )
        THEN TRY_CAST("p"."Attributes"['spend'] AS DOUBLE)
      END <= CAST(500.0 AS DOUBLE),
      FALSE
    )
    AND COALESCE("p"."Attributes"['tier'] IN ('gold', 'platinum'), FALSE)
    AND COALESCE(
      CASE
        WHEN REGEXP_MATCHES(
          "p"."Attributes"['visits'],
          '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$'
        )
        THEN TRY_CAST("p"."Attributes"['visits'] AS DOUBLE)
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
