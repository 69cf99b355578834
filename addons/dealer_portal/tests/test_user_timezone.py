from odoo.tests import TransactionCase, tagged

from odoo.addons.dealer_base.tests.factory import create_portal_user


@tagged("post_install", "-at_install")
class TestNewUserTimezone(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({
            "name": "杭州时区测试公司", "country_id": cls.env.ref("base.cn").id,
        })

    def _user(self, login, **partner_vals):
        partner = self.env["res.partner"].create({"name": login, "email": f"{login}@example.com", **partner_vals})
        env = self.env(context=dict(self.env.context, tz=False))
        return create_portal_user(env, partner, login, company_id=self.company.id,
                                  company_ids=[(6, 0, self.company.ids)])

    def test_country_time_zone_when_the_company_has_none(self):
        self.assertFalse(self.company.partner_id.tz)
        self.assertEqual(self._user("tz_cn").tz, "Asia/Shanghai")

    def test_company_contact_time_zone_first(self):
        self.company.partner_id.tz = "Asia/Urumqi"
        self.assertEqual(self._user("tz_company").tz, "Asia/Urumqi")

    def test_own_time_zone_is_kept(self):
        self.assertEqual(self._user("tz_own", tz="Europe/Paris").tz, "Europe/Paris")

    def test_internal_users_keep_odoos_default(self):
        """Only portal users get the company's time zone: an internal user is created as on
        plain Odoo (Odoo's own date computations for it must not change)."""
        env = self.env(context=dict(self.env.context, tz=False))
        user = env["res.users"].with_context(no_reset_password=True).create({
            "name": "tz internal", "login": "tz_internal", "company_id": self.company.id,
            "company_ids": [(6, 0, self.company.ids)],
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
        })
        self.assertFalse(user.share)
        self.assertFalse(user.tz)
