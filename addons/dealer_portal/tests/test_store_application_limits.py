import re

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import DealerPortalHttpCommon


@tagged("post_install", "-at_install")
class TestStoreApplicationLimits(DealerPortalHttpCommon):
    """The public store application form: hourly limits per IP address, per browser session
    and per company, bounded lengths, ids among the choices offered; every refusal is the
    form with a message, and nothing is written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Application = cls.env["dealer.store.application"].sudo()
        # the public form files applications in the public user's company (the main company)
        cls.main_company = cls.env.ref("base.main_company")
        cls.main_company.write({
            "dealer_store_apply_limit_ip": 0, "dealer_store_apply_limit_session": 0,
            "dealer_store_apply_limit_hour": 0,
        })
        cls.state_zj = cls.env.ref("base.state_cn_ZJ")
        cls.phones = (f"1390000{index:04d}" for index in range(1000, 10000))

    def _limits(self, ip=0, session=0, hour=0):
        self.main_company.write({
            "dealer_store_apply_limit_ip": ip, "dealer_store_apply_limit_session": session,
            "dealer_store_apply_limit_hour": hour,
        })

    def _token(self):
        page = self.url_open("/dealer/apply")
        self.assertEqual(page.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _post(self, token, files=None, **values):
        data = {"csrf_token": token, "store_name": "限流测试门店", "contact_name": "王五", "phone": next(self.phones),
                "province_id": self.state_zj.id, **values}
        return self.url_open("/dealer/apply", data=data, files=files)

    def _store(self, ip_address=False, **vals):
        """An application stored earlier (from the public form when ``ip_address`` is set)."""
        return self.Application.with_company(self.main_company).create({
            "store_name": "已有申请", "contact_name": "赵六", "phone": next(self.phones),
            "province_id": self.state_zj.id, "company_id": self.main_company.id, "ip_address": ip_address, **vals,
        })

    def _counts(self):
        return (self.Application.search_count([]), self.env["res.partner"].sudo().search_count([]),
                self.env["mail.message"].sudo().search_count([("model", "=", "dealer.store.application")]))

    def _assert_accepted(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/dealer/apply/thanks"), response.text[-2000:])

    def _assert_refused(self, send, message, status=200):
        """``send()`` answers the form with ``message`` and writes nothing."""
        before = self._counts()
        response = send()
        self.assertEqual(response.status_code, status)
        self.assertIn("o_store_application_form", response.text, "the form comes back")
        self.assertIn("o_store_application_error", response.text)
        self.assertIn(message, response.text)
        self.assertEqual(self._counts(), before, "nothing half-written")
        return response

    def test_limit_per_ip_address(self):
        self._limits(ip=20)
        token = self._token()
        self._assert_accepted(self._post(token))
        first = self.Application.search([("store_name", "=", "限流测试门店")])
        self.assertTrue(first.ip_address, "the form stores where it was sent from")
        for _index in range(19):
            self._store(ip_address=first.ip_address)
        self._store(ip_address="203.0.113.9")  # another address does not count
        self._assert_refused(lambda: self._post(token), "Too many applications were sent from your network",
                             status=429)
        # an hour later the oldest one no longer counts
        self.env.cr.execute(SQL("UPDATE dealer_store_application SET create_date = now() - interval '61 minutes' "
                                "WHERE id = %s", first.id))
        self._assert_accepted(self._post(token))

    def test_limit_per_session(self):
        self._limits(session=2)
        token = self._token()
        self._assert_accepted(self._post(token))
        self._assert_accepted(self._post(token))
        self._assert_refused(lambda: self._post(token), "You have sent too many applications", status=429)
        # another browser (a new session) may still apply
        self.opener.cookies.clear()
        self._assert_accepted(self._post(self._token()))

    def test_limit_per_hour(self):
        self._limits(hour=3)
        for _index in range(3):
            self._store()  # entered in the backend: not counted
        self._store(ip_address="198.51.100.1")
        self._store(ip_address="198.51.100.2")
        token = self._token()
        self._assert_accepted(self._post(token))
        self._assert_refused(lambda: self._post(token), "We are receiving too many applications", status=429)
        self._limits(hour=0)
        self._assert_accepted(self._post(token))

    def test_lengths(self):
        page = self.url_open("/dealer/apply")
        for name, maxlength in (("store_name", 128), ("phone", 32), ("email", 254), ("note", 2000)):
            match = re.search(r'<(?:input|textarea)[^>]*name="%s"[^>]*>' % name, page.text)
            self.assertTrue(match, f"the input {name} is on the form")
            tag = match.group(0)
            self.assertIn('maxlength="%s"' % maxlength, tag)
        token = self._token()
        response = self._assert_refused(lambda: self._post(token, store_name="店" * 100000),
                                        "Store Name is too long: 128 characters at most.")
        self.assertIn("店" * 128, response.text, "shown back as far as the input accepts")
        self.assertNotIn("店" * 129, response.text)
        self._assert_refused(lambda: self._post(token, note="x" * 2 * 1024 * 1024),
                             "Message is too long: 2000 characters at most.")
        self._assert_refused(lambda: self._post(token, upline_code="A" * 5000), "No dealer has the invitation code")
        self._assert_accepted(self._post(token, store_name="店" * 128, note="x" * 2000))
        # the model holds the same limits (backend, imports, RPC)
        with self.assertRaisesRegex(ValidationError, "too long"), self.env.cr.savepoint():
            self._store(contact_name="名" * 65)

    def test_ids_among_the_choices(self):
        token = self._token()
        foreign = self.env["res.country.state"].search([("country_id", "!=", self.env.ref("base.cn").id)], limit=1)
        with self.assertNoLogs("odoo", level="ERROR"):
            for province in (foreign.id, "abc", "0", "-1", "99999999", "9" * 30, "1 OR 1=1", "１２"):
                self._assert_refused(lambda province=province: self._post(token, province_id=province),
                                     "Please choose a province from the list.")
            for store_type in ("x", "99999999", "9" * 30):
                self._assert_refused(lambda store_type=store_type: self._post(token, dealer_type_id=store_type),
                                     "Please choose a store type from the list.")
            # a field sent as a file is no value, never a server error
            self._assert_refused(lambda: self._post(token, files={"store_name": ("name.txt", b"x")}),
                                 "Please fill in Store Name.")
        store_type = self.env["dealer.type"].create({"name": "限流测试类型", "code": "DP-LIMIT"})
        self._assert_accepted(self._post(token, dealer_type_id=str(store_type.id)))
        application = self.Application.search([("dealer_type_id", "=", store_type.id)])
        self.assertEqual((application.country_id, application.province_id),
                         (self.env.ref("base.cn"), self.state_zj))
        # the model refuses a province of another country than the application's
        with self.assertRaisesRegex(ValidationError, "is not a province of"), self.env.cr.savepoint():
            self._store(province_id=foreign.id)

    def test_settings(self):
        # sudo: saving the settings is for administrators
        settings = self.env["res.config.settings"].sudo().with_company(self.main_company).create({})
        self.assertEqual(settings.company_id, self.main_company)
        settings.dealer_store_apply_limit_ip = 30
        settings.execute()
        self.assertEqual(self.main_company.dealer_store_apply_limit_ip, 30)
        limits = ["dealer_store_apply_limit_ip", "dealer_store_apply_limit_session", "dealer_store_apply_limit_hour"]
        self.assertEqual(self.env["res.company"].default_get(limits),
                         dict(zip(limits, (20, 5, 200), strict=True)), "the defaults")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"), self.env.cr.savepoint():
            self.main_company.dealer_store_apply_limit_hour = -1
