WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CASE
        WHEN NOT REGEXP_MATCHES(
          "p"."Attributes"['signup'],
          '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$'
        )
        OR SUBSTRING("p"."Attributes"['signup'], 1, 4) = '0000'
        THEN NULL
        WHEN LENGTH("p"."Attributes"['signup']) = 10
        THEN TRY_CAST(SUBSTRING("p"."Attributes"['signup'], 1, 10) AS DATE)
        WHEN SUBSTRING("p"."Attributes"['signup'], 15, 1) < '6'
        AND (
          SUBSTRING("p"."Attributes"['signup'], 17, 1) <> ':'
          OR SUBSTRING("p"."Attributes"['signup'], 18, 1) < '6'
        )
        AND NOT REGEXP_MATCHES("p"."Attributes"['signup'], '[+-]23:?[6-9][0-9]$')
        THEN CASE
          WHEN SUBSTRING("p"."Attributes"['signup'], 1, 10) = '0001-01-01'
          AND TRY_CAST(SUBSTRING("p"."Attributes"['signup'], 12, 2) AS INT) * 60 + TRY_CAST(SUBSTRING("p"."Attributes"['signup'], 15, 2) AS INT) - COALESCE(
            TRY_CAST(REGEXP_EXTRACT("p"."Attributes"['signup'], '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."Attributes"['signup'], '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTRING("p"."Attributes"['signup'], -2) AS INT),
            0
          ) < 0
          THEN TRY_CAST(SUBSTRING("p"."Attributes"['signup'], 1, 10) AS DATE)
          WHEN SUBSTRING("p"."Attributes"['signup'], 1, 10) = '9999-12-31'
          AND TRY_CAST(SUBSTRING("p"."Attributes"['signup'], 12, 2) AS INT) * 60 + TRY_CAST(SUBSTRING("p"."Attributes"['signup'], 15, 2) AS INT) - COALESCE(
            TRY_CAST(REGEXP_EXTRACT("p"."Attributes"['signup'], '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."Attributes"['signup'], '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTRING("p"."Attributes"['signup'], -2) AS INT),
            0
          ) >= 1440
          THEN TRY_CAST(SUBSTRING("p"."Attributes"['signup'], 1, 10) AS DATE)
          ELSE CAST(TRY_CAST(SUBSTRING("p"."Attributes"['signup'], 1, 10) AS DATE) + INTERVAL (CAST(FLOOR(
            (
              TRY_CAST(SUBSTRING("p"."Attributes"['signup'], 12, 2) AS INT) * 60 + TRY_CAST(SUBSTRING("p"."Attributes"['signup'], 15, 2) AS INT) - COALESCE(
                TRY_CAST(REGEXP_EXTRACT("p"."Attributes"['signup'], '([+-][0-9]{2}):?[0-9]{2}$', 1) AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT("p"."Attributes"['signup'], '([+-])[0-9]{2}:?[0-9]{2}$', 1) || SUBSTRING("p"."Attributes"['signup'], -2) AS INT),
                0
              )
            ) / 1440.0
          ) AS INT)) DAY AS DATE)
        END
      END > CAST('2024-01-01' AS DATE),
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
