from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, formatLang

from odoo.addons.dealer_base.tools import format_qty

# condition list -> bit of condition_mask
CONDITION_BITS = {
    "tier_ids": 1, "type_ids": 2, "level_ids": 4, "region_ids": 8, "partner_ids": 16,
    "product_ids": 32, "categ_ids": 64, "sales_mode_ids": 128,
}


class DealerPromotionRule(models.Model):
    _name = "dealer.promotion.rule"
    _description = "Dealer Promotion Rule"
    _inherit = ["dealer.eligibility.mixin"]
    _order = "promotion_id, sequence, id"
    _check_company_auto = True

    promotion_id = fields.Many2one(
        "dealer.promotion", required=True, ondelete="cascade", index=True,
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="promotion_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="promotion_id.currency_id")
    summary = fields.Char(compute="_compute_summary", help="What the rule gives, to whom, in one line.")
    condition_mask = fields.Integer(
        compute="_compute_condition_mask", store=True,
        help="Technical: which condition lists are set (bits: tiers 1, types 2, levels 4, regions 8, "
        "dealers 16, products 32, categories 64, sales modes 128), so that the SQL pre-filter skips empty ones.",
    )

    # dealer conditions: dealer.eligibility.mixin (the rule's own relation tables)
    tier_ids = fields.Many2many(relation="dealer_promotion_rule_tier_rel", column1="rule_id", column2="tier_id")
    type_ids = fields.Many2many(relation="dealer_promotion_rule_type_rel", column1="rule_id", column2="type_id")
    level_ids = fields.Many2many(relation="dealer_promotion_rule_level_rel", column1="rule_id", column2="level_id")
    sales_mode_ids = fields.Many2many(
        relation="dealer_promotion_rule_sales_mode_rel", column1="rule_id", column2="sales_mode_id",
    )
    region_ids = fields.Many2many(relation="dealer_promotion_rule_region_rel", column1="rule_id", column2="region_id")
    partner_ids = fields.Many2many(
        relation="dealer_promotion_rule_partner_rel", column1="rule_id", column2="partner_id",
    )
    first_order_only = fields.Boolean(
        help="Only for dealers that have no confirmed order yet.",
    )
    # line conditions (empty = all product lines)
    product_ids = fields.Many2many(
        "product.product", "dealer_promotion_rule_product_rel", "rule_id", "product_id", string="Products",
        check_company=True,
    )
    categ_ids = fields.Many2many(
        "product.category", "dealer_promotion_rule_categ_rel", "rule_id", "categ_id", string="Product Categories",
        help="Products of these categories and of their sub-categories.",
    )
    min_amount = fields.Monetary(
        string="Minimum Amount",
        help="Untaxed amount of the targeted lines (before promotions) needed for the rule to apply.",
    )
    min_qty = fields.Float(
        string="Minimum Quantity", digits="Product Unit of Measure",
        help="Quantity of the targeted lines needed for the rule to apply.",
    )
    # benefit
    benefit_type = fields.Selection(
        [("percent", "Percentage Discount"), ("fixed", "Fixed Discount"), ("free_product", "Free Products")],
        string="Benefit", required=True, default="percent",
    )
    value = fields.Float(
        digits="Product Price",
        help="Percentage (percentage discount) or amount (fixed discount). "
        "With thresholds, the value of the highest threshold reached is used instead.",
    )
    threshold_ids = fields.One2many("dealer.promotion.threshold", "rule_id", string="Thresholds", copy=True)
    buy_qty = fields.Float(string="Buy Quantity", digits="Product Unit of Measure")
    free_qty = fields.Float(string="Free Quantity", digits="Product Unit of Measure")
    free_product_id = fields.Many2one(
        "product.product", check_company=True,
        help="Product given for free; empty = the bought product itself.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(*CONDITION_BITS)
    def _compute_condition_mask(self):
        for rule in self:
            rule.condition_mask = sum(bit for fname, bit in CONDITION_BITS.items() if rule[fname])

    @api.model
    def _dealer_eligibility_unrestricted_sql(self, alias, fname):
        # the stored mask says which lists are empty without looking at the relation tables
        return SQL("%s & %s = 0", SQL.identifier(alias, "condition_mask"), CONDITION_BITS[fname])

    @api.depends(
        "benefit_type", "value", "threshold_ids.min_amount", "threshold_ids.value", "buy_qty", "free_qty",
        "free_product_id", "product_ids", "categ_ids", "min_amount", "min_qty", "tier_ids", "type_ids",
        "level_ids", "sales_mode_ids", "region_ids", "partner_ids", "first_order_only",
    )
    def _compute_summary(self):
        for rule in self:
            rule.summary = " · ".join(filter(None, [
                rule._summary_benefit(), rule._summary_target(), rule._summary_dealers(),
            ]))

    def _amount(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id or self.env.company.currency_id)

    def _summary_benefit(self):
        self.ensure_one()
        if self.benefit_type == "free_product":
            return self.env._(
                "buy %(buy)s get %(free)s %(product)s free",
                buy=format_qty(self.buy_qty), free=format_qty(self.free_qty),
                product=self.free_product_id.display_name or self.env._("of the same product"),
            )
        if self.threshold_ids:
            steps = [
                (format_qty(t.value, 0.0001) + "%" if self.benefit_type == "percent" else self._amount(t.value))
                + self.env._(" from %(amount)s", amount=self._amount(t.min_amount))
                for t in self.threshold_ids.sorted("min_amount")
            ]
            return "; ".join(steps)
        if self.benefit_type == "percent":
            return self.env._("%(value)s%% off", value=format_qty(self.value, 0.0001))
        return self.env._("%(amount)s off", amount=self._amount(self.value))

    def _summary_target(self):
        self.ensure_one()
        parts = []
        if self.product_ids or self.categ_ids:
            names = self.product_ids.mapped("display_name") + self.categ_ids.mapped("display_name")
            parts.append(", ".join(names[:3]) + ("…" if len(names) > 3 else ""))
        else:
            parts.append(self.env._("all products"))
        if self.min_amount:
            parts.append(self.env._("min. %(amount)s", amount=self._amount(self.min_amount)))
        if self.min_qty:
            parts.append(self.env._("min. %(qty)s units", qty=format_qty(self.min_qty)))
        return ", ".join(parts)

    def _summary_dealers(self):
        self.ensure_one()
        parts = [
            ", ".join(records.mapped("display_name"))
            for records in (self.tier_ids, self.type_ids, self.level_ids, self.sales_mode_ids, self.region_ids,
                            self.partner_ids)
            if records
        ]
        if self.first_order_only:
            parts.append(self.env._("first order"))
        return self.env._("dealers: %(who)s", who="; ".join(parts)) if parts else ""

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("value", "benefit_type", "min_amount", "min_qty", "buy_qty", "free_qty", "threshold_ids")
    def _check_values(self):
        for rule in self:
            name = rule.promotion_id.name
            if min(rule.value, rule.min_amount, rule.min_qty, rule.buy_qty, rule.free_qty) < 0:
                raise ValidationError(self.env._(
                    "Promotion %(name)s: values, minimums and quantities of a rule cannot be negative.", name=name,
                ))
            if rule.benefit_type == "percent" and float_compare(rule.value, 100, precision_digits=6) > 0:
                raise ValidationError(self.env._(
                    "Promotion %(name)s: a percentage discount cannot exceed 100%%.", name=name,
                ))
            if rule.free_qty > 0 and rule.buy_qty <= 0:
                raise ValidationError(self.env._(
                    "Promotion %(name)s: a free quantity needs a buy quantity (for every N bought, M free).",
                    name=name,
                ))
            if rule.benefit_type == "free_product" and rule.threshold_ids:
                raise ValidationError(self.env._(
                    "Promotion %(name)s: thresholds apply to percentage and fixed discounts only.", name=name,
                ))
            rule._check_thresholds()

    def _check_thresholds(self):
        self.ensure_one()
        name = self.promotion_id.name
        previous = None
        for threshold in self.threshold_ids.sorted(lambda t: (t.min_amount, t.value)):
            if threshold.min_amount < 0 or threshold.value < 0:
                raise ValidationError(self.env._(
                    "Promotion %(name)s: threshold amounts and values cannot be negative.", name=name,
                ))
            if self.benefit_type == "percent" and float_compare(threshold.value, 100, precision_digits=6) > 0:
                raise ValidationError(self.env._(
                    "Promotion %(name)s: a percentage discount cannot exceed 100%%.", name=name,
                ))
            if previous is not None and (
                float_compare(threshold.min_amount, previous.min_amount, precision_digits=2) <= 0
                or threshold.value <= previous.value
            ):
                raise ValidationError(self.env._(
                    "Promotion %(name)s: thresholds must increase: each minimum amount above the previous one "
                    "(%(previous)s) must give a higher value than %(value)s.",
                    name=name, previous=self._amount(previous.min_amount), value=format_qty(previous.value, 0.0001),
                ))
            previous = threshold

    def _check_benefit_complete(self):
        """Rules must give something before their promotion is activated."""
        for rule in self:
            name = rule.promotion_id.name
            if rule.benefit_type == "free_product" and (rule.buy_qty <= 0 or rule.free_qty <= 0):
                raise UserError(self.env._(
                    "Promotion %(name)s: a free products rule needs a buy quantity and a free quantity.", name=name,
                ))
            if rule.benefit_type in ("percent", "fixed") and not rule.threshold_ids and rule.value <= 0:
                raise UserError(self.env._(
                    "Promotion %(name)s: a discount rule needs a value or thresholds.", name=name,
                ))

    # ------------------------------------------------------------------
    # CRUD: the rules of a promotion that granted benefits are frozen
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        promotion_ids = [vals["promotion_id"] for vals in vals_list if vals.get("promotion_id")]
        promotions = self.env["dealer.promotion"].browse(promotion_ids)
        promotions._check_rules_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.promotion_id._check_rules_editable()
        if "promotion_id" in vals:
            self.env["dealer.promotion"].browse(vals["promotion_id"])._check_rules_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        self.promotion_id._check_rules_editable()
