from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DealerRegion(models.Model):
    _name = "dealer.region"
    _description = "Sales Region"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    parent_id = fields.Many2one("dealer.region", string="Parent Region", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("dealer.region", "parent_id", string="Sub-regions")
    state_ids = fields.Many2many(
        "res.country.state",
        "dealer_region_country_state_rel",
        "region_id",
        "state_id",
        string="Provinces",
        help="Provinces directly in this region. A region also contains the "
        "provinces of all its sub-regions.",
    )
    all_state_ids = fields.Many2many(
        "res.country.state",
        compute="_compute_all_state_ids",
        recursive=True,
        string="All Provinces",
        help="Provinces of this region and of all its sub-regions.",
    )
    active = fields.Boolean(default=True)
    authorization_ids = fields.One2many("dealer.authorization", "region_id", string="Authorizations")

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a sales region must be unique."),
    ]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for region in self:
            if region.parent_id:
                region.complete_name = f"{region.parent_id.complete_name} / {region.name}"
            else:
                region.complete_name = region.name

    @api.depends("state_ids", "child_ids.all_state_ids")
    def _compute_all_state_ids(self):
        if not self.ids:
            for region in self:
                region.all_state_ids = region.state_ids
            return
        self.flush_model(["parent_path"])
        self.env["res.country.state"].flush_model()
        # one query for the whole batch: every descendant's provinces
        self.env.cr.execute(
            """
            SELECT root.id, array_agg(DISTINCT rel.state_id)
              FROM dealer_region root
              JOIN dealer_region sub ON sub.parent_path LIKE root.parent_path || '%%'
              JOIN dealer_region_country_state_rel rel ON rel.region_id = sub.id
             WHERE root.id IN %s
          GROUP BY root.id
            """,
            [tuple(self.ids)],
        )
        states = dict(self.env.cr.fetchall())
        for region in self:
            region.all_state_ids = [(6, 0, states.get(region.id, []))]

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A sales region cannot contain itself."))

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------
    @api.model
    def _get_covering_regions(self, state):
        """Regions that contain the province(s) ``state`` (res.country.state):
        the regions that list them and all their ancestors, whatever the depth."""
        if not state:
            return self.browse()
        direct = self.search_fetch([("state_ids", "in", state.ids)], ["parent_path"])
        ids = {int(i) for region in direct for i in region.parent_path.split("/")[:-1]}
        return self.browse(sorted(ids))

    def _contains_partner(self, partner):
        """True when the partner's province lies in one of these regions."""
        return bool(partner.state_id) and partner.state_id in self.all_state_ids
