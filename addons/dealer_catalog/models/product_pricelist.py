from odoo import models
from odoo.tools import SQL


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    def _get_partner_pricelist_multi_search_domain_hook(self, company_id):
        """Dealer pricelists are never the fallback pricelist of ordinary customers.

        Odoo gives a customer without a pricelist of its own the first pricelist of
        the company; without this, the first dealer pricelist (a KA store's price,
        say) would become the price of every customer that is not a dealer.
        Dealers get theirs from the dealer pricelist rules (or a manual choice).
        """
        domain = super()._get_partner_pricelist_multi_search_domain_hook(company_id)
        # a subquery, not a search: no query of its own on a path every new order takes
        return [*domain, ("id", "not in", SQL(
            "(SELECT pricelist_id FROM dealer_pricelist_rule WHERE pricelist_id IS NOT NULL)"
        ))]
