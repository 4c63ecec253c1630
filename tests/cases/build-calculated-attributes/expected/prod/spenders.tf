resource "aws_cloudformation_stack" "prod_spenders" {
  name          = "prod-spenders"
  template_body = file(join("/", [path.module, "spenders.json"]))

  parameters = {
    "CustomerProfilesDomainName" = "crm-prod"
  }

  tags = {
    "team" = "crm"
  }

  depends_on = [
    aws_cloudformation_stack.prod_segmentgen_calculated_attributes,
  ]
}
