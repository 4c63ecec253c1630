resource "aws_cloudformation_stack" "dev_segmentgen_calculated_attributes" {
  name          = "dev-segmentgen-calculated-attributes"
  template_body = file(join("/", [path.module, "segmentgen-calculated-attributes.json"]))

  parameters = {
  }

  tags = {
    "team" = "crm"
  }
}
