from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class DealerNotice(models.Model):
    """A notice (公告) of the brand to its dealers, shown on the dealer's portal home page while
    it is published and valid. Addressed to all dealers, to dealer levels or to sales regions
    (the dealers whose province lies in them, sub-regions included); the record rules decide
    which dealer reads which notice."""

    _name = "dealer.notice"
    _description = "Dealer Notice"
    _inherit = ["mail.thread"]
    _order = "pinned desc, date_from desc, id desc"

    name = fields.Char(string="Title", required=True, tracking=True)
    body = fields.Html(string="Text", sanitize=True)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("archived", "Withdrawn")],
        default="draft", required=True, tracking=True, index=True, copy=False,
    )
    pinned = fields.Boolean(help="Pinned notices come first.", tracking=True)
    date_from = fields.Date(string="Valid from", required=True, default=fields.Date.context_today, tracking=True)
    date_to = fields.Date(string="Valid until", tracking=True, help="Empty: until withdrawn.")
    target = fields.Selection(
        [("all", "All dealers"), ("level", "Dealer levels"), ("region", "Sales regions")],
        string="Addressed to", default="all", required=True, tracking=True,
    )
    level_ids = fields.Many2many("dealer.level", string="Levels")
    region_ids = fields.Many2many("dealer.region", string="Regions")
    dealer_state_ids = fields.Many2many(
        "res.country.state", "dealer_notice_country_state_rel", "notice_id", "state_id",
        string="Provinces Addressed", compute="_compute_dealer_state_ids", store=True,
        help="The provinces of the regions addressed, sub-regions included (what the record rules compare "
             "the dealer's province with).",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    user_id = fields.Many2one("res.users", string="Published by", readonly=True, copy=False)

    # the regions' provinces, sub-regions included: the provinces of the regions and of their
    # sub-regions four levels deep (大区 / 省 / 市 / 区 is as deep as sales regions go)
    @api.depends("region_ids.state_ids", "region_ids.child_ids.state_ids", "region_ids.child_ids.child_ids.state_ids",
                 "region_ids.child_ids.child_ids.child_ids.state_ids",
                 "region_ids.child_ids.child_ids.child_ids.child_ids.state_ids")
    def _compute_dealer_state_ids(self):
        for notice in self:
            notice.dealer_state_ids = notice.region_ids.all_state_ids

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for notice in self:
            if notice.date_to and notice.date_to < notice.date_from:
                raise ValidationError(self.env._("Notice %(name)s ends before it starts.", name=notice.name))

    @api.constrains("target", "level_ids", "region_ids")
    def _check_target(self):
        for notice in self:
            if notice.target == "level" and not notice.level_ids:
                raise ValidationError(self.env._("Choose the dealer levels notice %(name)s is for.", name=notice.name))
            if notice.target == "region" and not notice.region_ids:
                raise ValidationError(self.env._("Choose the sales regions notice %(name)s is for.", name=notice.name))

    def action_publish(self):
        if self.filtered(lambda notice: not notice.name or not notice.body):
            raise UserError(self.env._("A notice needs a title and a text before it is published."))
        self.write({"state": "published", "user_id": self.env.user.id})

    def action_withdraw(self):
        self.write({"state": "archived"})

    def action_draft(self):
        self.write({"state": "draft"})

    @api.model
    def _dealer_portal_notices(self, limit=5):
        """The published notices valid today that the current user reads (record rules: those
        addressed to its dealer), pinned first."""
        today = fields.Date.context_today(self)
        return self.search([
            ("state", "=", "published"), ("date_from", "<=", today),
            "|", ("date_to", "=", False), ("date_to", ">=", today),
        ], limit=limit)
