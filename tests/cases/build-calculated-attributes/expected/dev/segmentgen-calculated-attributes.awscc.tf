resource "awscc_customerprofiles_calculated_attribute_definition" "lifetime_spend" {
  domain_name               = "crm-dev"
  calculated_attribute_name = "lifetime_spend"
  display_name              = "Lifetime spend"
  description               = "What a customer spent on orders in the last year"
  attribute_details         = {
    attributes = [
      {
        name = "Order.total"
      },
    ]
    expression = "{Order.total}"
  }
  conditions                = {
    range = {
      unit = "DAYS"
      value = 365
    }
  }
  statistic                 = "SUM"
  use_historical_data       = true
  tags                      = [
    {
      key = "owner"
      value = "analytics"
    },
    {
      key = "team"
      value = "crm"
    },
  ]
}

resource "awscc_customerprofiles_calculated_attribute_definition" "net_spend" {
  domain_name               = "crm-dev"
  calculated_attribute_name = "net_spend"
  attribute_details         = {
    attributes = [
      {
        name = "Order.total"
      },
      {
        name = "Order.discount"
      },
    ]
    expression = "{Order.total} - {Order.discount}"
  }
  conditions                = {
    object_count = 50
    range = {
      timestamp_format = "ISO_8601"
      timestamp_source = "{Order.placed_at}"
      unit = "DAYS"
      value_range = {
        end = 0
        start = 90
      }
    }
    threshold = {
      operator = "GREATER_THAN"
      value = "100"
    }
  }
  statistic                 = "AVERAGE"
  tags                      = [
    {
      key = "team"
      value = "crm"
    },
  ]
}

resource "awscc_customerprofiles_calculated_attribute_definition" "order_count" {
  domain_name               = "crm-dev"
  calculated_attribute_name = "order_count"
  attribute_details         = {
    attributes = [
      {
        name = "Order.id"
      },
    ]
    expression = "{Order.id}"
  }
  statistic                 = "COUNT"
  tags                      = [
    {
      key = "team"
      value = "crm"
    },
  ]
}
