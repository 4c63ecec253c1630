resource "aws_cloudformation_stack" "prod_base" {
  name          = "prod-base"
  template_body = file(join("/", [path.module, "base.json"]))

  parameters = {
    "PinpointApplicationId" = "0123456789abcdef0123456789abcdef"
  }

  tags = {
    "cost-center" = "4711"
    "env"         = "prod"
    "team"        = "growth-prod"
  }
}
