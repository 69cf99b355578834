import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dealer_base.tools import set_column_defaults


class ResCompany(models.Model):
    _inherit = "res.company"

    dealer_portal_stock_display = fields.Selection(
        [("indicator", "Indicator only"), ("exact", "Exact quantity")],
        string="Dealer Stock Display", default="indicator", required=True,
        help="What dealers see of the stock in the portal catalog: an in stock / low / out of stock "
        "indicator, or the free quantity itself.",
    )
    dealer_portal_price_display = fields.Selection(
        [("tax_included", "Tax included"), ("tax_excluded", "Tax excluded")],
        string="Dealer Price Display", required=True,
        default=lambda self: self._default_dealer_portal_price_display(),
        help="How the portal shows prices, in the catalog, the cart lines, the subtotals and the order page: "
        "tax included (含税价, what Chinese buyers compare) or tax excluded. The tax is shown once, in the "
        "summary.",
    )
    dealer_portal_shortage_policy = fields.Selection(
        [("backorder", "Order anyway, the brand reviews"), ("reduce", "Reduce to the available stock")],
        string="Dealer Stock Shortage", default="backorder", required=True,
        help="When a dealer puts more in its cart than the free stock: keep the quantity and show the shortage "
        "(the stock review rule holds the order for the brand to decide, e.g. to back-order), or reduce the "
        "quantity to what is available at once (in whole order multiples).",
    )
    dealer_portal_low_stock = fields.Float(
        string="Low Stock Threshold", default=20.0, digits="Product Unit of Measure",
        help="At or below this free quantity the catalog shows a product as low on stock.",
    )
    dealer_portal_page_size = fields.Integer(
        string="Catalog Page Size", default=24, help="Products per page of the dealer catalog.",
    )
    dealer_portal_max_qty = fields.Float(
        string="Maximum Quantity per Line", default=100000.0, digits="Product Unit of Measure",
        help="The largest quantity of one product a dealer may put in its cart (portal and quick order).",
    )
    dealer_portal_threshold_hint = fields.Float(
        string="Promotion Hint Distance (%)", default=30.0, digits=(5, 1),
        help="The cart tells the dealer how much more to order to reach a promotion's next threshold when "
        "the missing amount is at most this share of the threshold (0 = no hint).",
    )
    # limits of the public store application form, per hour (0 = no limit)
    dealer_store_apply_limit_ip = fields.Integer(
        string="Store Applications per IP Address", default=20,
        help="Applications the public store application form accepts from one IP address per hour "
        "(0 = no limit). Offices and mobile networks share addresses: keep it well above one.",
    )
    dealer_store_apply_limit_session = fields.Integer(
        string="Store Applications per Browser Session", default=5,
        help="Applications the public store application form accepts from one browser session per hour "
        "(0 = no limit).",
    )
    dealer_store_apply_limit_hour = fields.Integer(
        string="Store Applications per Hour", default=200,
        help="Applications the public store application form accepts per hour from all visitors together "
        "(0 = no limit): a flood of bots cannot bury the reviewers.",
    )

    def _dealer_portal_timezone(self):
        """The company's time zone: its contact's, else the first of its country's, else None."""
        self.ensure_one()
        if self.partner_id.tz:
            return self.partner_id.tz
        zones = pytz.country_timezones.get(self.country_id.code or "") if self.country_id else None
        return zones[0] if zones else None

    @api.model
    def _default_dealer_portal_price_display(self):
        """Tax included for companies in CNY (Chinese B2B buyers think in tax-included prices)."""
        return "tax_included" if self.env.company.currency_id.name == "CNY" else "tax_excluded"

    def init(self):
        super().init()
        set_column_defaults(self, [
            "dealer_portal_stock_display", "dealer_portal_price_display", "dealer_portal_shortage_policy",
            "dealer_portal_low_stock",
            "dealer_portal_page_size",
            "dealer_portal_max_qty",
            "dealer_portal_threshold_hint",
            "dealer_store_apply_limit_ip", "dealer_store_apply_limit_session", "dealer_store_apply_limit_hour",
        ])

    @api.constrains("dealer_portal_page_size", "dealer_portal_low_stock", "dealer_portal_max_qty",
                    "dealer_portal_threshold_hint")
    def _check_dealer_portal_settings(self):
        for company in self:
            if not 0 < company.dealer_portal_max_qty <= 1e9:
                raise ValidationError(self.env._(
                    "The maximum quantity per line must be positive and at most 1,000,000,000."))
            if not 1 <= company.dealer_portal_page_size <= 200:
                raise ValidationError(self.env._("The catalog page size must be between 1 and 200 products."))
            if company.dealer_portal_low_stock < 0:
                raise ValidationError(self.env._("The low stock threshold cannot be negative."))
            if not 0 <= company.dealer_portal_threshold_hint <= 100:
                raise ValidationError(self.env._("The promotion hint distance must be between 0 and 100%."))

    @api.constrains("dealer_store_apply_limit_ip", "dealer_store_apply_limit_session", "dealer_store_apply_limit_hour")
    def _check_dealer_store_apply_limits(self):
        for company in self:
            if min(company.dealer_store_apply_limit_ip, company.dealer_store_apply_limit_session,
                   company.dealer_store_apply_limit_hour) < 0:
                raise ValidationError(self.env._(
                    "The limits of the store application form cannot be negative (0 means no limit)."))
