resource "aws_cloudformation_stack" "prod_derived" {
  name          = "prod-derived"
  template_body = file(join("/", [path.module, "derived.json"]))

  parameters = {
    "PinpointApplicationId" = "0123456789abcdef0123456789abcdef"
  }

  tags = {
    "cost-center" = "4711"
    "env"         = "prod"
    "team"        = "growth-prod"
  }

  depends_on = [
    aws_cloudformation_stack.prod_base,
  ]
}
