WITH step_0 AS (
  SELECT
    *,
    COALESCE(
      SIZE(
        FILTER(
          TRY_ELEMENT_AT(`e`.`Attributes`, 'born'),
          item -> CAST(CASE
            WHEN TRY_CAST(CASE
              WHEN item RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
              THEN item
            END AS TIMESTAMP) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
            THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
            WHEN TRY_CAST(CASE
              WHEN item RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
              THEN item
            END AS TIMESTAMP) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP)
            THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP)
            ELSE TRY_CAST(CASE
              WHEN item RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
              THEN item
            END AS TIMESTAMP)
          END AS DATE) = CAST(CAST('2000-02-29 00:00:00.000000+00:00' AS TIMESTAMP) AS DATE)
        )
      ) > 0,
      FALSE
    )
    AND COALESCE(
      SIZE(
        FILTER(
          TRY_ELEMENT_AT(`e`.`Attributes`, 'bought'),
          item -> CASE
            WHEN TRY_CAST(CASE
              WHEN item RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
              THEN item
            END AS TIMESTAMP) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
            THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
            WHEN TRY_CAST(CASE
              WHEN item RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
              THEN item
            END AS TIMESTAMP) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP)
            THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP)
            ELSE TRY_CAST(CASE
              WHEN item RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
              THEN item
            END AS TIMESTAMP)
          END < CAST('2024-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
        )
      ) > 0,
      FALSE
    )
    AND COALESCE(
      SIZE(
        FILTER(
          TRY_ELEMENT_AT(`e`.`Attributes`, 'campaign'),
          item -> LOCATE('summer', item) > 0 OR LOCATE('-7', item) > 0
        )
      ) > 0,
      FALSE
    )
    AND COALESCE(
      SIZE(
        FILTER(TRY_ELEMENT_AT(`e`.`Attributes`, 'plan'), item -> item IN ('pro', 'team'))
      ) > 0,
      FALSE
    )
    AND COALESCE(
      SIZE(
        FILTER(
          TRY_ELEMENT_AT(`e`.`Attributes`, 'renewal'),
          item -> CASE
            WHEN TRY_CAST(CASE
              WHEN item RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
              THEN item
            END AS TIMESTAMP) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
            THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
            WHEN TRY_CAST(CASE
              WHEN item RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
              THEN item
            END AS TIMESTAMP) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP)
            THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP)
            ELSE TRY_CAST(CASE
              WHEN item RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
              THEN item
            END AS TIMESTAMP)
          END BETWEEN CAST('2024-01-01 00:00:00.000000+00:00' AS TIMESTAMP) AND CAST('2024-12-31 00:00:00.000000+00:00' AS TIMESTAMP)
        )
      ) > 0,
      FALSE
    )
    AND COALESCE(
      SIZE(
        FILTER(
          TRY_ELEMENT_AT(`e`.`Attributes`, 'seen'),
          item -> CASE
            WHEN TRY_CAST(CASE
              WHEN item RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
              THEN item
            END AS TIMESTAMP) < CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
            THEN CAST('0001-01-01 00:00:00.000000+00:00' AS TIMESTAMP)
            WHEN TRY_CAST(CASE
              WHEN item RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
              THEN item
            END AS TIMESTAMP) > CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP)
            THEN CAST('9999-12-31 23:59:59.999999+00:00' AS TIMESTAMP)
            ELSE TRY_CAST(CASE
              WHEN item RLIKE '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-9]{2})?)?$(?!(?s:.))'
              THEN item
            END AS TIMESTAMP)
          END > CAST('2023-06-01 10:00:00.000000+00:00' AS TIMESTAMP)
        )
      ) > 0,
      FALSE
    )
    AND CASE
      WHEN TRY_ELEMENT_AT(`e`.`Attributes`, 'tier') IS NULL
      THEN TRUE
      ELSE NOT COALESCE(
        SIZE(FILTER(TRY_ELEMENT_AT(`e`.`Attributes`, 'tier'), item -> item IN ('free'))) > 0,
        FALSE
      )
    END AS step_0
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
