from odoo import api, fields, models
from odoo.exceptions import ValidationError

USUAL_DAYS = 90  # "my usual products": what the dealer ordered in the last 90 days
USUAL_MAX_PRODUCTS = 100


class DealerPortalFavorite(models.Model):
    """A product a dealer starred in the portal catalog. Favourites belong to the dealer (its
    commercial partner): every buyer of the dealer shares them; ``user_id`` tells who starred."""

    _name = "dealer.portal.favorite"
    _description = "Dealer Favourite Product"
    _order = "create_date desc, id desc"
    _rec_name = "product_id"

    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, ondelete="cascade",
        default=lambda self: self.env.user.partner_id.commercial_partner_id,
        domain=[("is_dealer", "=", True)],
    )
    product_id = fields.Many2one("product.product", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Starred by", default=lambda self: self.env.user,
                              ondelete="set null", readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)

    _sql_constraints = [
        ("partner_product_unique", "unique(partner_id, product_id)", "The product is already a favourite."),
    ]

    @api.constrains("partner_id", "product_id")
    def _check_catalog(self):
        """A favourite is a product of the dealer's own catalog."""
        for partner, favorites in self.sudo().grouped("partner_id").items():
            # sudo: the dealer's pools are not readable by portal users; only checked here
            if partner != partner.commercial_partner_id or not partner.is_dealer:
                raise ValidationError(self.env._("Favourites belong to a dealer (its company, not a contact)."))
            outside = favorites.product_id - partner._dealer_allowed_products(favorites.product_id)
            if outside:
                raise ValidationError(self.env._("Not in your catalog: %(products)s",
                                                 products=", ".join(outside.mapped("display_name"))))

    @api.model
    def _dealer_portal_toggle(self, product):
        """Star ``product`` for the current user's dealer, or unstar it; ``True`` when it is a
        favourite afterwards. Runs under the user's own rights (the record rules decide)."""
        dealer = self.env.user.partner_id.commercial_partner_id
        favorite = self.search([("partner_id", "=", dealer.id), ("product_id", "=", product.id)], limit=1)
        if favorite:
            favorite.unlink()
            return False
        self.create({"partner_id": dealer.id, "product_id": product.id, "company_id": self.env.company.id})
        return True
