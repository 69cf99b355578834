from odoo import fields, models


class DealerLevel(models.Model):
    _name = "dealer.level"
    _description = "Dealer Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(
        default=10,
        help="Position in the chain: a dealer's upline must have a lower sequence.",
    )
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    partner_count = fields.Integer(compute="_compute_partner_count", string="Dealers")

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a dealer level must be unique."),
    ]

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("dealer_level_id", "in", self.ids)], ["dealer_level_id"], ["__count"]
            )
        )
        for level in self:
            level.partner_count = counts.get(level, 0)
