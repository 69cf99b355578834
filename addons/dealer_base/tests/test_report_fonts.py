import base64

from odoo.tests import TransactionCase, tagged

CJK_FALLBACK = '"Noto Sans CJK SC"'


@tagged("post_install", "-at_install")
class TestReportFonts(TransactionCase):
    """Printed documents draw Chinese text with a simplified Chinese font, after the company's."""

    def _company_styles(self):
        attachment = self.env.ref("web.asset_styles_company_report")
        return base64.b64decode(attachment.datas).decode()

    def _font_rule(self, styles, company):
        # the suite's rule comes after Odoo's block of the company, so that it wins
        block = styles.split(f".o_company_{company.id}_layout {{")[-1]
        return block.split(";")[0].strip()

    def test_installed_styles_have_the_fallback(self):
        styles = self._company_styles()
        company = self.env.company
        rule = self._font_rule(styles, company)
        self.assertTrue(rule.startswith(f"font-family: {company.font or 'Lato'}, {CJK_FALLBACK}"), rule)
        self.assertTrue(rule.endswith("sans-serif"), rule)

    def test_a_company_changing_its_font_keeps_the_fallback(self):
        company = self.env["res.company"].create({"name": "字体测试公司"})
        company.font = "Roboto"
        rule = self._font_rule(self._company_styles(), company)
        self.assertTrue(rule.startswith(f"font-family: Roboto, {CJK_FALLBACK}"), rule)
        # the first company's rule is still there: one bundle for every company
        self.assertIn(CJK_FALLBACK, self._font_rule(self._company_styles(), self.env.company))

    def test_report_styles_compile(self):
        """The company styles are SCSS compiled into the report bundle: no compilation error."""
        bundle = self.env["ir.qweb"]._get_asset_bundle("web.report_assets_common", css=True, js=False)
        css = "".join(attachment.raw.decode() for attachment in bundle.css())
        self.assertFalse(bundle.css_errors)
        self.assertTrue(CJK_FALLBACK in css, "the fallback is in the compiled report styles")
