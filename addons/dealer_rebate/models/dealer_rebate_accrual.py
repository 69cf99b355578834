from odoo import api, fields, models

from odoo.addons.dealer_base.tools import in_user_language

from ..tools import last_closed_period, period_bounds, period_label
from .dealer_rebate_policy import REBATE_KINDS


class DealerRebateAccrual(models.Model):
    """Rebates earned so far in the periods not settled yet (current period and the
    last closed one until its settlement is confirmed), per policy and dealer.

    A cache rebuilt from the posted documents by :meth:`_refresh` (button and daily
    scheduled job) with the same engine as the settlements, so the pivot reads a
    plain table.
    """

    _name = "dealer.rebate.accrual"
    _description = "Dealer Rebate Accrual"
    _order = "date_from desc, policy_id, amount desc"
    _check_company_auto = True

    policy_id = fields.Many2one("dealer.rebate.policy", required=True, index=True, ondelete="cascade",
                                readonly=True)
    kind = fields.Selection(REBATE_KINDS, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, index=True, readonly=True,
                                 ondelete="cascade")
    dealer_tier_id = fields.Many2one("dealer.tier", string="Tier", readonly=True)
    dealer_level_id = fields.Many2one("dealer.level", string="Level", readonly=True)
    partner_state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    date_from = fields.Date(string="Period Start", readonly=True)
    date_to = fields.Date(string="Period End", readonly=True)
    period_label = fields.Char(string="Period", readonly=True)
    period_state = fields.Selection(
        [("open", "Current Period"), ("closed", "Closed, Not Settled")], readonly=True, string="Period Status",
    )
    base_amount = fields.Monetary(string="Base", readonly=True)
    current_amount = fields.Monetary(string="Period Sales", readonly=True)
    previous_amount = fields.Monetary(string="Previous Year", readonly=True)
    growth_percent = fields.Float(string="Growth (%)", digits=(16, 2), readonly=True)
    rate = fields.Float(string="Rate (%)", digits=(16, 4), readonly=True)
    amount = fields.Monetary(string="Accrued Rebate", readonly=True)
    gap_amount = fields.Monetary(
        string="To Next Threshold", readonly=True,
        help="Additional base (sales, or increase for growth rebates) needed to reach the next threshold.",
    )
    next_rate = fields.Float(string="Next Rate (%)", digits=(16, 4), readonly=True)
    explanation = fields.Text(readonly=True)
    refreshed_on = fields.Datetime(readonly=True)

    @api.model
    def _open_periods(self, policy, today):
        periods = []
        current = period_bounds(today, policy.period)
        closed = last_closed_period(today, policy.period)
        confirmed = self.env["dealer.rebate.settlement"].search_count([
            ("policy_id", "=", policy.id), ("date_from", "=", closed[0]), ("state", "=", "confirmed"),
        ], limit=1)
        if not confirmed:
            periods.append((closed, "closed"))
        periods.append((current, "open"))
        return [
            (bounds, state) for bounds, state in periods
            if not (policy.date_start and bounds[1] < policy.date_start)
            and not (policy.date_end and bounds[0] > policy.date_end)
        ]

    @api.model
    def _refresh(self, policies=None):
        """Rebuild the accruals of ``policies`` (default: every active policy of the
        allowed companies)."""
        Policy = self.env["dealer.rebate.policy"]
        policies = policies if policies is not None else Policy.search([
            ("company_id", "in", self.env.companies.ids),
        ])
        # sudo: the accruals are a cache derived entirely from posted documents and the
        # policies the user can read; users of the dealer menus refresh it without
        # write access on the table.
        self.sudo().search([("policy_id", "in", policies.ids)]).unlink()
        now = fields.Datetime.now()
        vals_list = []
        for policy in policies:
            if not policy.uses_sources and not policy.threshold_ids:
                continue
            today = fields.Date.context_today(self)
            thresholds = policy.threshold_ids.sorted(lambda t: (t._get_minimum(), t.id))
            for (date_from, date_to), period_state in self._open_periods(policy, today):
                values = policy._compute_rebates(date_from, date_to, keep_zero=True)
                partners = self.env["res.partner"].browse([value["partner_id"] for value in values])
                partners.fetch(["dealer_tier_id", "dealer_level_id", "state_id"])
                for value, partner in zip(values, partners, strict=True):
                    gap, next_rate = self._next_threshold(policy, thresholds, value)
                    vals_list.append({
                        "policy_id": policy.id, "kind": policy.kind, "company_id": policy.company_id.id,
                        "partner_id": partner.id, "dealer_tier_id": partner.dealer_tier_id.id,
                        "dealer_level_id": partner.dealer_level_id.id, "partner_state_id": partner.state_id.id,
                        "date_from": date_from, "date_to": date_to,
                        "period_label": period_label(date_from, policy.period), "period_state": period_state,
                        "base_amount": value["base_amount"], "current_amount": value["current_amount"],
                        "previous_amount": value["previous_amount"], "growth_percent": value["growth_percent"],
                        "rate": value["rate"], "amount": value["amount"], "gap_amount": gap,
                        "next_rate": next_rate, "explanation": value["explanation"], "refreshed_on": now,
                    })
        return self.sudo().create(vals_list).sudo(False)  # sudo: see above

    @api.model
    def _next_threshold(self, policy, thresholds, value):
        """(missing base, rate) of the first threshold above the dealer's position."""
        if policy.uses_sources:
            return 0.0, 0.0
        for threshold in thresholds:
            if policy.kind == "growth":
                previous = value["previous_amount"]
                if previous <= 0:
                    continue
                needed = previous * threshold.min_growth / 100.0
            else:
                needed = threshold.min_amount
            if needed > value["base_amount"]:
                return policy.currency_id.round(needed - value["base_amount"]), threshold.rate
        return 0.0, 0.0

    def action_refresh(self):
        self._refresh()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    @api.model
    @in_user_language
    def _cron_refresh(self):
        self._refresh(self.env["dealer.rebate.policy"].search([]))
