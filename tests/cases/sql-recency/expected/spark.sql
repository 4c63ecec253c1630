WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      CASE
        WHEN TRY_CAST(CASE
          WHEN `e`.`EffectiveDate` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
          THEN `e`.`EffectiveDate`
        END AS TIMESTAMP) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
        THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
        WHEN TRY_CAST(CASE
          WHEN `e`.`EffectiveDate` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
          THEN `e`.`EffectiveDate`
        END AS TIMESTAMP) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP)
        THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP)
        ELSE TRY_CAST(CASE
          WHEN `e`.`EffectiveDate` RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
          THEN `e`.`EffectiveDate`
        END AS TIMESTAMP)
      END >= CAST('2023-12-02 00:00:00.000000+00:00' AS TIMESTAMP),
      FALSE
    ) AS step_0
  FROM endpoints AS e
)
SELECT
  COUNT(*) AS endpoints,
  COUNT(CASE WHEN e.step_0 THEN 1 END) AS matched,
  COUNT(
    CASE
      WHEN e.step_0
      AND COALESCE(e.`OptOut`, '') <> 'ALL'
      AND (
        e.`EndpointStatus` IS NULL OR e.`EndpointStatus` = 'ACTIVE'
      )
      THEN 1
    END
  ) AS sendable
FROM step_0 AS e
