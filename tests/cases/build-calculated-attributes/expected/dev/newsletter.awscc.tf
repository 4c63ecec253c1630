resource "awscc_customerprofiles_segment_definition" "newsletter" {
  domain_name             = "crm-dev"
  segment_definition_name = "newsletter-0afdc488"
  display_name            = "Newsletter readers"
  segment_groups          = {
    groups = [
      {
        dimensions = [
          {
            profile_attributes = {
              attributes = {
                "newsletter" = {
                  dimension_type = "INCLUSIVE"
                  values = [
                    "yes",
                  ]
                }
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

  lifecycle {
    create_before_destroy = true
  }
}
