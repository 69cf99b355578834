from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

FACTORS = ("punctuality", "tenure", "volume", "overdue")


class DealerCreditEvaluation(models.Model):
    _name = "dealer.credit.evaluation"
    _description = "Dealer Credit Evaluation"
    _inherit = ["mail.thread", "dealer.eligibility.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True,
                       help="The 12-month window of the factors ends on this date.")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one("res.users", string="Reviewer", default=lambda self: self.env.user, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("computed", "To Review"), ("applied", "Applied"), ("cancel", "Cancelled")],
        default="draft", required=True, readonly=True, tracking=True, index=True,
    )
    # which dealers: dealer.eligibility.mixin; with no dealer listed, the active dealer companies
    partner_ids = fields.Many2many(help="Leave empty to evaluate every active dealer matching the other conditions.")
    weight_punctuality = fields.Float(readonly=True, string="Weight: Punctuality")
    weight_tenure = fields.Float(readonly=True, string="Weight: Tenure")
    weight_volume = fields.Float(readonly=True, string="Weight: Volume")
    weight_overdue = fields.Float(readonly=True, string="Weight: Overdue")
    line_ids = fields.One2many("dealer.credit.evaluation.line", "evaluation_id", string="Results", copy=False)
    line_count = fields.Integer(compute="_compute_line_count")
    note = fields.Html()

    @api.depends("line_ids")
    def _compute_line_count(self):
        for evaluation in self:
            evaluation.line_count = len(evaluation.line_ids)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dealer.credit.evaluation") or "/"
        return super().create(vals_list)

    def _get_partners(self):
        self.ensure_one()
        domain = self._dealer_eligibility_partner_domain() + [("company_id", "in", (False, self.company_id.id))]
        if not self.partner_ids:
            domain += [("dealer_state", "=", "active"), ("is_company", "=", True)]
        return self.env["res.partner"].search(domain)

    def action_compute(self):
        for evaluation in self:
            if evaluation.state not in ("draft", "computed"):
                raise UserError(self.env._("Only draft evaluations can be computed."))
            company = evaluation.company_id
            weights = {factor: company["dealer_credit_weight_%s" % factor] for factor in FACTORS}
            if sum(weights.values()) <= 0:
                raise UserError(self.env._("Set at least one positive credit weight in the settings."))
            partners = evaluation._get_partners()
            if not partners:
                raise UserError(self.env._("No dealer to evaluate."))
            factors = evaluation._compute_factors(partners)
            wallets = {
                wallet.partner_id.id: wallet for wallet in self.env["dealer.wallet"].search([
                    ("partner_id", "in", partners.ids), ("wallet_type", "=", "credit"),
                    ("company_id", "=", company.id),
                ])
            }
            line_vals = []
            for partner in partners:
                data = factors[partner.id]
                score = sum(weights[f] * data["score_%s" % f] for f in FACTORS) / sum(weights.values())
                suggested = data["volume"] / 12.0 * company.dealer_credit_limit_months * score / 100.0
                suggested = float_round(
                    suggested, precision_rounding=company.dealer_credit_limit_rounding or company.currency_id.rounding,
                    rounding_method="DOWN",
                )
                wallet = wallets.get(partner.id)
                line_vals.append({
                    "partner_id": partner.id, **data, "score": score,
                    "current_limit": wallet.credit_limit if wallet else 0.0,
                    "suggested_limit": suggested, "approved_limit": suggested,
                })
            evaluation.line_ids = [fields.Command.clear()] + [fields.Command.create(vals) for vals in line_vals]
            evaluation.write({
                "state": "computed", **{"weight_%s" % factor: weight for factor, weight in weights.items()},
            })
        return True

    def _compute_factors(self, partners):
        """Factor values and 0-100 scores per dealer, a few grouped queries for the batch."""
        self.ensure_one()
        date_to = self.date
        date_from = date_to - relativedelta(months=12)
        Move = self.env["account.move"]
        base_domain = [
            ("company_id", "=", self.company_id.id), ("state", "=", "posted"),
            ("commercial_partner_id", "in", partners.ids),
        ]
        volume = dict(Move._read_group(
            base_domain + [("move_type", "in", ("out_invoice", "out_refund")),
                           ("invoice_date", ">", date_from), ("invoice_date", "<=", date_to)],
            ["commercial_partner_id"], ["amount_untaxed_signed:sum"],
        ))
        overdue = dict(Move._read_group(
            base_domain + [("move_type", "=", "out_invoice"), ("invoice_date_due", "<", date_to),
                           ("payment_state", "in", ("not_paid", "partial"))],
            ["commercial_partner_id"], ["amount_residual_signed:sum"],
        ))
        late_unpaid = dict(Move._read_group(
            base_domain + [("move_type", "=", "out_invoice"), ("invoice_date_due", "<", date_to),
                           ("invoice_date_due", ">", date_from), ("payment_state", "in", ("not_paid", "partial"))],
            ["commercial_partner_id"], ["__count"],
        ))
        paid = Move.search(base_domain + [
            ("move_type", "=", "out_invoice"), ("payment_state", "in", ("paid", "in_payment")),
            ("invoice_date_due", ">", date_from), ("invoice_date_due", "<=", date_to),
        ])
        on_time, paid_count = defaultdict(int), defaultdict(int)
        for invoice in paid:
            receivable = invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
            partials = receivable.matched_credit_ids | receivable.matched_debit_ids
            paid_date = max(partials.mapped("max_date"), default=invoice.invoice_date)
            paid_count[invoice.commercial_partner_id.id] += 1
            if paid_date <= invoice.invoice_date_due:
                on_time[invoice.commercial_partner_id.id] += 1
        max_volume = max([max(amount, 0.0) for amount in volume.values()] or [0.0])
        result = {}
        for partner in partners:
            partner_volume = max(volume.get(partner, 0.0), 0.0)
            partner_overdue = max(overdue.get(partner, 0.0), 0.0)
            evaluated = paid_count[partner.id] + late_unpaid.get(partner, 0)
            punctuality = 100.0 * on_time[partner.id] / evaluated if evaluated else 50.0
            start = partner.dealer_date_start or partner.create_date.date()
            months = max((date_to.year - start.year) * 12 + date_to.month - start.month, 0)
            monthly = partner_volume / 12.0
            if not partner_overdue:
                overdue_score = 100.0
            elif monthly:
                overdue_score = max(0.0, 100.0 - 100.0 * partner_overdue / monthly)
            else:
                overdue_score = 0.0
            result[partner.id] = {
                "volume": partner_volume,
                "overdue_amount": partner_overdue,
                "tenure_months": months,
                "punctuality_rate": punctuality,
                "score_punctuality": punctuality,
                "score_tenure": min(months / 36.0, 1.0) * 100.0,
                "score_volume": 100.0 * partner_volume / max_volume if max_volume else 0.0,
                "score_overdue": overdue_score,
            }
        return result

    def action_apply(self):
        """Set the approved limits of the selected lines on the dealers' credit wallets."""
        for evaluation in self:
            if evaluation.state != "computed":
                raise UserError(self.env._("Compute the evaluation before applying it."))
            lines = evaluation.line_ids.filtered("to_apply")
            if not lines:
                raise UserError(self.env._("Select at least one result to apply."))
            Wallet = self.env["dealer.wallet"]
            for line in lines:
                wallet = Wallet._get_wallet(line.partner_id, "credit", company=evaluation.company_id)
                wallet._lock()
                if wallet.currency_id.compare_amounts(line.approved_limit, wallet.credit_limit):
                    wallet.credit_limit = line.approved_limit
                    wallet.message_post(body=self.env._(
                        "Regular credit limit set to %(limit)s by evaluation %(evaluation)s (score %(score)s).",
                        limit=wallet._format_amount(line.approved_limit), evaluation=evaluation.name,
                        score="%.1f" % line.score,
                    ))
                line.write({"state": "applied", "wallet_id": wallet.id})
            (evaluation.line_ids - lines).write({"state": "skipped"})
            evaluation.state = "applied"
        return True

    def action_cancel(self):
        if any(evaluation.state == "applied" for evaluation in self):
            raise UserError(self.env._("An applied evaluation is kept as history and cannot be cancelled."))
        self.state = "cancel"

    def action_draft(self):
        self.filtered(lambda e: e.state == "cancel").state = "draft"
