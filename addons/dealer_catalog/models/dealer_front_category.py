from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DealerFrontCategory(models.Model):
    """Display category of the dealer mall (前台类目).

    Front categories are chosen by channel operations for display and
    campaigns; they are independent of the back categories
    (``product.category``) used for accounting and stock, and a product can sit
    in many of them.
    """

    _name = "dealer.front.category"
    _description = "Dealer Front Category"
    _parent_name = "parent_id"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "sequence, complete_name, id"
    _check_company_auto = True

    name = fields.Char(required=True, index="trigram")
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True, store=True)
    parent_id = fields.Many2one(
        "dealer.front.category", string="Parent Category", index=True, ondelete="cascade", check_company=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("dealer.front.category", "parent_id", string="Sub-categories")
    sequence = fields.Integer(default=10, help="Display order in the dealer mall.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the category between companies."
    )
    description = fields.Text(translate=True, help="Shown to dealers above the products of the category.")
    image_128 = fields.Image(max_width=128, max_height=128)
    product_tmpl_ids = fields.Many2many(
        "product.template",
        "dealer_front_category_product_tmpl_rel",
        "front_category_id",
        "product_tmpl_id",
        string="Products",
        check_company=True,
    )
    product_count = fields.Integer(compute="_compute_product_count", string="# Products", groups="base.group_user")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = f"{category.parent_id.complete_name} / {category.name}"
            else:
                category.complete_name = category.name

    def _compute_product_count(self):
        counts = dict(self.env["product.template"]._read_group(
            [("dealer_front_category_ids", "in", self.ids)], ["dealer_front_category_ids"], ["__count"]
        ))
        for category in self:
            category.product_count = counts.get(category, 0)

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("You cannot create recursive front categories."))

    @api.model_create_multi
    def create(self, vals_list):
        categories = super().create(vals_list)
        if any(vals.get("product_tmpl_ids") or vals.get("parent_id") for vals in vals_list):
            self.env["dealer.product.pool"]._refresh_front_category_pools()
        return categories

    def write(self, vals):
        res = super().write(vals)
        if "product_tmpl_ids" in vals or "parent_id" in vals:
            self.env["dealer.product.pool"]._refresh_front_category_pools()
        return res

    def unlink(self):
        res = super().unlink()
        self.env["dealer.product.pool"]._refresh_front_category_pools()
        return res

    def action_view_products(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "dealer_catalog.product_template_category_mapping_action"
        )
        action["domain"] = [("dealer_front_category_ids", "child_of", self.id)]
        action["context"] = {"default_dealer_front_category_ids": [self.id]}
        action["display_name"] = self.complete_name
        return action
