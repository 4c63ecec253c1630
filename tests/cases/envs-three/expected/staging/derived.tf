resource "aws_cloudformation_stack" "staging_derived" {
  name          = "staging-derived"
  template_body = file(join("/", [path.module, "derived.json"]))

  parameters = {
  }

  tags = {
    "cost-center" = "4711"
    "env"         = "staging"
    "team"        = "growth"
  }

  depends_on = [
    aws_cloudformation_stack.staging_base,
  ]
}
