from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _reconcile_plan(self, reconciliation_plan):
        res = super()._reconcile_plan(reconciliation_plan)
        moves = self.env["account.move"]
        for item in reconciliation_plan:
            moves |= self._dealer_wallet_plan_moves(item)
        moves._dealer_wallet_sync_credit()
        return res

    def _dealer_wallet_plan_moves(self, item):
        if isinstance(item, list | tuple):
            moves = self.env["account.move"]
            for sub_item in item:
                moves |= self._dealer_wallet_plan_moves(sub_item)
            return moves
        return (
            item.move_id
            | item.matched_debit_ids.debit_move_id.move_id
            | item.matched_credit_ids.credit_move_id.move_id
        )
