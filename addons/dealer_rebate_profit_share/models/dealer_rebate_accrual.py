from odoo import fields, models


class DealerRebateAccrual(models.Model):
    _inherit = "dealer.rebate.accrual"

    # accruals are a cache rebuilt from the policies: without the kind, they go
    kind = fields.Selection(selection_add=[("profit_share", "Profit Share")], ondelete={"profit_share": "cascade"})
