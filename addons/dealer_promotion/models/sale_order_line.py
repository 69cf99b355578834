from odoo import api, fields, models
from odoo.tools import float_compare

# line fields whose change makes the applied promotions outdated
LINE_TRIGGER_FIELDS = {"product_id", "product_uom_qty", "product_uom", "price_unit", "discount", "tax_id"}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dealer_promotion_id = fields.Many2one(
        "dealer.promotion", index="btree_not_null", readonly=True, copy=False,
        ondelete="cascade", help="The promotion that created this line (discount or free goods).",
    )
    dealer_promotion_kind = fields.Selection(
        [("discount", "Promotion Discount"), ("free", "Free Goods")], readonly=True, copy=False,
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.context.get("dealer_promotion_apply"):
            lines.filtered(lambda line: not line.dealer_promotion_id and not line.display_type) \
                .order_id._dealer_promotion_mark_outdated()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if LINE_TRIGGER_FIELDS.intersection(vals) and not self.env.context.get("dealer_promotion_apply"):
            # promotion lines edited by hand are outdated too: the engine restores them
            self.order_id._dealer_promotion_mark_outdated()
        return res

    def unlink(self):
        orders = self.env["sale.order"]
        if not self.env.context.get("dealer_promotion_apply"):
            orders = self.filtered(lambda line: not line.display_type).order_id
        res = super().unlink()
        orders.exists()._dealer_promotion_mark_outdated()
        return res

    def _dealer_promotion_changes(self, vals):
        """The part of ``vals`` (a promotion line's values) that differs from this line."""
        self.ensure_one()
        changes = {}
        for field in ("name", "sequence", "product_uom_qty", "discount"):
            if field in vals and vals[field] != self[field]:
                changes[field] = vals[field]
        if "price_unit" in vals and float_compare(
            vals["price_unit"], self.price_unit, precision_rounding=self.currency_id.rounding or 0.01
        ):
            changes["price_unit"] = vals["price_unit"]
        return changes
