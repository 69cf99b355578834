from odoo import api, fields, models
from odoo.tools import SQL


class DealerRebateSettlementSource(models.Model):
    """A document settled by a settlement line (e.g. a fulfillment profit share).

    Policies of a kind settled from documents (see ``_rebate_source_kinds``) pay
    documents that belong to other modules, so they are referenced by model name
    and id. A document is settled once: a posted line owns it.
    """

    _name = "dealer.rebate.settlement.source"
    _description = "Document Settled by a Rebate Line"
    _order = "id"

    line_id = fields.Many2one("dealer.rebate.settlement.line", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="line_id.partner_id", string="Dealer")
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="line_id.currency_id")
    res_model = fields.Char(string="Document Model", required=True, index=True)
    res_id = fields.Many2oneReference(string="Document", model_field="res_model", required=True, index=True)
    amount = fields.Monetary()
    line_state = fields.Selection(related="line_id.state", store=True, string="Status")

    @api.depends("res_model", "res_id")
    def _compute_display_name(self):
        for source in self:
            record = self.env[source.res_model].browse(source.res_id) if source.res_model in self.env else None
            source.display_name = record.display_name if record and record.exists() else "%s,%s" % (
                source.res_model, source.res_id)

    @api.model
    def _settled_ids(self, res_model, res_ids):
        """Ids among ``res_ids`` already settled by a credited line."""
        if not res_ids:
            return set()
        self.flush_model()
        self.env.cr.execute(SQL(
            "SELECT res_id FROM dealer_rebate_settlement_source WHERE res_model = %s AND res_id IN %s "
            "AND line_state = 'posted'",
            res_model, tuple(res_ids),
        ))
        return {row[0] for row in self.env.cr.fetchall()}
