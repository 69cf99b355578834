from odoo import models
from odoo.exceptions import ValidationError

from odoo.addons.dealer_order.models.dealer_fapiao_mixin import FAPIAO_FIELDS


# one concern of the model per file, on purpose (the model is merged by the registry)
class ResPartner(models.Model):
    """The dealer edits its default invoice details in the portal."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _dealer_portal_fapiao_defaults(self):
        """The invoice details the portal shows for this dealer (its commercial partner)."""
        self.ensure_one()
        return self.commercial_partner_id._dealer_fapiao_values()

    def _dealer_portal_save_fapiao(self, values):
        """Write the invoice details typed in the portal (``values``: field name → text) as the
        defaults of this dealer; all the reasons at once when they are refused.

        :raise ValidationError: details that cannot be used (nothing is written)
        """
        self.ensure_one()
        dealer = self.commercial_partner_id
        vals = self._dealer_fapiao_normalize(values)
        errors = self._dealer_fapiao_errors(vals)
        if errors:
            raise ValidationError("\n".join(errors))
        # sudo: the portal user writes the invoice details of its own commercial partner, and
        # nothing else of it (portal users cannot write partners)
        dealer.sudo().write({name: vals[name] for name in FAPIAO_FIELDS})
        return dealer
