from odoo import fields, models
from odoo.exceptions import UserError


class DealerProfitShare(models.Model):
    _inherit = "dealer.profit.share"

    settled = fields.Boolean(
        compute="_compute_settled", search="_search_settled",
        help="Credited to the dealer's wallet by a profit-share rebate settlement.",
    )

    def _settled_ids(self):
        if not self.ids:
            return set()
        # sudo: only which shares are settled is read, not the settlements
        return self.env["dealer.rebate.settlement.source"].sudo()._settled_ids(self._name, self.ids)

    def _compute_settled(self):
        settled = self._settled_ids()
        for share in self:
            share.settled = share.id in settled

    def _search_settled(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the settled flag."))
        positive = (operator == "=") == value
        # sudo: only the ids of the settled shares are read
        settled_ids = self.env["dealer.rebate.settlement.source"].sudo().search([
            ("res_model", "=", self._name), ("line_state", "=", "posted"),
        ]).mapped("res_id")
        return [("id", "in" if positive else "not in", settled_ids)]

    def action_cancel(self):
        if any(self.mapped("settled")):
            raise UserError(self.env._("Settled profit shares cannot be cancelled."))
        return super().action_cancel()

    def action_draft(self):
        if any(self.mapped("settled")):
            raise UserError(self.env._("Settled profit shares cannot be reset to draft."))
        return super().action_draft()
