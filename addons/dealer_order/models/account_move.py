from odoo import fields, models


class AccountMove(models.Model):
    """Customer invoices of dealer orders carry the invoice details (title, taxpayer ID, type,
    bank) of their order, from which the Chinese invoice (发票) is issued."""

    _name = "account.move"
    _inherit = ["account.move", "dealer.fapiao.mixin"]

    dealer_fapiao_type = fields.Selection(tracking=True)
    dealer_fapiao_title = fields.Char(tracking=True)
    dealer_fapiao_tax_number = fields.Char(tracking=True)
