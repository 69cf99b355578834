from odoo import models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def unlink(self):
        moves = self.debit_move_id.move_id | self.credit_move_id.move_id
        res = super().unlink()
        moves.exists()._dealer_wallet_sync_credit()
        return res
