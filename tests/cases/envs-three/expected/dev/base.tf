resource "aws_cloudformation_stack" "dev_base" {
  name          = "dev-base"
  template_body = file(join("/", [path.module, "base.json"]))

  parameters = {
  }

  tags = {
    "cost-center" = "4711"
    "env"         = "dev"
    "team"        = "growth"
  }

  depends_on = [
    aws_cloudformation_stack.dev_segmentgen_application,
  ]
}
