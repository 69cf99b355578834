import re

from odoo import models
from odoo.exceptions import ValidationError

# longest values accepted for a new delivery address typed in the portal
ADDRESS_MAX_LENGTHS = {"name": 64, "phone": 30, "city": 64, "street": 200, "zip": 10}
PHONE_RE = re.compile(r"[0-9+() -]{5,30}")
ZIP_RE = re.compile(r"[0-9A-Za-z -]{3,10}")


# one concern of the model per file, on purpose (the model is merged by the registry)
class ResPartner(models.Model):
    """The dealer adds a delivery address in the portal."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _dealer_portal_address_states(self):
        """The provinces a delivery address of the portal may be in: those of China."""
        return self.env["res.country.state"].search([("country_id.code", "=", "CN")], order="name")

    def _dealer_portal_address_errors(self, vals):
        """The reasons why the address ``vals`` cannot be created, one message each."""
        errors = []
        labels = {"name": self.env._("Contact name"), "phone": self.env._("Phone"), "city": self.env._("City"),
                  "street": self.env._("Street"), "zip": self.env._("ZIP")}
        for name in ("name", "phone", "city", "street"):
            if not vals.get(name):
                errors.append(self.env._("Give the %(field)s.", field=labels[name].lower()))
        for name, max_length in ADDRESS_MAX_LENGTHS.items():
            if len(vals.get(name) or "") > max_length:
                errors.append(self.env._("%(field)s can be at most %(max)s characters long.",
                                         field=labels[name], max=max_length))
        if vals.get("phone") and not PHONE_RE.fullmatch(vals["phone"]):
            errors.append(self.env._("Write the phone with digits, spaces and + ( ) - only."))
        if vals.get("zip") and not ZIP_RE.fullmatch(vals["zip"]):
            errors.append(self.env._("The ZIP is 3 to 10 digits or letters (6 digits in China)."))
        if not vals.get("state_id"):
            errors.append(self.env._("Choose the province."))
        return errors

    def _dealer_portal_create_delivery_address(self, values):
        """A new delivery address of this dealer (its commercial partner) from the fields typed
        in the portal (``values``: name, phone, state_id, city, street, zip as text).

        :raise ValidationError: the reasons, all at once (nothing is created)
        """
        self.ensure_one()
        dealer = self.commercial_partner_id
        vals = {name: (values.get(name) or "").strip() if isinstance(values.get(name), str) else ""
                for name in ADDRESS_MAX_LENGTHS}
        state_id = values.get("state_id")
        state = self._dealer_portal_address_states().filtered(
            lambda province: str(province.id) == str(state_id).strip()) if state_id else None
        vals["state_id"] = state.id if state else False
        errors = self._dealer_portal_address_errors(vals)
        if errors:
            raise ValidationError("\n".join(errors))
        # sudo: portal users cannot create contacts; this one is a delivery address of the
        # user's own commercial partner, with only the fields above
        return self.env["res.partner"].sudo().create({
            **{name: vals[name] or False for name in ADDRESS_MAX_LENGTHS},
            "state_id": state.id,
            "country_id": state.country_id.id,
            "type": "delivery",
            "parent_id": dealer.id,
            "company_id": dealer.company_id.id,
        })
