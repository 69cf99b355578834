from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _dealer_portal_address_label(self):
        """One line naming a delivery address in the dealer's words: who, then province, city, street."""
        self.ensure_one()
        place = " ".join(part for part in (self.state_id.name, self.city, self.street, self.street2) if part)
        who = self.env._("Main address") if self == self.commercial_partner_id else self.name
        return self.env._("%(who)s: %(place)s", who=who, place=place) if place else who

    def _dealer_portal_downline_domain(self, search=None):
        """The dealers below this dealer (any depth), optionally matching ``search``."""
        self.ensure_one()
        domain = [("is_dealer", "=", True), *self._dealer_downline_domain()]
        if search:
            domain += ["|", "|", ("name", "ilike", search), ("dealer_code", "ilike", search), ("city", "ilike", search)]
        return domain

    def _dealer_portal_downline(self, search=None, offset=0, limit=50, days=90):
        """One page of this dealer's downline with each dealer's recent orders, in a fixed
        number of queries: ``{"partners", "total", "stats": {partner id: (orders, amount,
        last order date)}}`` (confirmed orders of the last ``days`` days; the amount in the
        company currency, untaxed).

        Superuser rights: portal users cannot read other partners nor their orders; the
        records are restricted to this dealer's own downline first.
        """
        self.ensure_one()
        Partner = self.sudo()
        domain = self._dealer_portal_downline_domain(search)
        partners = Partner.search(domain, offset=offset, limit=limit, order="dealer_path, id")
        total = Partner.search_count(domain)
        partners.fetch(["name", "dealer_code", "dealer_level_id", "dealer_state", "state_id", "city",
                        "dealer_parent_id"])
        since = fields.Datetime.now() - timedelta(days=days)
        groups = self.env["sale.order"].sudo()._read_group(
            [("partner_id", "in", partners.ids), ("state", "=", "sale"), ("date_order", ">=", since),
             ("company_id", "=", self.env.company.id)],
            ["partner_id"], ["__count", "amount_untaxed:sum", "date_order:max"],
        )
        stats = {partner.id: (count, amount, last) for partner, count, amount, last in groups}
        return {"partners": partners, "total": total, "stats": stats}

    def _dealer_portal_downline_partner(self, partner_id):
        """A dealer of this dealer's downline (superuser rights), or AccessError."""
        self.ensure_one()
        partner = self.sudo().search([("id", "=", partner_id), *self._dealer_portal_downline_domain()])
        if not partner:
            raise AccessError(self.env._("This dealer is not in your downline."))
        return partner
