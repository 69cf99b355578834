from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.dealer_base.tests.factory import create_portal_user

from .common import DealerPortalCommon, DealerPortalHttpCommon


class NoticesMixin:

    @classmethod
    def _setup_notices(cls):
        # the dealers' day (their time zone is the company's), as the page reads the validity
        today = fields.Date.context_today(cls.env["dealer.notice"].with_user(cls.portal_user))

        def notice(name, state="published", **vals):
            return cls.env["dealer.notice"].create({
                "name": name, "body": f"<p>{name}的内容</p>", "state": state, "company_id": cls.company.id,
                "date_from": today - timedelta(days=1), **vals,
            })

        cls.n_all = notice("全体公告", pinned=True)
        cls.n_l1 = notice("一级公告", target="level", level_ids=[Command.set(cls.level_l1.ids)])
        cls.n_store = notice("门店公告", target="level", level_ids=[Command.set(cls.level_store.ids)])
        cls.n_east = notice("华东公告", target="region", region_ids=[Command.set(cls.region_east.ids)])
        cls.n_e2 = notice("东二公告", target="region", region_ids=[Command.set(cls.region_e2.ids)])
        cls.n_draft = notice("草稿公告", state="draft")
        cls.n_withdrawn = notice("撤回公告", state="archived")
        cls.n_expired = notice("过期公告", date_from=today - timedelta(days=10), date_to=today - timedelta(days=1))
        cls.n_future = notice("未来公告", date_from=today + timedelta(days=1))


@tagged("post_install", "-at_install")
class TestDealerNotices(NoticesMixin, DealerPortalCommon):
    """The brand's notices: who reads which (record rules), validity, publication."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_notices()

    def _notices(self, user):
        return self.env["dealer.notice"].with_user(user)._dealer_portal_notices(limit=20)

    def test_each_dealer_reads_the_notices_addressed_to_it(self):
        self.assertEqual(self._notices(self.portal_user), self.n_all | self.n_l1 | self.n_east,
                         "L1 in P-East-1: all, its level, the region containing its province")
        self.assertEqual(self._notices(self.portal_user)[0], self.n_all, "pinned first")
        self.assertEqual(self._notices(self.portal_user_b), self.n_all | self.n_l1 | self.n_east | self.n_e2)
        self.assertEqual(self._notices(self.portal_store), self.n_all | self.n_store | self.n_east)
        # the rules themselves, not only the page's dates: drafts and withdrawn never
        self.assertEqual(self.env["dealer.notice"].with_user(self.portal_user).search([]),
                         self.n_all | self.n_l1 | self.n_east | self.n_expired | self.n_future)
        with self.assertRaises(AccessError):
            self.n_e2.with_user(self.portal_user).read(["name"])
        with self.assertRaises(AccessError):
            self.n_draft.with_user(self.portal_user_b).read(["name"])
        with self.assertRaises(AccessError):
            self.n_all.with_user(self.portal_user).write({"name": "x"})

    def test_customers_that_are_not_dealers_read_none(self):
        customer = self.env["res.partner"].create({"name": "普通客户", "email": "plain-n@example.com"})
        user = create_portal_user(self.env, customer, "dp_plain_n", company_id=self.company.id,
                                  company_ids=[Command.set(self.company.ids)])
        self.assertFalse(self.env["dealer.notice"].with_user(user).search([]))

    def test_regions_follow_their_provinces(self):
        state_e3 = self.env["res.country.state"].create({"name": "P-East-3", "code": "TE3",
                                                         "country_id": self.state_e1.country_id.id})
        self.assertEqual(self.n_e2.dealer_state_ids, self.state_e2)
        self.assertEqual(self.n_east.dealer_state_ids, self.state_e1 | self.state_e2, "sub-regions included")
        self.region_e2.state_ids = [Command.link(state_e3.id)]
        self.assertEqual(self.n_e2.dealer_state_ids, self.state_e2 | state_e3)
        self.assertEqual(self.n_east.dealer_state_ids, self.state_e1 | self.state_e2 | state_e3)

    def test_bad_notices_are_refused(self):
        count = self.env["dealer.notice"].search_count([])
        with self.assertRaises(ValidationError) as error:
            self.env["dealer.notice"].create({"name": "无层级", "target": "level", "body": "<p>x</p>"})
        self.assertIn("dealer levels", str(error.exception))
        with self.assertRaises(ValidationError) as error:
            self.env["dealer.notice"].create({"name": "日期", "body": "<p>x</p>",
                                              "date_from": "2026-03-10", "date_to": "2026-03-01"})
        self.assertIn("ends before it starts", str(error.exception))
        self.assertEqual(self.env["dealer.notice"].search_count([]), count)
        empty = self.env["dealer.notice"].create({"name": "空白"})
        with self.assertRaises(UserError) as error:
            empty.action_publish()
        self.assertIn("title and a text", str(error.exception))
        self.assertEqual(empty.state, "draft")
        notice = self.n_draft.with_context(tracking_disable=False, mail_notrack=False)
        notice.action_publish()
        self.assertEqual((notice.state, notice.user_id), ("published", self.env.user))
        self.assertIn(notice, self._notices(self.portal_user))
        notice.action_withdraw()
        self.assertNotIn(notice, self._notices(self.portal_user))
        self.env.flush_all()
        self.env.cr.precommit.run()  # the tracking values are written before the commit
        self.assertTrue(notice.message_ids.tracking_value_ids, "publication is tracked in the chatter")


@tagged("post_install", "-at_install")
class TestDealerNoticePages(NoticesMixin, DealerPortalHttpCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_notices()

    def test_home_page_shows_own_notices(self):
        self.authenticate("dp_dealer", "dp_dealer")
        page = self.url_open("/my").text
        self.assertIn("o_dealer_notices", page)
        for shown in ("全体公告", "一级公告", "华东公告"):
            self.assertIn(shown, page)
        for hidden in ("东二公告", "门店公告", "草稿公告", "撤回公告", "过期公告", "未来公告"):
            self.assertNotIn(hidden, page)
        self.assertLess(page.index("o_dealer_notices"), page.index("o_portal_docs"), "above Odoo's tiles")
        self.authenticate("dp_dealer_b", "dp_dealer_b")
        self.assertIn("东二公告", self.url_open("/my").text)

    def test_another_dealer_over_json_rpc(self):
        self.authenticate("dp_dealer", "dp_dealer")

        def call(method, args, kwargs=None):
            return self.make_jsonrpc_request(f"/web/dataset/call_kw/dealer.notice/{method}", {
                "model": "dealer.notice", "method": method, "args": args, "kwargs": kwargs or {},
            })

        names = {row["name"] for row in call("search_read", [[]], {"fields": ["name"]})}
        self.assertEqual(names, {"全体公告", "一级公告", "华东公告", "过期公告", "未来公告"})
        with mute_logger("odoo.http"):
            with self.assertRaises(JsonRpcException):
                call("read", [self.n_e2.ids, ["name", "body"]])
            with self.assertRaises(JsonRpcException):
                call("write", [self.n_all.ids, {"name": "改"}])
        self.assertEqual(self.n_all.name, "全体公告")
