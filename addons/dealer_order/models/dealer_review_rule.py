from odoo import api, fields, models

REVIEW_RULE_CODES = [
    ("stock", "Free Stock"),
    ("payment", "Wallet Payment"),
    ("region", "Region Authorization"),
    ("catalog", "Product Pool"),
    ("moq", "Minimum Order Quantity"),
    ("overdue", "Overdue Invoices"),
    ("fulfillment", "Fulfillment Dealer"),
]


class DealerReviewRule(models.Model):
    """One automatic check of the dealer order review.

    The check itself is the method ``sale.order._dealer_review_check_<code>(rule)``
    returning the list of reasons that fail (empty: passed). A module adds a rule
    by extending ``code`` with ``selection_add`` and defining that method.
    """

    _name = "dealer.review.rule"
    _description = "Dealer Order Review Rule"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Selection(REVIEW_RULE_CODES, required=True, tracking=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    action = fields.Selection(
        [("hold", "Hold for Review"), ("reject", "Reject")], required=True, default="hold", tracking=True,
        help="What a failure of this rule does to the order: hold it in the review queue or reject it.",
    )
    company_id = fields.Many2one(
        "res.company", index=True,
        help="Empty: the rule applies to the orders of every company.",
    )
    grace_days = fields.Integer(
        default=0, tracking=True,
        help="Overdue rule: invoices are overdue when their due date is more than this many days ago.",
    )
    description = fields.Text(translate=True, help="What the rule checks, for the operators.")

    _sql_constraints = [
        ("grace_days_positive", "CHECK(grace_days >= 0)", "The grace days cannot be negative."),
    ]

    @api.model
    def _get_rules_for(self, order):
        """The active rules reviewing ``order``: those of its flow configuration
        (every active rule of the company when the flow lists none)."""
        flow = order._dealer_order_flow()
        rules = flow.review_rule_ids.filtered("active") if flow.review_rule_ids else self.search([
            ("company_id", "in", (order.company_id.id, False)),
        ])
        return rules.filtered(lambda rule: not rule.company_id or rule.company_id == order.company_id).sorted(
            lambda rule: (rule.sequence, rule.id))
