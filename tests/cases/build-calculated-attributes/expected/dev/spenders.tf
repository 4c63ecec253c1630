resource "aws_cloudformation_stack" "dev_spenders" {
  name          = "dev-spenders"
  template_body = file(join("/", [path.module, "spenders.json"]))

  parameters = {
  }

  tags = {
    "team" = "crm"
  }

  depends_on = [
    aws_cloudformation_stack.dev_segmentgen_calculated_attributes,
  ]
}
