resource "aws_cloudformation_stack" "dev_derived" {
  name          = "dev-derived"
  template_body = file(join("/", [path.module, "derived.json"]))

  parameters = {
  }

  tags = {
    "cost-center" = "4711"
    "env"         = "dev"
    "team"        = "growth"
  }

  depends_on = [
    aws_cloudformation_stack.dev_base,
    aws_cloudformation_stack.dev_segmentgen_application,
  ]
}
