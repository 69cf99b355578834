from odoo import fields, models


class DealerReportExportPart(models.Model):
    """The rows of one chunk of a background export, kept until the workbook is assembled
    (working data of ``dealer.report.export.request``, never shown to users)."""

    _name = "dealer.report.export.part"
    _description = "Background Export Part"
    _order = "request_id, sequence"

    request_id = fields.Many2one("dealer.report.export.request", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(required=True)
    # not prefetched: the steps read the parts' sequences, never all their rows at once
    data = fields.Text(
        required=True, prefetch=False,
        help="The chunk's rows. Sales rows: the worksheet's <row> elements (SpreadsheetML, inline strings, "
             "numbered from Row Start). A sheet of the channel report, or sales rows stored before the chunks "
             "rendered them (Rows empty): JSON.")
    row_start = fields.Integer(help="Sales rows: the sheet row of the chunk's first row as rendered (the header "
                                    "is row 1).")
    row_count = fields.Integer(string="Rows", help="Sales rows: the number of rows rendered.")

    _sql_constraints = [
        ("request_sequence_unique", "UNIQUE(request_id, sequence)", "A chunk of an export is stored once."),
    ]
