from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import eligibility

# field of the mixin -> column of the dealer's (commercial partner's) res_partner row
PARTNER_COLUMNS = {
    "tier_ids": "dealer_tier_id",
    "type_ids": "dealer_type_id",
    "level_ids": "dealer_level_id",
    "sales_mode_ids": "dealer_sales_mode_id",
    "region_ids": "state_id",  # through the provinces of the regions and their sub-regions
    "partner_ids": "id",
}


class DealerEligibilityMixin(models.AbstractModel):
    """The dealers a record is for: one set of dimensions, one rule, three forms.

    Product pools, promotion rules, crowdfunding campaigns, rebate policies and
    credit evaluations inherit it. The rule (see ``tools/eligibility.py``):
    an empty dimension does not restrict; every dimension that is set must hold
    (the list of dealers included); only dealers are eligible.

    The same rule is available as

    - a Python check: :meth:`_dealer_eligibility_mismatch`, :meth:`_is_dealer_eligible`
      (and, without the ORM, ``tools.eligibility.mismatch`` on
      :meth:`_dealer_eligibility_scope` / :meth:`_dealer_eligibility_profile`);
    - domains: :meth:`_dealer_eligibility_domain` (the records a dealer is
      eligible for; also as the search-only field ``eligible_partner_id`` for
      record rules) and :meth:`_dealer_eligibility_partner_domain` (the dealers
      of a record);
    - SQL for set-based queries: :meth:`_dealer_eligibility_sql` (a record row
      admits a dealer, given as literal values or as the columns of a partner
      row) and :meth:`_dealer_eligibility_partner_sql` (a partner row is in the
      scope of one record).

    An inheriting model keeps its own relation tables by redefining a field
    with ``relation``/``column1``/``column2`` only; strings and helps come from
    here.
    """

    _name = "dealer.eligibility.mixin"
    _description = "Dealer Eligibility"

    # internal users only: who else a record is for is not a dealer's business (the portal
    # shows a record to the dealers it is for: eligible_partner_id in record rules)
    tier_ids = fields.Many2many(
        "dealer.tier", string="Dealer Tiers", groups="base.group_user", help="Leave empty for every tier.",
    )
    type_ids = fields.Many2many(
        "dealer.type", string="Dealer Types", groups="base.group_user", help="Leave empty for every dealer type.",
    )
    level_ids = fields.Many2many(
        "dealer.level", string="Dealer Levels", groups="base.group_user", help="Leave empty for every level.",
    )
    sales_mode_ids = fields.Many2many(
        "dealer.sales.mode", string="Sales Modes", groups="base.group_user", help="Leave empty for every sales mode.",
    )
    region_ids = fields.Many2many(
        "dealer.region", string="Regions", groups="base.group_user",
        help="Dealers whose province lies in one of these regions (sub-regions included). "
        "Leave empty for every region.",
    )
    partner_ids = fields.Many2many(
        "res.partner", string="Dealers", domain="[('is_dealer', '=', True)]", groups="base.group_user",
        help="Only these dealers, and only when they also meet the other conditions. "
        "Leave empty for every dealer.",
    )
    eligible_partner_id = fields.Many2one(
        "res.partner", string="Eligible Dealer", compute="_compute_eligible_partner_id",
        search="_search_eligible_partner_id",
        help="Technical: the current user's dealer when the record is for it (record rules read it "
        "this way); ('eligible_partner_id', '=', dealer id) searches the records of any dealer.",
    )

    @api.depends_context("uid")
    @api.depends(*PARTNER_COLUMNS)
    def _compute_eligible_partner_id(self):
        dealer = self.env.user.commercial_partner_id
        profile = self._dealer_eligibility_profile(dealer) if dealer.is_dealer else None
        scopes = self._dealer_eligibility_scopes() if profile else {}
        for record in self:
            scope = scopes.get(record.id)
            record.eligible_partner_id = dealer if scope and eligibility.is_eligible(scope, profile) else False

    def _search_eligible_partner_id(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(self.env._("Unsupported search on the eligible dealer: %(op)s", op=operator))
        ids = value if isinstance(value, list | tuple) else [value]
        partners = self.env["res.partner"].browse([pid for pid in ids if isinstance(pid, int)])
        if not partners:
            return expression.FALSE_DOMAIN
        return expression.OR([self._dealer_eligibility_domain(partner) for partner in partners])

    # ------------------------------------------------------------------
    # Python check
    # ------------------------------------------------------------------
    def _dealer_eligibility_scopes(self):
        """``{record id: tools.eligibility.Scope}``: the records' dimensions in one query.

        Read from the relation tables, so that the rule sees every listed dealer,
        tier or region, whatever the current user may read of them.
        """
        records = self.filtered(lambda record: isinstance(record.id, int))
        scopes = {
            record.id: eligibility.Scope(**{fname: frozenset(record[fname]._origin.ids) for fname in PARTNER_COLUMNS})
            for record in self - records
        }
        if records:
            records.flush_recordset(list(PARTNER_COLUMNS))
            arrays = []
            for fname in PARTNER_COLUMNS:
                field = self._fields[fname]
                arrays.append(SQL(
                    "ARRAY(SELECT %s FROM %s WHERE %s = x.id)",
                    SQL.identifier(field.column2), SQL.identifier(field.relation), SQL.identifier(field.column1),
                ))
            self.env.cr.execute(SQL(
                "SELECT x.id, %s FROM unnest(%s::int[]) AS x(id)", SQL(", ").join(arrays), records.ids,
            ))
            for record_id, *ids in self.env.cr.fetchall():
                scopes[record_id] = eligibility.Scope(**{
                    fname: frozenset(values) for fname, values in zip(PARTNER_COLUMNS, ids, strict=True)
                })
        return scopes

    def _dealer_eligibility_scope(self):
        """The record's dimensions as a pure ``tools.eligibility.Scope``."""
        self.ensure_one()
        return self._dealer_eligibility_scopes()[self.id]

    @api.model
    def _dealer_eligibility_profile(self, partner, with_regions=True):
        """The dimensions of ``partner``'s commercial partner as a pure
        ``tools.eligibility.DealerProfile``; ``with_regions=False`` skips the
        one query that finds the regions containing its province."""
        partner = partner.commercial_partner_id
        regions = frozenset()
        if with_regions and partner.state_id:
            # sudo: the region tree is read to place the dealer, whoever asks
            regions = frozenset(self.env["dealer.region"].sudo()._get_covering_regions(partner.state_id).ids)
        return eligibility.DealerProfile(
            partner_id=partner.id,
            tier_id=partner.dealer_tier_id.id or 0,
            type_id=partner.dealer_type_id.id or 0,
            level_id=partner.dealer_level_id.id or 0,
            sales_mode_id=partner.dealer_sales_mode_id.id or 0,
            region_ids=regions,
            is_dealer=bool(partner.is_dealer),
        )

    def _dealer_eligibility_mismatch(self, partner):
        """``""`` when ``partner`` (its commercial partner) is eligible for this
        record, else the code of the failing condition (``tools.eligibility``:
        ``not_dealer``, ``tier``, ``type``, ``level``, ``sales_mode``, ``region``, ``partner``)."""
        self.ensure_one()
        scope = self._dealer_eligibility_scope()
        profile = self._dealer_eligibility_profile(partner, with_regions=bool(scope.region_ids))
        return eligibility.mismatch(scope, profile)

    def _is_dealer_eligible(self, partner):
        return not self._dealer_eligibility_mismatch(partner)

    # ------------------------------------------------------------------
    # Domains
    # ------------------------------------------------------------------
    @api.model
    def _dealer_eligibility_domain(self, partner):
        """Domain of the records of this model ``partner`` is eligible for."""
        profile = self._dealer_eligibility_profile(partner)
        if not profile.is_dealer:
            return expression.FALSE_DOMAIN
        domains = []
        for _code, fname, attr in eligibility.DIMENSIONS:
            value = getattr(profile, attr)
            ids = sorted(value) if isinstance(value, frozenset) else [value] if value else []
            domains.append(["|", (fname, "=", False), (fname, "in", ids)] if ids else [(fname, "=", False)])
        return expression.AND(domains)

    def _dealer_eligibility_partner_ids(self):
        """``{partner column: ids}`` of the dimensions this record sets (regions as
        the provinces they contain)."""
        self.ensure_one()
        scope = self._dealer_eligibility_scope()
        values = {}
        for fname, column in PARTNER_COLUMNS.items():
            ids = getattr(scope, fname)
            if not ids:
                continue
            if fname == "region_ids":
                # sudo: the provinces of the regions, whoever asks
                ids = self.env["dealer.region"].sudo().browse(sorted(ids)).all_state_ids.ids
            values[column] = sorted(ids)
        return values

    def _dealer_eligibility_partner_domain(self):
        """Domain of the dealers (res.partner) eligible for this record."""
        return [("is_dealer", "=", True)] + [
            (column, "in", ids) for column, ids in self._dealer_eligibility_partner_ids().items()
        ]

    # ------------------------------------------------------------------
    # SQL
    # ------------------------------------------------------------------
    @api.model
    def _dealer_eligibility_partner_columns(self, alias):
        """``{field: SQL}`` of the dealer columns of the res_partner row ``alias``
        (a commercial partner), for :meth:`_dealer_eligibility_sql`."""
        values = {fname: SQL.identifier(alias, column) for fname, column in PARTNER_COLUMNS.items()}
        values["is_dealer"] = SQL.identifier(alias, "is_dealer")
        return values

    @api.model
    def _dealer_eligibility_partner_values(self, partner, region_ids=None):
        """``{field: SQL}`` of ``partner``'s dimensions as literals (no query).

        :param region_ids: the regions containing the dealer's province when the caller
            has them already (``DealerProfile.region_ids``): the region test then reads
            them instead of placing the province in the region tree again
        """
        partner = partner.commercial_partner_id
        values = {
            fname: SQL("%s", (partner.id if column == "id" else partner[column].id) or None)
            for fname, column in PARTNER_COLUMNS.items()
        }
        values["is_dealer"] = SQL("%s", bool(partner.is_dealer))
        if region_ids is not None:
            values["covering_region_ids"] = sorted(region_ids)
        return values

    @api.model
    def _dealer_eligibility_unrestricted_sql(self, alias, fname):
        """SQL: the record row ``alias`` leaves dimension ``fname`` empty.
        Models that keep a bit mask of their set dimensions override it."""
        field = self._fields[fname]
        return SQL(
            "NOT EXISTS (SELECT 1 FROM %s WHERE %s = %s)",
            SQL.identifier(field.relation), SQL.identifier(field.relation, field.column1), SQL.identifier(alias, "id"),
        )

    @api.model
    def _dealer_eligibility_sql(self, alias, values):
        """SQL condition: the record row ``alias`` of this model admits the dealer
        whose dimensions are ``values`` (from :meth:`_dealer_eligibility_partner_columns`
        for a join, or :meth:`_dealer_eligibility_partner_values` for one dealer)."""
        self.env["dealer.region"].flush_model(["parent_path", "state_ids"])
        conditions = [values["is_dealer"]]
        for fname in PARTNER_COLUMNS:
            field = self._fields[fname]
            rel = SQL.identifier(field.relation)
            record = SQL.identifier(field.relation, field.column1)
            target = SQL.identifier(field.relation, field.column2)
            if fname == "region_ids" and "covering_region_ids" in values:
                admitted = SQL(
                    "EXISTS (SELECT 1 FROM %s WHERE %s = %s AND %s = ANY(%s))",
                    rel, record, SQL.identifier(alias, "id"), target, values["covering_region_ids"],
                )
            elif fname == "region_ids":
                admitted = SQL(
                    """EXISTS (SELECT 1 FROM %(rel)s
                                 JOIN dealer_region dealer_region_set ON dealer_region_set.id = %(target)s
                                 JOIN dealer_region dealer_region_sub
                                   ON dealer_region_sub.parent_path LIKE dealer_region_set.parent_path || %(any)s
                                 JOIN dealer_region_country_state_rel dealer_region_state
                                   ON dealer_region_state.region_id = dealer_region_sub.id
                                WHERE %(record)s = %(id)s AND dealer_region_state.state_id = %(value)s)""",
                    rel=rel, target=target, any="%", record=record, id=SQL.identifier(alias, "id"),
                    value=values[fname],
                )
            else:
                admitted = SQL(
                    "EXISTS (SELECT 1 FROM %s WHERE %s = %s AND %s = %s)",
                    rel, record, SQL.identifier(alias, "id"), target, values[fname],
                )
            conditions.append(SQL("(%s OR %s)", self._dealer_eligibility_unrestricted_sql(alias, fname), admitted))
        return SQL(" AND ").join(conditions)

    def _dealer_eligibility_partner_sql(self, alias):
        """SQL condition: the res_partner row ``alias`` is a dealer eligible for
        this record (the record's ids inlined: for queries over many dealers)."""
        conditions = [SQL.identifier(alias, "is_dealer")]
        for column, ids in self._dealer_eligibility_partner_ids().items():
            conditions.append(SQL("%s IN %s", SQL.identifier(alias, column), tuple(ids)) if ids else SQL("FALSE"))
        return SQL(" AND ").join(conditions)
