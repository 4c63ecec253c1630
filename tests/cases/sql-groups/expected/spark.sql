WITH step_0 AS (
  SELECT
    *,
    COALESCE(SIZE(FILTER(`e`.`Location`.`Country`, item -> item IN ('NO', 'SE'))) > 0, FALSE) AS step_0
  FROM endpoints AS e
), step_1 AS (
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
      END >= CAST('2023-12-25 00:00:00.000000+00:00' AS TIMESTAMP),
      FALSE
    ) AS step_1
  FROM step_0 AS e
), step_2 AS (
  SELECT
    *,
    (
      e.step_0 AND e.step_1
    )
    AND (
      (
        COALESCE(SIZE(FILTER(`e`.`Demographic`.`Platform`, item -> item IN ('ios'))) > 0, FALSE)
      )
      OR (
        COALESCE(TRY_ELEMENT_AT(`e`.`Metrics`, 'score') >= CAST(10.0 AS DOUBLE), FALSE)
      )
    ) AS group_1,
    (
      e.step_0
    )
    AND (
      NOT (
        (
          COALESCE(SIZE(FILTER(`e`.`ChannelType`, item -> item IN ('SMS'))) > 0, FALSE)
        )
      )
    ) AS group_2
  FROM step_1 AS e
)
SELECT
  COUNT(*) AS endpoints,
  COUNT(CASE WHEN (
    e.group_1 OR e.group_2
  ) THEN 1 END) AS matched,
  COUNT(
    CASE
      WHEN (
        e.group_1 OR e.group_2
      )
      AND COALESCE(e.`OptOut`, '') <> 'ALL'
      AND (
        e.`EndpointStatus` IS NULL OR e.`EndpointStatus` = 'ACTIVE'
      )
      THEN 1
    END
  ) AS sendable,
  COUNT(CASE WHEN e.group_1 THEN 1 END) AS group_1,
  COUNT(CASE WHEN e.group_2 THEN 1 END) AS group_2
FROM step_2 AS e
