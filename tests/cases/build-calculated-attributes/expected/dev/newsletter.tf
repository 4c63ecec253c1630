resource "aws_cloudformation_stack" "dev_newsletter" {
  name          = "dev-newsletter"
  template_body = file(join("/", [path.module, "newsletter.json"]))

  parameters = {
  }

  tags = {
    "team" = "crm"
  }
}
