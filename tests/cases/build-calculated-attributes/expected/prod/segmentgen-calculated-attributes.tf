resource "aws_cloudformation_stack" "prod_segmentgen_calculated_attributes" {
  name          = "prod-segmentgen-calculated-attributes"
  template_body = file(join("/", [path.module, "segmentgen-calculated-attributes.json"]))

  parameters = {
    "CustomerProfilesDomainName" = "crm-prod"
  }

  tags = {
    "team" = "crm"
  }
}
