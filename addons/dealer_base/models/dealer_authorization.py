from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class DealerAuthorization(models.Model):
    _name = "dealer.authorization"
    _description = "Dealer Regional Authorization"
    _inherit = ["mail.thread"]
    _order = "partner_id, region_id, date_from desc, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Dealer",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        domain="[('is_dealer', '=', True)]",
    )
    region_id = fields.Many2one(
        "dealer.region", required=True, index=True, ondelete="restrict", tracking=True
    )
    date_from = fields.Date(string="Valid From", tracking=True)
    date_to = fields.Date(string="Valid Until", tracking=True)
    exclusive = fields.Boolean(
        tracking=True,
        help="An exclusive authorization cannot overlap another dealer's exclusive "
        "authorization on a region sharing a province with it, for the same dates "
        "and product categories.",
    )
    product_categ_ids = fields.Many2many(
        "product.category",
        "dealer_authorization_product_category_rel",
        "authorization_id",
        "categ_id",
        string="Product Categories",
        help="Leave empty to authorize all products. Sub-categories are included.",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    dealer_level_id = fields.Many2one(related="partner_id.dealer_level_id", store=True, string="Level")
    validity = fields.Selection(
        [("future", "Not Yet Valid"), ("valid", "Valid"), ("expired", "Expired")],
        compute="_compute_validity",
        search="_search_validity",
    )
    note = fields.Text()

    @api.depends("partner_id.display_name", "region_id.complete_name")
    def _compute_name(self):
        for auth in self:
            auth.name = f"{auth.partner_id.display_name or ''} - {auth.region_id.complete_name or ''}"

    def _compute_validity(self):
        today = fields.Date.context_today(self)
        for auth in self:
            if auth.date_from and auth.date_from > today:
                auth.validity = "future"
            elif auth.date_to and auth.date_to < today:
                auth.validity = "expired"
            else:
                auth.validity = "valid"

    def _search_validity(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(operator)
        values = {value} if isinstance(value, str) else set(value or [])
        if operator in ("!=", "not in"):
            values = {"future", "valid", "expired"} - values
        today = fields.Date.context_today(self)
        domains = {
            "future": [("date_from", ">", today)],
            "expired": [("date_to", "<", today)],
            "valid": self._date_domain(today),
        }
        return expression.OR([domains[v] for v in sorted(values) if v in domains]) or expression.FALSE_DOMAIN

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for auth in self:
            if auth.date_from and auth.date_to and auth.date_from > auth.date_to:
                raise ValidationError(self.env._(
                    "Authorization %(name)s ends before it starts.", name=auth.name
                ))

    @api.constrains("partner_id")
    def _check_partner_is_dealer(self):
        for auth in self:
            if not auth.partner_id.is_dealer:
                raise ValidationError(self.env._(
                    "%(partner)s is not a dealer: set a dealer level before authorizing regions.",
                    partner=auth.partner_id.display_name,
                ))

    @api.constrains(
        "exclusive", "region_id", "partner_id", "date_from", "date_to", "product_categ_ids", "active", "company_id"
    )
    def _check_exclusive_overlap(self):
        exclusive = self.filtered(lambda a: a.exclusive and a.active)
        if not exclusive:
            return
        # Two regions overlap when they share a province. One search for every
        # exclusive authorization on a region covering one of the batch's provinces.
        covering = self.env["dealer.region"]._get_covering_regions(exclusive.region_id.all_state_ids)
        others = self.search([
            ("region_id", "in", covering.ids),
            ("exclusive", "=", True),
            ("company_id", "in", exclusive.company_id.ids),
            ("partner_id", "not in", exclusive.partner_id.ids),
        ]) | exclusive
        for auth in exclusive:
            states = auth.region_id.all_state_ids
            for other in others:
                if other.partner_id == auth.partner_id or other.company_id != auth.company_id:
                    continue
                if not (states & other.region_id.all_state_ids) or not auth._overlaps(other):
                    continue
                raise ValidationError(self.env._(
                    "The exclusive authorization of %(dealer)s on %(region)s overlaps the exclusive "
                    "authorization of %(other)s on %(other_region)s (provinces, dates and product "
                    "categories).",
                    dealer=auth.partner_id.display_name,
                    region=auth.region_id.complete_name,
                    other=other.partner_id.display_name,
                    other_region=other.region_id.complete_name,
                ))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        auths = super().create(vals_list)
        for auth in auths:
            auth.partner_id.message_post(body=self.env._(
                "Authorization granted: %(name)s", name=auth.name
            ))
        return auths

    def write(self, vals):
        res = super().write(vals)
        if "active" in vals:
            for auth in self:
                auth.partner_id.message_post(body=(
                    self.env._("Authorization restored: %(name)s", name=auth.name)
                    if vals["active"]
                    else self.env._("Authorization revoked: %(name)s", name=auth.name)
                ))
        return res

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------
    @api.model
    def _date_domain(self, date):
        """Domain of the authorizations valid on ``date``."""
        return [
            "|", ("date_from", "=", False), ("date_from", "<=", date),
            "|", ("date_to", "=", False), ("date_to", ">=", date),
        ]

    def _overlaps(self, other):
        """Same dates and product categories (regions are checked by the caller)."""
        self.ensure_one()
        if self.date_to and other.date_from and self.date_to < other.date_from:
            return False
        if other.date_to and self.date_from and other.date_to < self.date_from:
            return False
        if not self.product_categ_ids or not other.product_categ_ids:
            return True
        return any(
            mine.parent_path.startswith(theirs.parent_path) or theirs.parent_path.startswith(mine.parent_path)
            for mine in self.product_categ_ids
            for theirs in other.product_categ_ids
        )

    def _covers_category(self, categ):
        """True when one of these authorizations covers product category ``categ``."""
        for auth in self:
            if not auth.product_categ_ids:
                return True
            if categ and any(categ.parent_path.startswith(c.parent_path) for c in auth.product_categ_ids):
                return True
        return False
