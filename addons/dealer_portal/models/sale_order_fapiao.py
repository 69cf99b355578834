from odoo import models
from odoo.exceptions import ValidationError


# one concern of the model per file, on purpose (the model is merged by the registry)
class SaleOrder(models.Model):
    """The invoice details the buyer confirms or changes for its order at submission."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _dealer_portal_fapiao_vals(self, values):
        """Values writing the invoice details typed at checkout (``values``: field name →
        text) on the order; nothing when the form sent none.

        :raise ValidationError: the reasons, all at once
        """
        if not values:
            return {}
        vals = self._dealer_fapiao_normalize(values)
        errors = self._dealer_fapiao_errors(vals)
        if errors:
            raise ValidationError("\n".join(errors))
        return vals
