resource "aws_cloudformation_stack" "prod_newsletter" {
  name          = "prod-newsletter"
  template_body = file(join("/", [path.module, "newsletter.json"]))

  parameters = {
    "CustomerProfilesDomainName" = "crm-prod"
  }

  tags = {
    "team" = "crm"
  }
}
