from odoo import api, fields, models


class DealerRebatePolicy(models.Model):
    _inherit = "dealer.rebate.policy"

    kind = fields.Selection(
        selection_add=[("profit_share", "Profit Share")],
        ondelete={"profit_share": "set default"},
        help="Volume: net invoiced sales of the period. Growth: increase of the net invoiced sales over the "
        "same period one year earlier. Category: net invoiced sales of the product categories of the policy. "
        "Freight subsidy: sales delivered in the period. Profit share: the profit shares of fulfillment "
        "orders recorded when their deliveries are done.",
    )

    @api.model
    def _rebate_source_kinds(self):
        return (*super()._rebate_source_kinds(), "profit_share")

    def _get_source_records(self, date_from, date_to):
        """The confirmed profit shares of the policy's company recorded up to the end of
        the period (earlier ones not settled yet included: a share is paid once, late or
        not)."""
        if self.kind != "profit_share":
            return super()._get_source_records(date_from, date_to)
        return self.env["dealer.profit.share"].search([
            ("date", "<=", date_to), ("state", "=", "confirmed"), ("company_id", "=", self.company_id.id),
        ])

    def _explain_sources(self, amount):
        if self.kind == "profit_share":
            return self.env._("Profit shares of fulfillment orders: %(amount)s.", amount=amount)
        return super()._explain_sources(amount)
