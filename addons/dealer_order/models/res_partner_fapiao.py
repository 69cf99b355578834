from odoo import api, fields, models

from .dealer_fapiao_mixin import normalize_tax_number


# one concern of the model per file, on purpose (the model is merged by the registry)
class ResPartner(models.Model):
    """The dealer's default invoice details, used by its orders (each order may change them).

    The taxpayer ID is Odoo's own tax ID (``vat``): one number per company, synchronised to
    its contacts and printed by the standard documents."""

    _name = "res.partner"
    _inherit = ["res.partner", "dealer.fapiao.mixin"]  # pylint: disable=consider-merging-classes-inherited

    dealer_fapiao_tax_number = fields.Char(related="vat", readonly=False)

    @api.constrains("vat")
    def _check_dealer_fapiao_vat(self):
        self._check_dealer_fapiao()

    def _dealer_fapiao_checked(self):
        # the dealer's own defaults only; any other partner is plain Odoo
        return self.is_dealer and self == self.commercial_partner_id and bool(
            self.dealer_fapiao_type or self.dealer_fapiao_title or any(
                self[name] for name in ("dealer_fapiao_bank_name", "dealer_fapiao_bank_account",
                                        "dealer_fapiao_address", "dealer_fapiao_phone")))

    def _dealer_fapiao_values(self):
        values = super()._dealer_fapiao_values()
        values["dealer_fapiao_type"] = self.dealer_fapiao_type or "ordinary"
        values["dealer_fapiao_title"] = self.dealer_fapiao_title or self.name
        return values

    def _dealer_fapiao_order_values(self):
        """The invoice details a new order of this dealer starts with: its defaults, the
        ordinary invoice to the company's name when it has none; a tax ID that is no valid
        taxpayer ID (typed before these details existed) is left for the buyer to give."""
        self.ensure_one()
        dealer = self.commercial_partner_id
        values = dealer._dealer_fapiao_values()
        values["dealer_fapiao_title"] = (values["dealer_fapiao_title"] or "")[:120] or False
        tax_number = normalize_tax_number(values["dealer_fapiao_tax_number"])
        values["dealer_fapiao_tax_number"] = tax_number or False
        if self._dealer_fapiao_errors({**values, "dealer_fapiao_type": "ordinary"}):
            values["dealer_fapiao_tax_number"] = False
            if values["dealer_fapiao_type"] == "special":  # cannot be one without the number
                values["dealer_fapiao_type"] = "ordinary"
        return values
