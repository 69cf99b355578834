from odoo import models


class DealerWallet(models.Model):
    _inherit = "dealer.wallet"

    def _dealer_portal_figures(self):
        """What the portal shows of the wallets: :meth:`_dealer_figures` of ``dealer_wallet``, the
        figures of the statement of account too (one definition for the cart, the wallets page, a
        wallet's ledger and the statement)."""
        return self._dealer_figures()
