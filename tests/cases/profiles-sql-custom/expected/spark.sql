WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CASE
        WHEN NOT TRY_ELEMENT_AT(`p`.`Attributes`, 'signup') RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
        OR SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 1, 4) = '0000'
        THEN NULL
        WHEN LENGTH(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup')) = 10
        THEN TRY_CAST(SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 1, 10) AS DATE)
        WHEN SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 15, 1) < '6'
        AND (
          SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 17, 1) <> ':'
          OR SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 18, 1) < '6'
        )
        AND NOT TRY_ELEMENT_AT(`p`.`Attributes`, 'signup') RLIKE '[+-]23:?[6-9][0-9]$(?!(?s:.))'
        THEN CASE
          WHEN SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 1, 10) = '0001-01-01'
          AND TRY_CAST(SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 12, 2) AS INT) * 60 + TRY_CAST(SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 15, 2) AS INT) - COALESCE(
            TRY_CAST(REGEXP_EXTRACT(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), '([+-][0-9]{2}):?[0-9]{2}$') AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), '([+-])[0-9]{2}:?[0-9]{2}$') || SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), -2) AS INT),
            0
          ) < 0
          THEN TRY_CAST(SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 1, 10) AS DATE)
          WHEN SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 1, 10) = '9999-12-31'
          AND TRY_CAST(SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 12, 2) AS INT) * 60 + TRY_CAST(SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 15, 2) AS INT) - COALESCE(
            TRY_CAST(REGEXP_EXTRACT(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), '([+-][0-9]{2}):?[0-9]{2}$') AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), '([+-])[0-9]{2}:?[0-9]{2}$') || SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), -2) AS INT),
            0
          ) >= 1440
          THEN TRY_CAST(SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 1, 10) AS DATE)
          ELSE CAST(DATE_ADD(
            TRY_CAST(SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 1, 10) AS DATE),
            CAST(FLOOR(
              (
                TRY_CAST(SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 12, 2) AS INT) * 60 + TRY_CAST(SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), 15, 2) AS INT) - COALESCE(
                  TRY_CAST(REGEXP_EXTRACT(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), '([+-][0-9]{2}):?[0-9]{2}$') AS INT) * 60 + TRY_CAST(REGEXP_EXTRACT(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), '([+-])[0-9]{2}:?[0-9]{2}$') || SUBSTRING(TRY_ELEMENT_AT(`p`.`Attributes`, 'signup'), -2) AS INT),
                  0
                )
              ) / 1440.0
            ) AS INT)
          ) AS DATE)
        END
      END > CAST('2024-01-01' AS DATE),
      FALSE
    )
    AND COALESCE(
      CAST(100.0 AS DOUBLE) <= CASE
        WHEN TRY_ELEMENT_AT(`p`.`Attributes`, 'spend') RLIKE '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$(?!(?s:.))'
        THEN TRY_CAST(TRY_ELEMENT_AT(`p`.`Attributes`, 'spend') AS DOUBLE)
      END
      AND CASE
        WHEN TRY_ELEMENT_AT(`p`.`Attributes`, 'spend') RLIKE '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$(?!(?s:.))'
        THEN TRY_CAST(TRY_ELEMENT_AT(`p`.`Attributes`, 'spend') AS DOUBLE)
      END <= CAST(500.0 AS DOUBLE),
      FALSE
    )
    AND COALESCE(TRY_ELEMENT_AT(`p`.`Attributes`, 'tier') IN ('gold', 'platinum'), FALSE)
    AND COALESCE(
      CASE
        WHEN TRY_ELEMENT_AT(`p`.`Attributes`, 'visits') RLIKE '^-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?$(?!(?s:.))'
        THEN TRY_CAST(TRY_ELEMENT_AT(`p`.`Attributes`, 'visits') AS DOUBLE)
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
