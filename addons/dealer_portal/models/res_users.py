from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        """A new portal user without a time zone (and whose contact has none) gets its company's:
        the company contact's, else the first one of the company's country. Portal users invited
        from a contact would otherwise read every time of the portal in UTC (8 hours off in China).
        Internal users are left as Odoo creates them: their time zone is their own (and Odoo's
        date computations for them must not change with the suite installed)."""
        users = super().create(vals_list)
        for user in users.filtered(lambda user: user.share and not user.tz):
            tz = user.company_id._dealer_portal_timezone()
            if tz:
                user.tz = tz
        return users
