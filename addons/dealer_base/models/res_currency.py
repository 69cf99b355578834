from odoo import api, models, tools

from ..tools import amount_to_chinese_capital


class ResCurrency(models.Model):
    _inherit = "res.currency"

    @api.readonly  # a pure read: over RPC, served by a read replica when there is one
    def amount_to_text(self, amount):
        """Chinese capital numerals (人民币大写) for CNY in Chinese."""
        self.ensure_one()
        if self.name == "CNY" and tools.get_lang(self.env).code.startswith("zh"):
            return amount_to_chinese_capital(amount)
        return super().amount_to_text(amount)
