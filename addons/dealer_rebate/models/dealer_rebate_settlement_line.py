from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .dealer_rebate_policy import REBATE_KINDS


class DealerRebateSettlementLine(models.Model):
    _name = "dealer.rebate.settlement.line"
    _description = "Dealer Rebate Settlement Line"
    _order = "settlement_id desc, amount desc, id"
    _check_company_auto = True

    settlement_id = fields.Many2one(
        "dealer.rebate.settlement", required=True, index=True, ondelete="cascade", check_company=True,
    )
    # copies of the settlement's policy and period, written once at creation (the
    # settlement's policy and period cannot change once it has lines): they carry the
    # "settled once" unique index and the analyses, and thousands of lines are created
    # without recomputing related fields line by line
    policy_id = fields.Many2one("dealer.rebate.policy", readonly=True, index=True, ondelete="restrict")
    kind = fields.Selection(REBATE_KINDS, readonly=True)
    date_from = fields.Date(string="Period Start", readonly=True)
    date_to = fields.Date(string="Period End", readonly=True)
    period_label = fields.Char(string="Period", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    settlement_state = fields.Selection(related="settlement_id.state", string="Settlement Status")
    company_id = fields.Many2one(related="settlement_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, ondelete="restrict",
    )
    dealer_tier_id = fields.Many2one(related="partner_id.dealer_tier_id", string="Tier")
    dealer_level_id = fields.Many2one(related="partner_id.dealer_level_id", string="Level")
    partner_state_id = fields.Many2one(related="partner_id.state_id", string="Province")
    base_amount = fields.Monetary(
        string="Base", readonly=True,
        help="Net invoiced sales (volume, category), increase over the previous year (growth), delivered sales "
        "(freight) or the documents settled (e.g. fulfillment profit shares).",
    )
    current_amount = fields.Monetary(string="Period Sales", readonly=True)
    previous_amount = fields.Monetary(string="Previous Year", readonly=True)
    growth_percent = fields.Float(string="Growth (%)", digits=(16, 2), readonly=True)
    rate = fields.Float(
        string="Rate (%)", digits=(16, 4), readonly=True,
        help="Rate applied; in progressive mode the effective rate (rebate / base).",
    )
    amount = fields.Monetary(string="Rebate", readonly=True)
    threshold_id = fields.Many2one("dealer.rebate.threshold", string="Threshold Reached", readonly=True,
                                   ondelete="set null")
    explanation = fields.Text(readonly=True)
    state = fields.Selection(
        [("draft", "To Credit"), ("posted", "Credited")], required=True, default="draft", readonly=True,
        index=True,
    )
    transaction_id = fields.Many2one("dealer.wallet.transaction", readonly=True, string="Wallet Transaction",
                                     index="btree_not_null")
    move_id = fields.Many2one(related="transaction_id.move_id", string="Journal Entry")
    source_ids = fields.One2many("dealer.rebate.settlement.source", "line_id", string="Settled Documents")

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "A settlement line credits a positive rebate."),
    ]

    def init(self):
        super().init()
        # a (policy, period, dealer) is credited once, ever, whatever the number of
        # settlements and concurrent confirmations
        self.env.cr.execute(SQL(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS dealer_rebate_settlement_line_settled_once
                ON dealer_rebate_settlement_line (policy_id, date_from, partner_id)
             WHERE state = 'posted'
            """
        ))

    @api.depends("partner_id", "settlement_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = "%s / %s" % (line.settlement_id.name or "", line.partner_id.display_name or "")

    @api.model_create_multi
    def create(self, vals_list):
        settlements = self.env["dealer.rebate.settlement"].browse(
            {vals["settlement_id"] for vals in vals_list if "policy_id" not in vals}
        )
        related = {settlement.id: settlement._line_related_vals() for settlement in settlements}
        for vals in vals_list:
            if "policy_id" not in vals:
                vals.update(related[vals["settlement_id"]])
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if any(line.state == "posted" for line in self):
            raise UserError(self.env._("Credited settlement lines cannot be deleted."))

    def _idempotency_key(self):
        """The wallet request key of this line: the same (policy, period, dealer) can
        never be credited twice, even by a retried confirmation."""
        self.ensure_one()
        return "rebate:%s:%s:%s" % (self.policy_id.id, self.date_from, self.partner_id.id)

    # ------------------------------------------------------------------
    # Drill-down
    # ------------------------------------------------------------------
    def action_view_base(self):
        """The documents the base was computed from: invoice lines (volume, category,
        growth: both years), delivery moves (freight) or the settled documents."""
        self.ensure_one()
        policy = self.policy_id
        if self.kind == "freight":
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Deliveries of %(dealer)s", dealer=self.partner_id.display_name),
                "res_model": "stock.move",
                "view_mode": "list,form",
                "domain": policy._get_stock_move_domain(self.date_from, self.date_to, self.partner_id),
                "context": {"create": False},
            }
        if policy.uses_sources:
            model = self.source_ids[:1].res_model or "dealer.rebate.settlement.source"
            ids = self.source_ids.mapped("res_id") if self.source_ids[:1].res_model else self.source_ids.ids
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("%(documents)s of %(dealer)s", documents=self.env[model]._description,
                                   dealer=self.partner_id.display_name),
                "res_model": model,
                "view_mode": "list,form",
                "domain": [("id", "in", ids)],
                "context": {"create": False},
            }
        domain = policy._get_invoice_line_domain(
            self.date_from, self.date_to, self.partner_id, with_previous_year=self.kind == "growth",
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invoice lines of %(dealer)s", dealer=self.partner_id.display_name),
            "res_model": "account.move.line",
            "view_mode": "list,form",
            "views": [(self.env.ref("account.view_move_line_tree").id, "list"), (False, "form")],
            "domain": domain,
            "context": {"create": False, "search_default_group_by_move": 0},
        }
