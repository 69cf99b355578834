from odoo import models


class DealerReplenishment(models.Model):
    _inherit = "dealer.replenishment"

    def action_create_cart(self):
        """A dealer's portal user puts its suggestions into its own portal cart; the backend
        keeps filling the dealer's draft replenishment order."""
        if not self.env.user._is_portal():
            return super().action_create_cart()
        self.check_access("read")  # the record rules: the dealer's own suggestions only
        self._dealer_check_one_dealer()
        cart = self.env["sale.order"].with_company(self.company_id)._dealer_portal_cart(create=True)
        # sudo: the products of the dealer's own suggestions (checked above); the cart refuses
        # any of them the dealer may not order
        quantities = {product.sudo(): qty for product, qty in self.sudo()._dealer_quantities().items()}
        hints = cart._dealer_portal_add_products(quantities)
        return {"cart": cart, "hints": hints}
