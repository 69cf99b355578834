from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dealer_base.tools import format_qty


class DealerRebateThreshold(models.Model):
    _name = "dealer.rebate.threshold"
    _description = "Dealer Rebate Threshold"
    _order = "policy_id, min_amount, min_growth, id"

    policy_id = fields.Many2one("dealer.rebate.policy", required=True, index=True, ondelete="cascade")
    kind = fields.Selection(related="policy_id.kind")
    currency_id = fields.Many2one(related="policy_id.currency_id")
    min_amount = fields.Monetary(
        string="From Amount",
        help="Volume, category and freight rebates: the threshold is reached when the period's base is at "
        "least this amount.",
    )
    min_growth = fields.Float(
        string="From Growth (%)", digits=(16, 2),
        help="Growth rebates: the threshold is reached when the growth over the same period one year earlier "
        "is at least this percentage. A 0% threshold also rewards dealers without sales the year before (on "
        "all their new sales).",
    )
    rate = fields.Float(string="Rate (%)", digits=(16, 4), required=True)

    def _get_minimum(self):
        self.ensure_one()
        return self.min_growth if self.policy_id.kind == "growth" else self.min_amount

    def _get_label(self):
        self.ensure_one()
        if self.policy_id.kind == "growth":
            return "≥ %s%%" % format_qty(self.min_growth, 0.0001)
        return f"≥ {self.min_amount:,.2f}"

    @api.depends("min_amount", "min_growth", "rate", "policy_id.kind")
    def _compute_display_name(self):
        for threshold in self:
            threshold.display_name = "%s → %s%%" % (threshold._get_label(), format_qty(threshold.rate, 0.0001))

    @api.constrains("min_amount", "min_growth", "rate")
    def _check_values(self):
        for policy in self.policy_id:
            self._check_policy_thresholds(policy)

    @api.model
    def _check_policy_thresholds(self, policy):
        """Rates between 0 and 100 %, minimums ≥ 0, no two thresholds at the same
        minimum (overlap) and no lower rate at a higher minimum."""
        if policy.uses_sources:
            return
        if any(threshold.rate < 0 or threshold.rate > 100 for threshold in policy.threshold_ids):
            raise ValidationError(self.env._(
                "%(policy)s: rebate rates are percentages between 0 and 100.", policy=policy.name,
            ))
        if any(threshold.min_amount < 0 or threshold.min_growth < 0 for threshold in policy.threshold_ids):
            raise ValidationError(self.env._("%(policy)s: thresholds cannot be negative.", policy=policy.name))
        ordered = policy.threshold_ids.sorted(lambda t: (t._get_minimum(), t.rate))
        for lower, upper in zip(ordered, ordered[1:], strict=False):
            if policy.currency_id.compare_amounts(lower._get_minimum(), upper._get_minimum()) == 0:
                raise ValidationError(self.env._(
                    "%(policy)s: two thresholds start at %(minimum)s; thresholds must not overlap.",
                    policy=policy.name, minimum=lower._get_label(),
                ))
            if upper.rate < lower.rate:
                raise ValidationError(self.env._(
                    "%(policy)s: thresholds must increase: %(upper)s pays %(upper_rate)s%% but the lower "
                    "threshold %(lower)s pays %(lower_rate)s%%.",
                    policy=policy.name, upper=upper._get_label(), upper_rate=format_qty(upper.rate, 0.0001),
                    lower=lower._get_label(), lower_rate=format_qty(lower.rate, 0.0001),
                ))
