WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CAST(CASE
        WHEN TRY_CAST(CASE
          WHEN REGEXP_MATCHES(
            "p"."BirthDate",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN "p"."BirthDate"
        END AS TIMESTAMPTZ) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
        THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
        WHEN TRY_CAST(CASE
          WHEN REGEXP_MATCHES(
            "p"."BirthDate",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN "p"."BirthDate"
        END AS TIMESTAMPTZ) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
        THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
        ELSE TRY_CAST(CASE
          WHEN REGEXP_MATCHES(
            "p"."BirthDate",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN "p"."BirthDate"
        END AS TIMESTAMPTZ)
      END AS DATE) < CAST('1990-01-01' AS DATE),
      FALSE
    ) AS group_1,
    COALESCE(
      CAST(CASE
        WHEN TRY_CAST(CASE
          WHEN REGEXP_MATCHES(
            "p"."BirthDate",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN "p"."BirthDate"
        END AS TIMESTAMPTZ) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
        THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
        WHEN TRY_CAST(CASE
          WHEN REGEXP_MATCHES(
            "p"."BirthDate",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN "p"."BirthDate"
        END AS TIMESTAMPTZ) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
        THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
        ELSE TRY_CAST(CASE
          WHEN REGEXP_MATCHES(
            "p"."BirthDate",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN "p"."BirthDate"
        END AS TIMESTAMPTZ)
      END AS DATE) = CAST('1985-05-17' AS DATE),
      FALSE
    ) AS group_2,
    COALESCE(
      NOT CAST(CASE
        WHEN TRY_CAST(CASE
          WHEN REGEXP_MATCHES(
            "p"."BirthDate",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN "p"."BirthDate"
        END AS TIMESTAMPTZ) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
        THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
        WHEN TRY_CAST(CASE
          WHEN REGEXP_MATCHES(
            "p"."BirthDate",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN "p"."BirthDate"
        END AS TIMESTAMPTZ) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
        THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
        ELSE TRY_CAST(CASE
          WHEN REGEXP_MATCHES(
            "p"."BirthDate",
            '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
          )
          THEN "p"."BirthDate"
        END AS TIMESTAMPTZ)
      END AS DATE) IS NULL
      AND NOT (
        CAST('1970-01-01' AS DATE) <= CAST(CASE
          WHEN TRY_CAST(CASE
            WHEN REGEXP_MATCHES(
              "p"."BirthDate",
              '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
            )
            THEN "p"."BirthDate"
          END AS TIMESTAMPTZ) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
          THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
          WHEN TRY_CAST(CASE
            WHEN REGEXP_MATCHES(
              "p"."BirthDate",
              '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
            )
            THEN "p"."BirthDate"
          END AS TIMESTAMPTZ) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
          THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
          ELSE TRY_CAST(CASE
            WHEN REGEXP_MATCHES(
              "p"."BirthDate",
              '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
            )
            THEN "p"."BirthDate"
          END AS TIMESTAMPTZ)
        END AS DATE)
        AND CAST(CASE
          WHEN TRY_CAST(CASE
            WHEN REGEXP_MATCHES(
              "p"."BirthDate",
              '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
            )
            THEN "p"."BirthDate"
          END AS TIMESTAMPTZ) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
          THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMPTZ)
          WHEN TRY_CAST(CASE
            WHEN REGEXP_MATCHES(
              "p"."BirthDate",
              '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
            )
            THEN "p"."BirthDate"
          END AS TIMESTAMPTZ) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
          THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMPTZ)
          ELSE TRY_CAST(CASE
            WHEN REGEXP_MATCHES(
              "p"."BirthDate",
              '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
            )
            THEN "p"."BirthDate"
          END AS TIMESTAMPTZ)
        END AS DATE) <= CAST('1979-12-31' AS DATE)
      ),
      FALSE
    ) AS group_3
  FROM profiles AS p
)
SELECT
  COUNT(*) AS profiles,
  COUNT(CASE WHEN p.group_1 OR p.group_2 OR p.group_3 THEN 1 END) AS matched,
  COUNT(CASE WHEN p.group_1 THEN 1 END) AS group_1,
  COUNT(CASE WHEN p.group_2 THEN 1 END) AS group_2,
  COUNT(CASE WHEN p.group_3 THEN 1 END) AS group_3
FROM step_0 AS p
