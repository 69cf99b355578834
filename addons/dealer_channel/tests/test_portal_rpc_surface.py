import json

from odoo import Command
from odoo.tests import tagged

from odoo.addons.dealer_portal.tests.common import DealerPortalHttpCommon


@tagged("post_install", "-at_install", "dealer_channel")
class TestPortalRpcSurface(DealerPortalHttpCommon):
    """What a portal dealer reads over ``/web/dataset/call_kw``, model by model.

    Another dealer (``dealer_b``) shares a promotion and a crowdfunding campaign with
    the logged-in dealer, and has orders, pledges and wallet movements of its own.
    Whatever the portal dealer reads of every model of the suite it has access to,
    ``dealer_b`` appears nowhere: neither as a linked partner nor by name in a text.
    Promotions, their rules and thresholds are not readable at all.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["dealer.promotion"].search([]).active = False
        cls.shared_promotion = env["dealer.promotion"].create({
            "name": "测试共享促销", "state": "active",
            "rule_ids": [Command.create({
                "value": 5.0, "partner_ids": [Command.set((cls.dealer | cls.dealer_b).ids)],
            })],
        })
        cls.campaign = env["dealer.crowdfunding"].create({
            "name": "测试共享拼单", "product_id": cls.item_a.id, "price_unit": 90.0, "target_qty": 100.0,
            "max_qty": 200.0, "min_pledge_qty": 1.0,
            "deadline": "2099-12-31 00:00:00", "warehouse_id": cls.warehouse.id, "company_id": cls.company.id,
            "partner_ids": [Command.set((cls.dealer | cls.dealer_b).ids)],
        })
        cls.campaign.action_open()
        cls.campaign.pledge(cls.dealer, 2)
        cls.campaign.pledge(cls.dealer_b, 3)
        for partner in (cls.dealer, cls.dealer_b):
            order = cls._create_order(partner, [(cls.item_a, 2, 100.0)])
            order.action_dealer_submit()
        cls.env.flush_all()

    def _call_kw(self, model, method, args, kwargs):
        response = self.url_open("/web/dataset/call_kw", data=json.dumps({
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
        }), headers={"Content-Type": "application/json"})
        return response.json()

    def _portal_models(self):
        portal = self.env.ref("base.group_portal")
        acls = self.env["ir.model.access"].search([("group_id", "=", portal.id), ("perm_read", "=", True)])
        return sorted({acl.model_id.model for acl in acls if acl.model_id.model.startswith("dealer.")})

    def test_promotion_terms_are_not_readable_over_rpc(self):
        self.authenticate("dp_dealer", "dp_dealer")
        for model in ("dealer.promotion", "dealer.promotion.rule", "dealer.promotion.threshold"):
            with self.subTest(model=model):
                answer = self._call_kw(model, "search_read", [[]], {"fields": ["id"]})
                self.assertEqual(answer.get("error", {}).get("data", {}).get("name"),
                                 "odoo.exceptions.AccessError", answer)

    def test_no_other_dealer_in_anything_the_portal_reads(self):
        self.authenticate("dp_dealer", "dp_dealer")
        models = self._portal_models()
        self.assertIn("dealer.crowdfunding", models)
        self.assertIn("dealer.promotion.result", models)
        other_id, other_name = self.dealer_b.id, self.dealer_b.name
        seen_records = 0
        for model in models:
            fields_info = self._call_kw(model, "fields_get", [], {"attributes": ["type", "relation"]})["result"]
            # the fields whose values the portal may read (relations to models it cannot read
            # are refused as a whole, which is no leak)
            readable = [
                name for name, info in fields_info.items()
                if info["type"] != "binary"
                and (not info.get("relation")
                     or self.env[info["relation"]].with_user(self.portal_user).has_access("read"))
            ]
            answer = self._call_kw(model, "search_read", [[]], {"fields": readable})
            self.assertIn("result", answer, f"{model}: {answer.get('error')}")
            seen_records += len(answer["result"])
            for record in answer["result"]:
                for name, value in record.items():
                    info = fields_info.get(name, {})
                    where = f"{model}({record['id']}).{name}"
                    if info.get("relation") == "res.partner" and value:
                        ids = [value[0]] if info["type"] == "many2one" else value
                        self.assertNotIn(other_id, ids, where)
                    if isinstance(value, str):
                        self.assertNotIn(other_name, value, where)
                    if info.get("type") == "many2one" and value:
                        self.assertNotIn(other_name, value[1], where)
        self.assertGreater(seen_records, 5, "the portal dealer reads its own records of the suite")
        # its own side of what it shares with dealer_b is there
        results = self._call_kw("dealer.promotion.result", "search_read", [[]], {"fields": ["matched"]})["result"]
        self.assertTrue(any(self.dealer.name in r["matched"] for r in results), results)
        campaigns = self._call_kw("dealer.crowdfunding", "search_read", [[("id", "=", self.campaign.id)]],
                                  {"fields": ["name"]})["result"]
        self.assertEqual([c["name"] for c in campaigns], ["测试共享拼单"])
        answer = self._call_kw("dealer.crowdfunding", "read", [[self.campaign.id], ["partner_ids"]], {})
        self.assertIn("error", answer, "the campaign's list of dealers is not for the portal")
