from odoo import models

from ..tools.pdf_text import fix_cjk_text_mapping


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _run_wkhtmltopdf(self, bodies, report_ref=False, header=None, footer=None, landscape=False,
                         specific_paperformat_args=None, set_viewport_size=False):
        """Chinese text copied from a PDF is the text printed, not look-alike Kangxi radicals
        (see ``tools/pdf_text.py``)."""
        pdf = super()._run_wkhtmltopdf(
            bodies, report_ref=report_ref, header=header, footer=footer, landscape=landscape,
            specific_paperformat_args=specific_paperformat_args, set_viewport_size=set_viewport_size)
        return fix_cjk_text_mapping(pdf)
