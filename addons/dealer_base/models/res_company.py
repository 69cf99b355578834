import base64

from odoo import models

# Sans-serif fonts with simplified Chinese glyphs, the first one present wins (Debian's and
# Odoo's image: fonts-noto-cjk; then what Windows and macOS machines have)
CJK_REPORT_FONTS = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", '
                    '"Microsoft YaHei", "PingFang SC", sans-serif')


class ResCompany(models.Model):
    _inherit = "res.company"

    def _get_asset_style_b64(self):
        """The companies' report styles, each company's font followed by a simplified Chinese
        sans-serif: the report fonts have no CJK glyphs, and wkhtmltopdf then takes the first
        font of the system that has them, often a Japanese variant (Noto Sans CJK JP draws
        some hanzi in their Japanese form). Appended after Odoo's rules, so that it wins."""
        styles = base64.b64decode(super()._get_asset_style_b64()).decode()
        rules = "".join(
            f"\n.o_company_{company.id}_layout {{ font-family: {company.font or 'Lato'}, {CJK_REPORT_FONTS}; }}"
            for company in self.sudo().search([])
        )
        return base64.b64encode((styles + rules + "\n").encode())
