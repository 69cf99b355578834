from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models
from odoo.exceptions import UserError

DELIVERY_DATE_MAX_DAYS = 365  # a requested delivery date at most a year ahead


# one concern of the model per file, on purpose (the model is merged by the registry)
class SaleOrder(models.Model):
    """Where and when the dealer wants its order delivered, chosen at submission in the portal:
    one of its own delivery addresses and a requested delivery date (``commitment_date``)."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def _dealer_portal_delivery_addresses(self):
        """The addresses the current portal dealer may have its orders delivered to: its
        commercial partner (the main address) and its contacts of type delivery."""
        dealer = self.env.user.partner_id.commercial_partner_id
        # sudo: the dealer's own addresses, selected by its commercial partner; portal users
        # cannot search contacts
        children = self.env["res.partner"].sudo().search([
            ("commercial_partner_id", "=", dealer.id), ("type", "=", "delivery"), ("id", "!=", dealer.id),
        ], order="name, id")
        return dealer.sudo() | children

    def _dealer_portal_user_today(self):
        """Today in the portal user's time zone (the company's when the user has none)."""
        tz = pytz.timezone(self.env.user.tz or self.env.company.partner_id.tz or "UTC")
        return datetime.now(pytz.utc).astimezone(tz).date()

    def _dealer_portal_delivery_date_bounds(self):
        """``(first, last)`` requested delivery dates the dealer may choose."""
        today = self._dealer_portal_user_today()
        return today, today + timedelta(days=DELIVERY_DATE_MAX_DAYS)

    def _dealer_portal_delivery_vals(self, shipping_id=None, delivery_date=None):
        """Values writing the dealer's choice of address (a partner id) and requested delivery
        date (a ``date``) on the order; nothing for what the dealer did not choose.

        :raise UserError: an address that is not one of the dealer's own, a date in the past or
            more than a year ahead
        """
        vals = {}
        if shipping_id:
            address = self._dealer_portal_delivery_addresses().filtered(lambda partner: partner.id == shipping_id)
            if not address:
                raise UserError(self.env._("This delivery address is not one of yours: choose one of the list."))
            vals["partner_shipping_id"] = address.id
        if delivery_date:
            first, last = self._dealer_portal_delivery_date_bounds()
            if delivery_date < first:
                raise UserError(self.env._("The delivery date %(date)s is in the past: choose today or a later day.",
                                           date=fields.Date.to_string(delivery_date)))
            if delivery_date > last:
                raise UserError(self.env._("The delivery date can be at most %(days)s days ahead (until %(last)s).",
                                           days=DELIVERY_DATE_MAX_DAYS, last=fields.Date.to_string(last)))
            # noon in the dealer's time zone: the same day wherever the date is read
            tz = pytz.timezone(self.env.user.tz or self.env.company.partner_id.tz or "UTC")
            noon = tz.localize(datetime.combine(delivery_date, time(12, 0)))
            vals["commitment_date"] = noon.astimezone(pytz.utc).replace(tzinfo=None)
        return vals
