import base64
import re

from odoo.tests import TransactionCase, tagged

from odoo.addons.dealer_base.tools import fix_cjk_text_mapping

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


def _cmap(body):
    return (b"/CIDInit /ProcSet findresource begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) "
            b"/Ordering (UCS) /Supplement 0 >> def\n" + body + b"\nendcmap")


@tagged("post_install", "-at_install")
class TestCopiedChineseText(TransactionCase):
    """Text copied from a PDF is the text printed: 月 and 日, not the radicals ⽉ and ⽇ that the
    CJK fonts draw with the same glyphs."""

    def test_radicals_become_ideographs(self):
        pdf = b"%PDF-1.4 " + _cmap(
            b"2 beginbfrange\n<0000> <0000> <0000>\n<0001> <0004> [<5E74> <2F49> <2F47> <2E9F> ]\n"
            b"<0005> <0005> <2F00>\n<0006> <0007> <2F08>\nendbfrange\n"
            b"1 beginbfchar\n<2F49> <2F47>\n<0009> <00412F49>\nendbfchar")
        fixed = fix_cjk_text_mapping(pdf)
        self.assertEqual(len(fixed), len(pdf), "in place: the cross-reference offsets stay right")
        # 年 stays, ⽉ → 月, ⽇ → 日, ⺟ (radicals supplement) → 母, ⼀ → 一
        self.assertIn(b"[<5E74> <6708> <65E5> <6BCD> ]", fixed)
        self.assertIn(b"<0005> <0005> <4E00>", fixed)
        # a range of consecutive codes is not a radical's; the source codes of a bfchar stay
        self.assertIn(b"<0006> <0007> <2F08>", fixed)
        self.assertIn(b"<2F49> <65E5>", fixed)
        self.assertIn(b"<0009> <00416708>", fixed)

    def test_other_cmaps_and_text_untouched(self):
        not_ucs = _cmap(b"1 beginbfchar\n<0001> <2F49>\nendbfchar").replace(b"(UCS)", b"(Identity)")
        self.assertEqual(fix_cjk_text_mapping(not_ucs), not_ucs)
        content = b"%PDF-1.4 BT (<2F49>) Tj ET"
        self.assertEqual(fix_cjk_text_mapping(content), content)


@tagged("post_install", "-at_install")
class TestReportPdfText(TransactionCase):
    def test_wkhtmltopdf_text_is_the_ideographs(self):
        Report = self.env["ir.actions.report"]
        if Report.get_wkhtmltopdf_state() == "install":
            self.skipTest("wkhtmltopdf is not installed")
        html = ('<html lang="zh-CN"><head><meta charset="utf-8"/></head><body style="font-family: '
                '&quot;Noto Sans CJK SC&quot;, sans-serif">2026年12月01日 日期 现金</body></html>')
        pdf = Report._run_wkhtmltopdf([html])
        self.assertTrue(pdf.startswith(b"%PDF"))
        cmaps = b"".join(re.findall(rb"begincmap.*?endcmap", pdf, re.S))
        self.assertIn(b"<6708>", cmaps, "月 is copied as 月")
        self.assertNotIn(b"<2F49>", cmaps, "not as the radical ⽉")
