from odoo import fields, models


class DealerTier(models.Model):
    _name = "dealer.tier"
    _description = "Dealer Tier"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a dealer tier must be unique."),
    ]
