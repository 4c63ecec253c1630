resource "aws_cloudformation_stack" "dev_segmentgen_application" {
  name          = "dev-segmentgen-application"
  template_body = file(join("/", [path.module, "segmentgen-application.json"]))

  parameters = {
  }

  tags = {
    "cost-center" = "4711"
    "env"         = "dev"
    "team"        = "growth"
  }
}
