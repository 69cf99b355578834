import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.dealer_base.tests.factory import create_portal_user

from .common import DealerPortalHttpCommon


@tagged("post_install", "-at_install")
class TestDealerHome(DealerPortalHttpCommon):
    """The dealer's home page: what waits for it, its wallets as the wallets page shows them,
    and the promotions open to it (and to nobody it should not see)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env["dealer.promotion"].with_user(cls.portal_user))
        cls.today = today

        def promotion(name, activate=True, date_from=None, date_to=None, **rule):
            record = cls.env["dealer.promotion"].create({
                "name": name, "company_id": cls.company.id,
                "date_from": date_from or today - timedelta(days=1), "date_to": date_to or today + timedelta(days=30),
                "rule_ids": [Command.create({"benefit_type": "percent", "value": 5.0, **rule})],
            })
            if activate:
                record.action_activate()
            return record

        cls.p_mine = promotion("甲专享九五折", date_to=today + timedelta(days=3),
                               partner_ids=[Command.set(cls.dealer.ids)])
        cls.p_level = promotion("一级满额减", date_to=today + timedelta(days=10), benefit_type="fixed", value=30.0,
                                min_amount=400.0, product_ids=[Command.set(cls.item_b.ids)],
                                level_ids=[Command.set(cls.level_l1.ids)])
        cls.p_first = promotion("首单礼遇", date_to=today + timedelta(days=20), first_order_only=True,
                                partner_ids=[Command.set((cls.dealer | cls.dealer_b).ids)])
        cls.p_other = promotion("乙专享", partner_ids=[Command.set(cls.dealer_b.ids)])
        cls.p_draft = promotion("草稿促销", activate=False, partner_ids=[Command.set(cls.dealer.ids)])
        cls.p_future = promotion("未开始促销", date_from=today + timedelta(days=2),
                                 partner_ids=[Command.set(cls.dealer.ids)])
        cls.p_spent = promotion("预算用完", partner_ids=[Command.set(cls.dealer.ids)])
        cls.p_spent.budget = 100.0
        cls.p_spent.budget_used = 100.0  # what its confirmed orders granted (the counter they are checked against)
        cls.ours = {p.name for p in cls.p_mine | cls.p_level | cls.p_first | cls.p_other | cls.p_draft | cls.p_future
                    | cls.p_spent}

    def _promotion_names(self, user, dealer, limit=50):
        promotions, total = self.env["dealer.promotion"].with_user(user)._dealer_portal_home_promotions(
            dealer, limit=limit)
        # the database's demo promotions may be open to the test dealers too: ours only
        return [promotion["name"] for promotion in promotions if promotion["name"] in self.ours], total

    def test_promotions_open_to_the_dealer(self):
        names, _total = self._promotion_names(self.portal_user, self.dealer)
        self.assertEqual(names, ["甲专享九五折", "一级满额减", "首单礼遇"],
                         "its own, its level's and the first-order one, ending soonest first; not another "
                         "dealer's, a draft, one not started or one whose budget is spent")
        names_b, _total = self._promotion_names(self.portal_user_b, self.dealer_b)
        self.assertEqual(names_b, ["一级满额减", "首单礼遇", "乙专享"])
        promotions, _total = self.env["dealer.promotion"].with_user(self.portal_user)._dealer_portal_home_promotions(
            self.dealer, limit=50)
        level = next(promotion for promotion in promotions if promotion["name"] == "一级满额减")
        self.assertEqual(len(level["rules"]), 1)
        self.assertIn("测试商品B", level["rules"][0][1], "what the rule is on")
        # once the dealer has a confirmed order, the first-order promotion is not for it anymore
        order = self._create_order(lines=[(self.item_a, 1, 100.0)])
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self._promotion_names(self.portal_user, self.dealer)[0], ["甲专享九五折", "一级满额减"])
        self.assertEqual(self._promotion_names(self.portal_user_b, self.dealer_b)[0],
                         ["一级满额减", "首单礼遇", "乙专享"])

    def test_promotions_limit_and_queries_flat(self):
        Promotion = self.env["dealer.promotion"].with_user(self.portal_user)
        _shown, total = Promotion._dealer_portal_home_promotions(self.dealer, limit=2)
        self.assertGreaterEqual(total, 3)
        self.assertEqual(len(_shown), 2)

        def queries():
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            Promotion._dealer_portal_home_promotions(self.dealer)
            return self.env.cr.sql_log_count - start

        before = queries()
        self.env["dealer.promotion"].create([{
            "name": f"批量促销{i}", "company_id": self.company.id, "date_from": self.today - timedelta(days=1),
            "date_to": self.today + timedelta(days=40 + i),
            "rule_ids": [Command.create({
                "benefit_type": "percent", "value": 2.0, "product_ids": [Command.set(self.items.ids)],
                "level_ids": [Command.set(self.level_l1.ids)],
            })],
        } for i in range(20)]).action_activate()
        self.assertEqual(queries(), before, "the same queries for 20 more promotions")
        self.assertEqual(Promotion._dealer_portal_home_promotions(self.dealer)[1], total + 20)

    def _home(self, login):
        self.authenticate(login, login)
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_home_shows_what_waits_and_the_wallets(self):
        held = self._create_order(lines=[(self.item_b, 4, 50.0)])  # MOQ: item B is sold by 6
        held.message_subscribe(partner_ids=self.dealer.ids)  # the dealer's portal lists follow its orders
        held.action_dealer_submit()
        self.assertEqual(held.dealer_review_state, "held")
        page = self._home("dp_dealer")
        actions = dict(re.findall(r'data-action="(\w+)">\s*<span>[^<]*</span>\s*<span[^>]*>(\d+)</span>', page))
        self.assertEqual(actions.get("held"), "1", page[page.find("o_dealer_home_actions"):][:800])
        self.assertIn('href="/my/orders?filterby=held"', page)
        listed = self.url_open("/my/orders?filterby=held").text
        self.assertIn(held.name, listed, "the link lists what the home page counted")
        # the wallets as the wallets page shows them
        wallets_page = self.url_open("/my/wallets").text
        available = re.compile(r'o_dealer_wallet_available"[^>]*>(.*?)</div>', re.S)
        self.assertTrue(available.findall(page))
        self.assertEqual(available.findall(page), available.findall(wallets_page))
        self.assertIn(f'href="/my/wallets/{self.cash.id}"', page)
        self.assertNotIn(f'href="/my/wallets/{self.cash_b.id}"', page)
        # the promotions open to this dealer only
        self.assertIn("甲专享九五折", page)
        self.assertNotIn("乙专享", page)
        self.assertNotIn("草稿促销", page)
        # another dealer: its own wallets, nothing of the first dealer's orders
        page_b = self._home("dp_dealer_b")
        self.assertNotIn('data-action="held"', page_b)
        self.assertIn(f'href="/my/wallets/{self.cash_b.id}"', page_b)
        self.assertIn("乙专享", page_b)
        self.assertNotIn("甲专享九五折", page_b)

    def test_customer_who_is_not_a_dealer_sees_plain_odoo(self):
        customer = self.env["res.partner"].create({"name": "普通客户", "email": "plain@example.com"})
        create_portal_user(self.env, customer, "dp_plain_customer", company_id=self.company.id,
                           company_ids=[Command.set(self.company.ids)])
        page = self._home("dp_plain_customer")
        for block in ("o_dealer_home_actions", "o_dealer_home_wallets", "o_dealer_home_promotions"):
            self.assertNotIn(block, page)
