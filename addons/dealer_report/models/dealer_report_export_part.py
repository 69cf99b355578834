from odoo import fields, models


class DealerReportExportPart(models.Model):
    """The rows of one chunk of a background export, kept until the workbook is assembled
    (working data of ``dealer.report.export.request``, never shown to users)."""

    _name = "dealer.report.export.part"
    _description = "Background Export Part"
    _order = "request_id, sequence"

    request_id = fields.Many2one("dealer.report.export.request", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(required=True)
    data = fields.Text(required=True, help="The chunk's rows as JSON.")

    _sql_constraints = [
        ("request_sequence_unique", "UNIQUE(request_id, sequence)", "A chunk of an export is stored once."),
    ]
