resource "aws_cloudformation_stack" "staging_base" {
  name          = "staging-base"
  template_body = file(join("/", [path.module, "base.json"]))

  parameters = {
  }

  tags = {
    "cost-center" = "4711"
    "env"         = "staging"
    "team"        = "growth"
  }
}
