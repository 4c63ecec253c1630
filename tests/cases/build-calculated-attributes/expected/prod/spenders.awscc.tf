variable "customer_profiles_domain_name" {
  type        = string
  description = "The Amazon Connect Customer Profiles domain that holds the segments"
}

resource "awscc_customerprofiles_segment_definition" "at-risk" {
  domain_name             = var.customer_profiles_domain_name
  segment_definition_name = "at-risk-d1269733"
  display_name            = "At risk"
  segment_groups          = {
    groups = [
      {
        dimensions = [
          {
            calculated_attributes = {
              "churn_score" = {
                dimension_type = "GREATER_THAN"
                values = [
                  "0.8",
                ]
              }
            }
          },
        ]
        type = "ALL"
      },
    ]
    include = "ALL"
  }
  segment_sort            = {
    attributes = [
      {
        name = "net_spend"
        order = "DESC"
        type = "CALCULATED"
      },
    ]
  }
  tags                    = [
    {
      key = "team"
      value = "crm"
    },
  ]
  depends_on = [
    awscc_customerprofiles_calculated_attribute_definition.net_spend,
  ]

  lifecycle {
    create_before_destroy = true
  }
}

resource "awscc_customerprofiles_segment_definition" "big-spenders" {
  domain_name             = var.customer_profiles_domain_name
  segment_definition_name = "big-spenders-d3f39ee9"
  display_name            = "Big spenders"
  segment_groups          = {
    groups = [
      {
        dimensions = [
          {
            calculated_attributes = {
              "lifetime_spend" = {
                dimension_type = "GREATER_THAN"
                values = [
                  "500",
                ]
              }
            }
          },
          {
            calculated_attributes = {
              "order_count" = {
                condition_overrides = {
                  range = {
                    end = 0
                    start = 90
                    unit = "DAYS"
                  }
                }
                dimension_type = "GREATER_THAN_OR_EQUAL"
                values = [
                  "3",
                ]
              }
            }
          },
        ]
        type = "ALL"
      },
    ]
    include = "ALL"
  }
  tags                    = [
    {
      key = "team"
      value = "crm"
    },
  ]
  depends_on = [
    awscc_customerprofiles_calculated_attribute_definition.lifetime_spend,
    awscc_customerprofiles_calculated_attribute_definition.order_count,
  ]

  lifecycle {
    create_before_destroy = true
  }
}
