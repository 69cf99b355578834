import re

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..tools import credit_code_is_valid, phone_is_valid
from .common import DealerPortalHttpCommon

# published codes of real companies (check character computed by GB 32100-2015)
VALID_CODES = ("91440300708461136T", "91330100716105852F")


@tagged("post_install", "-at_install")
class TestStoreApplication(DealerPortalHttpCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Application = cls.env["dealer.store.application"]
        cls.dealer.dealer_code = "DP-INVITE-A"
        cls.dealer.user_id = cls.salesperson
        cls.state_zj = cls.env.ref("base.state_cn_ZJ")
        cls.manager = cls.env.user  # the fixture's user is a dealer manager
        cls.dealer_user = cls.env["res.users"].create({
            "name": "Dealer Viewer", "login": "dp_dealer_viewer",
            "groups_id": [(6, 0, (cls.env.ref("dealer_base.group_dealer_user")
                                  | cls.env.ref("sales_team.group_sale_salesman")).ids)],
            "company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)],
        })

    def _apply(self, **vals):
        return self.Application.create({
            "store_name": "测试申请门店", "contact_name": "张三", "phone": "13900000001",
            "province_id": self.state_zj.id, "upline_id": self.dealer.id, **vals,
        })

    def test_credit_code_and_phone_rules(self):
        for code in VALID_CODES:
            self.assertTrue(credit_code_is_valid(code), code)
            self.assertTrue(credit_code_is_valid(code.lower()), "case does not matter")
        self.assertFalse(credit_code_is_valid("91440300708461136A"), "wrong check character")
        self.assertFalse(credit_code_is_valid("91440300708461136"), "too short")
        self.assertFalse(credit_code_is_valid("9144030070846113IT"), "I is not in the code's alphabet")
        self.assertTrue(phone_is_valid("13812345678"))
        self.assertTrue(phone_is_valid("0571-88888888"))
        self.assertTrue(phone_is_valid("+86 13812345678"))
        self.assertFalse(phone_is_valid("12812345678"))
        self.assertFalse(phone_is_valid("12345"))
        with self.assertRaisesRegex(ValidationError, "credit code"), self.env.cr.savepoint():
            self._apply(credit_code="91440300708461136A")
        with self.assertRaisesRegex(ValidationError, "mobile or landline"), self.env.cr.savepoint():
            self._apply(phone="555-0100")
        with self.assertRaisesRegex(ValidationError, "email"), self.env.cr.savepoint():
            self._apply(email="not-an-email")
        self.assertFalse(self.Application.search([("store_name", "=", "测试申请门店")]))

    def test_duplicates_refused(self):
        self._apply(credit_code=VALID_CODES[0])
        with self.assertRaisesRegex(ValidationError, "already being reviewed"), self.env.cr.savepoint():
            self._apply(phone="13900000002", credit_code=VALID_CODES[0])
        with self.assertRaisesRegex(ValidationError, "already being reviewed"), self.env.cr.savepoint():
            self._apply()
        self.env["res.partner"].create({"name": "Existing", "company_registry": VALID_CODES[1]})
        with self.assertRaisesRegex(ValidationError, "already exists"), self.env.cr.savepoint():
            self._apply(phone="13900000003", credit_code=VALID_CODES[1])

    def test_approve_creates_the_store_below_its_upline(self):
        store_type = self.env["dealer.type"].create({"name": "测试零售店", "code": "DP-RT"})
        application = self._apply(credit_code=VALID_CODES[0], city="杭州", email="zs@example.com",
                                  dealer_type_id=store_type.id)
        self.assertTrue(application.name.startswith("SA/"))
        self.assertEqual(application.user_id, self.salesperson, "the upline's salesperson reviews")
        application.action_approve()
        store = application.partner_id
        self.assertEqual(application.state, "approved")
        self.assertEqual(store.dealer_parent_id, self.dealer)
        self.assertEqual(store.dealer_level_id, self.env.ref("dealer_base.dealer_level_store"))
        self.assertEqual(store.dealer_state, "active")
        self.assertEqual((store.state_id, store.city, store.company_registry),
                         (self.state_zj, "杭州", VALID_CODES[0]))
        self.assertEqual(store.child_ids.name, "张三")
        self.assertIn(store, self.env["res.partner"].search(self.dealer._dealer_downline_domain()))
        self.assertTrue(application.activity_ids.filtered(lambda a: a.user_id == self.salesperson))
        with self.assertRaisesRegex(UserError, "not waiting"):
            application.action_approve()

    def test_approve_needs_an_upline_and_a_manager(self):
        application = self._apply(upline_id=False)
        with self.assertRaisesRegex(UserError, "upline"):
            application.action_approve()
        application.upline_id = self.dealer
        with self.assertRaisesRegex(UserError, "Only dealer managers"):
            application.with_user(self.dealer_user).action_approve()
        self.assertEqual(application.state, "new")

    def test_reject_needs_a_reason_and_mails_the_applicant(self):
        application = self._apply(email="zs@example.com")
        with self.assertRaisesRegex(UserError, "reason"):
            application.action_reject()
        application.reject_reason = "区域已满"
        application.action_reject()
        self.assertEqual(application.state, "rejected")
        mail = self.env["mail.mail"].search([("model", "=", "dealer.store.application"),
                                             ("res_id", "=", application.id)])
        self.assertEqual(mail.email_to, "zs@example.com")
        self.assertIn("区域已满", mail.body_html)

    def test_upline_sees_invitation_and_applications(self):
        application = self._apply(city="嘉兴")
        other = self._apply(phone="13900000019", upline_id=self.dealer_b.id, store_name="乙的申请门店")
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open("/my/downline")
        self.assertIn("/dealer/apply?upline=DP-INVITE-A", page.text)
        self.assertIn(application.name, page.text)
        self.assertNotIn(other.store_name, page.text)

    def test_access(self):
        application = self._apply()
        other = self._apply(phone="13900000009", upline_id=self.dealer_b.id)
        self.assertEqual(application.with_user(self.dealer_user).store_name, "测试申请门店")
        with self.assertRaises(AccessError):
            application.with_user(self.dealer_user).unlink()
        portal = self.Application.with_user(self.portal_user)
        self.assertEqual(portal.search([("id", "in", (application | other).ids)]), application,
                         "the upline dealer reads the applications naming it only")
        with self.assertRaises(AccessError):
            other.with_user(self.portal_user).read(["store_name"])
        with self.assertRaises(AccessError):
            application.with_user(self.portal_user).write({"store_name": "x"})

    def _public_applications(self, **domain):
        # the public form files applications in the public user's company (the main company)
        return self.Application.sudo().with_context(active_test=False).search(
            [(key, "=", value) for key, value in domain.items()])

    def _form(self, url="/dealer/apply"):
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        return page, re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _post(self, token, **values):
        data = {"csrf_token": token, "store_name": "网上申请门店", "contact_name": "李四", "phone": "13900000100",
                "province_id": self.state_zj.id, **values}
        return self.url_open("/dealer/apply", data=data)

    def test_public_form(self):
        page, token = self._form("/dealer/apply?upline=DP-INVITE-A")
        self.assertIn('value="DP-INVITE-A"', page.text)
        self.assertIn("浙江", page.text)
        # invalid: the form comes back with the error and the values, nothing created
        response = self._post(token, credit_code="91440300708461136A", upline_code="DP-INVITE-A")
        self.assertIn("o_store_application_error", response.text)
        self.assertIn("网上申请门店", response.text)
        response = self._post(token, upline_code="NOPE")
        self.assertIn("invitation code", response.text)
        self.assertFalse(self._public_applications(store_name="网上申请门店"))
        # a bot filling the hidden field: thanked, nothing created
        response = self._post(token, website_url="http://spam.example.com")
        self.assertTrue(response.url.endswith("/dealer/apply/thanks"))
        self.assertFalse(self._public_applications(store_name="网上申请门店"))
        # valid
        response = self._post(token, credit_code=VALID_CODES[0].lower(), upline_code="DP-INVITE-A")
        self.assertTrue(response.url.endswith("/dealer/apply/thanks"))
        application = self._public_applications(store_name="网上申请门店")
        self.assertEqual((application.upline_id, application.credit_code, application.state),
                         (self.dealer, VALID_CODES[0], "new"))

    def test_public_form_daily_limit(self):
        _page, token = self._form()
        company = self.env.ref("base.main_company")
        for index in range(3):  # three applications of the day, withdrawn: no duplicate left
            self.Application.sudo().with_company(company).create({
                "store_name": f"限流门店{index}", "contact_name": "李四", "phone": "13900000100",
                "province_id": self.state_zj.id, "company_id": company.id,
            }).action_cancel()
        response = self._post(token, store_name="限流门店3")
        self.assertIn("Too many applications", response.text)
        self.assertFalse(self._public_applications(store_name="限流门店3"))
