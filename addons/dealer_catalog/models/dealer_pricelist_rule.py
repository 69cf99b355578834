from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from ..tools import rules_may_overlap

# (rule field, partner field)
RULE_DIMENSIONS = [
    ("tier_id", "dealer_tier_id"),
    ("type_id", "dealer_type_id"),
    ("sales_mode_id", "dealer_sales_mode_id"),
]


class DealerPricelistRule(models.Model):
    """Which pricelist a dealer buys at, by tier × type × sales mode.

    The most specific matching rule (most dimensions set; then lowest
    sequence) gives the dealer's pricelist (``property_product_pricelist`` of
    the rule's company). Dealers are re-synchronised in batch when a rule or a
    dealer's dimensions change; dealers with a manual pricelist are left alone.
    """

    _name = "dealer.pricelist.rule"
    _description = "Dealer Pricelist Rule"
    _inherit = ["mail.thread"]
    _order = "specificity desc, sequence, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    sequence = fields.Integer(
        default=10, tracking=True,
        help="Among matching rules of the same specificity, the lowest sequence wins.",
    )
    tier_id = fields.Many2one("dealer.tier", index="btree_not_null", tracking=True, ondelete="cascade")
    type_id = fields.Many2one("dealer.type", index="btree_not_null", tracking=True, ondelete="cascade")
    sales_mode_id = fields.Many2one(
        "dealer.sales.mode", index="btree_not_null", tracking=True, ondelete="cascade"
    )
    pricelist_id = fields.Many2one(
        "product.pricelist", required=True, tracking=True, ondelete="restrict", check_company=True,
    )
    currency_id = fields.Many2one(related="pricelist_id.currency_id")
    specificity = fields.Integer(
        compute="_compute_specificity", store=True,
        help="Number of dimensions set: the rule with most dimensions matching a dealer wins.",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True
    )
    dealer_count = fields.Integer(compute="_compute_dealer_count", string="# Dealers")
    note = fields.Text()

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("tier_id", "type_id", "sales_mode_id", "pricelist_id")
    def _compute_name(self):
        for rule in self:
            dims = [rule[dim].display_name for dim, _partner_field in RULE_DIMENSIONS if rule[dim]]
            rule.name = "%s → %s" % (
                " / ".join(dims) or self.env._("All dealers"), rule.pricelist_id.display_name or ""
            )

    @api.depends("tier_id", "type_id", "sales_mode_id")
    def _compute_specificity(self):
        for rule in self:
            rule.specificity = sum(1 for dim, _partner_field in RULE_DIMENSIONS if rule[dim])

    def _compute_dealer_count(self):
        groups = self.env["res.partner"]._read_group(
            [("is_dealer", "=", True)], [partner_field for _dim, partner_field in RULE_DIMENSIONS], ["__count"]
        )
        for rule in self:
            rule.dealer_count = sum(
                count for *key, count in groups
                if rule._matches(dict(zip((dim for dim, _p in RULE_DIMENSIONS), (k.id for k in key), strict=True)))
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("tier_id", "type_id", "sales_mode_id", "sequence", "active", "company_id")
    def _check_ties(self):
        rules = self.filtered("active")
        if not rules:
            return
        candidates = self.search([("company_id", "in", rules.company_id.ids)])
        for rule in rules:
            for other in candidates:
                if (
                    other == rule
                    or other.company_id != rule.company_id
                    or other.specificity != rule.specificity
                    or other.sequence != rule.sequence
                    or not rules_may_overlap(rule._dimension_key(), other._dimension_key())
                ):
                    continue
                raise ValidationError(self.env._(
                    "Pricelist rules %(rule)s and %(other)s tie: they can match the same dealer with the same "
                    "number of dimensions and the same sequence. Give one of them a different sequence or "
                    "more dimensions.",
                    rule=rule.display_name, other=other.display_name,
                ))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self._sync_dealer_pricelists(rules._dealer_scope_domain(), rules.company_id)
        return rules

    def write(self, vals):
        tracked = {"tier_id", "type_id", "sales_mode_id", "pricelist_id", "sequence", "active", "company_id"}
        if not tracked & vals.keys():
            return super().write(vals)
        before_domain = self._dealer_scope_domain()
        companies = self.company_id
        res = super().write(vals)
        self._sync_dealer_pricelists(
            expression.OR([before_domain, self._dealer_scope_domain()]), companies | self.company_id
        )
        return res

    def unlink(self):
        domain = self._dealer_scope_domain()
        companies = self.company_id
        res = super().unlink()
        self.env["dealer.pricelist.rule"]._sync_dealer_pricelists(domain, companies)
        return res

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _dimension_key(self):
        self.ensure_one()
        return tuple(self[dim].id for dim, _partner_field in RULE_DIMENSIONS)

    def _matches(self, values):
        """Whether this rule applies to a dealer with dimensions ``values`` ({rule field: id})."""
        self.ensure_one()
        return all(not self[dim] or self[dim].id == values.get(dim) for dim, _partner_field in RULE_DIMENSIONS)

    def _dealer_scope_domain(self):
        """Domain on res.partner of the dealers any rule of ``self`` may apply to."""
        domains = []
        for rule in self:
            domains.append([
                (partner_field, "=", rule[dim].id) for dim, partner_field in RULE_DIMENSIONS if rule[dim]
            ] or expression.TRUE_DOMAIN)
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    def _best_rule(self, values):
        """Most specific rule of ``self`` matching dimensions ``values`` (rules are pre-sorted)."""
        for rule in self.sorted(lambda r: (-r.specificity, r.sequence, r.id)):
            if rule._matches(values):
                return rule
        return self.browse()

    @api.model
    def _sync_dealer_pricelists(self, partner_domain=None, companies=None):
        """Set the pricelist of the dealers in ``partner_domain`` from the rules.

        Dealers are grouped by (tier, type, sales mode) and by their current
        pricelist with one grouped read per company; each group that needs a
        change is written at once. Dealers with a manual pricelist are skipped,
        dealers no rule matches fall back to Odoo's default pricelist.

        :param companies: companies to sync (default: every company with a rule)
        """
        # sudo: the sync is a system consequence of a change the user was allowed
        # to make (a rule, or a dealer's segmentation, possibly from the portal):
        # it reads the rules and only ever writes the pricelist of dealers, which
        # that user need not be able to read or write himself.
        Rule = self.sudo()
        if companies is None:
            companies = Rule.with_context(active_test=False).search([]).company_id
        Partner = self.env["res.partner"].sudo()
        dealer_domain = expression.AND([
            partner_domain or [],
            [("is_dealer", "=", True), ("dealer_pricelist_manual", "=", False)],
        ])
        group_fields = [partner_field for _dim, partner_field in RULE_DIMENSIONS]
        for company in companies:
            rules = Rule.search([("company_id", "=", company.id)])
            company_partners = Partner.with_company(company)
            groups = company_partners._read_group(
                expression.AND([dealer_domain, [("company_id", "in", [False, company.id])]]),
                [*group_fields, "specific_property_product_pricelist"],
                ["id:array_agg"],
            )
            to_write = defaultdict(list)
            for tier, dealer_type, mode, current, partner_ids in groups:
                values = {"tier_id": tier.id, "type_id": dealer_type.id, "sales_mode_id": mode.id}
                target = rules._best_rule(values).pricelist_id
                if target != current:
                    to_write[target.id].extend(partner_ids)
            for pricelist_id, partner_ids in to_write.items():
                company_partners.browse(partner_ids).write({"specific_property_product_pricelist": pricelist_id})
