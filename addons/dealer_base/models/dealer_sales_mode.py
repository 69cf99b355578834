from odoo import fields, models


class DealerSalesMode(models.Model):
    _name = "dealer.sales.mode"
    _description = "Dealer Sales Mode"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a sales mode must be unique."),
    ]
