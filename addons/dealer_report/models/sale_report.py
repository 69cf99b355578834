from odoo import api, fields, models

from ..tools.sql import REGION_BY_STATE


class SaleReport(models.Model):
    """Odoo's Sales Analysis with the dealer dimensions of the order's customer.

    The dealer is the commercial partner of the order's customer when it has a dealer
    level; every other customer gets empty dimensions, so plain sales read as before.
    """

    _inherit = "sale.report"

    dealer_region_id = fields.Many2one(
        "dealer.region", readonly=True,
        help="The deepest sales region containing the dealer's province.",
    )
    dealer_region_root_id = fields.Many2one(
        "dealer.region", string="Dealer Top Region", readonly=True,
        help="The top-level sales region above the dealer's region.",
    )
    dealer_level_id = fields.Many2one("dealer.level", readonly=True)
    dealer_tier_id = fields.Many2one("dealer.tier", readonly=True)
    dealer_type_id = fields.Many2one("dealer.type", readonly=True)
    dealer_sales_mode_id = fields.Many2one("dealer.sales.mode", readonly=True)
    dealer_parent_id = fields.Many2one("res.partner", string="Upline Dealer", readonly=True)
    dealer_flow = fields.Selection(selection="_selection_dealer_flow", string="Order Flow", readonly=True)

    @api.model
    def _selection_dealer_flow(self):
        return self.env["sale.order"]._fields["dealer_flow"]._description_selection(self.env)

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        res.update({
            "dealer_region_id": "dealer_state_region.region_id",
            "dealer_region_root_id": "dealer_state_region.root_id",
            "dealer_level_id": "dealer.dealer_level_id",
            "dealer_tier_id": "dealer.dealer_tier_id",
            "dealer_type_id": "dealer.dealer_type_id",
            "dealer_sales_mode_id": "dealer.dealer_sales_mode_id",
            "dealer_parent_id": "dealer.dealer_parent_id",
            "dealer_flow": "CASE WHEN dealer.id IS NOT NULL THEN s.dealer_flow END",
        })
        return res

    def _from_sale(self):
        # ``dealer`` is the commercial partner of the customer, only when it is a dealer;
        # the region map is one row per province (a few dozen rows), joined by hash.
        return super()._from_sale() + f"""
            LEFT JOIN res_partner dealer
                   ON dealer.id = partner.commercial_partner_id AND dealer.dealer_level_id IS NOT NULL
            LEFT JOIN ({REGION_BY_STATE}) dealer_state_region ON dealer_state_region.state_id = dealer.state_id
            """

    def _group_by_sale(self):
        return super()._group_by_sale() + """,
            dealer.id,
            dealer.dealer_level_id,
            dealer.dealer_tier_id,
            dealer.dealer_type_id,
            dealer.dealer_sales_mode_id,
            dealer.dealer_parent_id,
            dealer_state_region.region_id,
            dealer_state_region.root_id,
            s.dealer_flow"""
