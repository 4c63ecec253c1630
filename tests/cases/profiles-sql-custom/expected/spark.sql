WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CAST(CASE
        WHEN TRY_CAST(CASE
          WHEN TRY_ELEMENT_AT(`p`.`Attributes`, 'signup') RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
          THEN TRY_ELEMENT_AT(`p`.`Attributes`, 'signup')
        END AS TIMESTAMP) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
        THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
        WHEN TRY_CAST(CASE
          WHEN TRY_ELEMENT_AT(`p`.`Attributes`, 'signup') RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
          THEN TRY_ELEMENT_AT(`p`.`Attributes`, 'signup')
        END AS TIMESTAMP) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP)
        THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP)
        ELSE TRY_CAST(CASE
          WHEN TRY_ELEMENT_AT(`p`.`Attributes`, 'signup') RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
          THEN TRY_ELEMENT_AT(`p`.`Attributes`, 'signup')
        END AS TIMESTAMP)
      END AS DATE) > CAST('2024-01-01' AS DATE),
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
