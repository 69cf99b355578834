from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DealerMoqRule(models.Model):
    """Minimum order quantity and order multiple (起订量 / 倍数).

    A rule targets a product or a product category (sub-categories included),
    for one dealer type or for every type. For a dealer and a product, the most
    specific rule applies: a product rule before a category rule, a deeper
    category before its parents, and at the same target a rule for the
    dealer's type before a rule for every type.
    """

    _name = "dealer.moq.rule"
    _description = "Dealer Minimum Order Quantity Rule"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", index=True, default=lambda self: self.env.company, tracking=True,
        help="Leave empty to apply the rule in every company.",
    )
    type_id = fields.Many2one(
        "dealer.type", string="Dealer Type", index="btree_not_null", tracking=True, ondelete="cascade",
        help="Leave empty for every dealer type.",
    )
    applies_on = fields.Selection(
        [("product", "Product"), ("category", "Product Category")],
        required=True, default="product",
    )
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product", index="btree_not_null", tracking=True, ondelete="cascade",
        check_company=True,
    )
    categ_id = fields.Many2one(
        "product.category", string="Product Category", index="btree_not_null", tracking=True, ondelete="cascade",
        help="Products of this category and of its sub-categories.",
    )
    uom_id = fields.Many2one(related="product_tmpl_id.uom_id", string="Unit")
    min_qty = fields.Float(
        string="Minimum Quantity", default=1.0, required=True, digits="Product Unit of Measure", tracking=True,
        help="Total quantity of the product an order must contain, in the product's unit of measure.",
    )
    multiple_qty = fields.Float(
        string="Order Multiple", default=1.0, required=True, digits="Product Unit of Measure", tracking=True,
        help="The ordered quantity must be a multiple of this quantity (e.g. a carton of 12).",
    )
    note = fields.Text()

    @api.depends("applies_on", "product_tmpl_id", "categ_id", "type_id", "min_qty", "multiple_qty")
    def _compute_name(self):
        for rule in self:
            target = rule.product_tmpl_id if rule.applies_on == "product" else rule.categ_id
            rule.name = self.env._(
                "%(target)s (%(type)s): min %(min)s, multiple of %(multiple)s",
                target=target.display_name or "",
                type=rule.type_id.display_name or self.env._("all types"),
                min=rule.min_qty, multiple=rule.multiple_qty,
            )

    @api.onchange("applies_on")
    def _onchange_applies_on(self):
        if self.applies_on == "product":
            self.categ_id = False
        else:
            self.product_tmpl_id = False

    @api.constrains("min_qty", "multiple_qty")
    def _check_quantities(self):
        for rule in self:
            if rule.min_qty <= 0:
                raise ValidationError(self.env._(
                    "The minimum quantity of rule %(rule)s must be positive.", rule=rule.display_name
                ))
            if rule.multiple_qty <= 0:
                raise ValidationError(self.env._(
                    "The order multiple of rule %(rule)s must be positive.", rule=rule.display_name
                ))

    @api.constrains("applies_on", "product_tmpl_id", "categ_id")
    def _check_target(self):
        for rule in self:
            if rule.applies_on == "product" and (not rule.product_tmpl_id or rule.categ_id):
                raise ValidationError(self.env._("A product MOQ rule needs a product and no category."))
            if rule.applies_on == "category" and (not rule.categ_id or rule.product_tmpl_id):
                raise ValidationError(self.env._("A category MOQ rule needs a category and no product."))

    @api.constrains("applies_on", "product_tmpl_id", "categ_id", "type_id", "company_id", "active")
    def _check_duplicates(self):
        rules = self.filtered("active")
        if not rules:
            return
        others = self.search([
            "|", ("product_tmpl_id", "in", rules.product_tmpl_id.ids), ("categ_id", "in", rules.categ_id.ids),
        ])
        for rule in rules:
            for other in others:
                if other != rule and other._target_key() == rule._target_key():
                    raise ValidationError(self.env._(
                        "Rules %(rule)s and %(other)s apply to the same target and dealer type: keep only one.",
                        rule=rule.display_name, other=other.display_name,
                    ))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "applies_on" not in vals and vals.get("categ_id") and not vals.get("product_tmpl_id"):
                vals["applies_on"] = "category"
        return super().create(vals_list)

    def _target_key(self):
        self.ensure_one()
        return (self.company_id.id, self.type_id.id, self.product_tmpl_id.id, self.categ_id.id)

    # ------------------------------------------------------------------
    # Business methods (also used by the dealer portal)
    # ------------------------------------------------------------------
    @api.model
    def _get_rules_for(self, partner, products):
        """The rule that applies to each of ``products`` for ``partner``.

        One search for the whole batch. Returns ``{product.product id: rule}``;
        products without any rule are left out.
        """
        partner = partner.commercial_partner_id
        if not products:
            return {}
        categ_ids = {int(cid) for path in products.categ_id.mapped("parent_path") for cid in path.split("/") if cid}
        company = self.env.company
        # sudo: MOQ rules are commercial conditions the dealer is entitled to
        # see for its own products (portal users have no access to the model).
        rules = self.sudo().search([
            ("company_id", "in", [False, company.id]),
            ("type_id", "in", [False, partner.dealer_type_id.id]),
            "|", ("product_tmpl_id", "in", products.product_tmpl_id.ids), ("categ_id", "in", list(categ_ids)),
        ])
        by_tmpl = defaultdict(list)
        by_categ = defaultdict(list)
        for rule in rules:
            if rule.product_tmpl_id:
                by_tmpl[rule.product_tmpl_id.id].append(rule)
            else:
                by_categ[rule.categ_id.id].append(rule)

        def pick(candidates):
            # the dealer's type before "every type", then company-specific, then sequence
            return min(candidates, key=lambda r: (not r.type_id, not r.company_id, r.sequence, r.id))

        result = {}
        for product in products:
            candidates = by_tmpl.get(product.product_tmpl_id.id)
            if not candidates:
                for cid in reversed([int(c) for c in product.categ_id.parent_path.split("/") if c]):
                    candidates = by_categ.get(cid)
                    if candidates:
                        break
            if candidates:
                result[product.id] = pick(candidates)
        return result

    @api.model
    def _get_moq_for(self, partner, products):
        """``{product.product id: (min_qty, multiple_qty)}`` for ``partner``, in one batch.

        Quantities are in each product's unit of measure; products without a
        rule are left out (no minimum, no multiple).
        """
        return {
            product_id: (rule.min_qty, rule.multiple_qty)
            for product_id, rule in self._get_rules_for(partner, products).items()
        }
