import threading
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.dealer_wallet.tests.test_concurrency import run_with_retry

WORKERS = 8


@tagged("post_install", "-at_install")
class TestCrowdfundingConcurrency(TransactionCase):
    """Pledges racing for the last units of a campaign, in real concurrent transactions."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            company = env.ref("base.main_company")
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            level = env.ref("dealer_base.dealer_level_store")
            product = env["product.product"].create({
                "name": "并发拼单商品", "type": "service", "list_price": 10.0, "taxes_id": [Command.clear()],
            })
            partners = env["res.partner"].create([{
                "name": "并发门店 %s" % index, "is_company": True, "dealer_level_id": level.id,
                "dealer_state": "active",
            } for index in range(WORKERS)])
            partners._dealer_grant_products(product)
            wallets = env["dealer.wallet"]
            for partner in partners:
                wallet = env["dealer.wallet"]._get_wallet(partner, "cash", company=company)
                wallet._post_transactions([{"kind": "topup", "amount": 1000.0}], create_move=False)
                wallets |= wallet
            campaign = env["dealer.crowdfunding"].create({
                "name": "并发测试", "product_id": product.id, "price_unit": 10.0, "target_qty": 20.0,
                "max_qty": 30.0, "min_pledge_qty": 1.0, "deposit_ratio": 0.5, "company_id": company.id,
                "deadline": fields.Datetime.now() + timedelta(days=1),
            })
            campaign.action_open()
            cr.commit()  # pylint: disable=invalid-commit
            self.ids = {
                "campaign": campaign.id, "product": product.id, "partners": partners.ids, "wallets": wallets.ids,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        ids = self.ids
        with self.registry.cursor() as cr:
            cr.execute(SQL("DELETE FROM dealer_crowdfunding_pledge WHERE campaign_id = %s", ids["campaign"]))
            cr.execute(SQL("DELETE FROM dealer_crowdfunding WHERE id = %s", ids["campaign"]))
            cr.execute(SQL("DELETE FROM dealer_wallet_transaction WHERE wallet_id IN %s", tuple(ids["wallets"])))
            cr.execute(SQL("DELETE FROM dealer_wallet WHERE id IN %s", tuple(ids["wallets"])))
            env = api.Environment(cr, SUPERUSER_ID, {})
            pools = env["dealer.product.pool"].with_context(active_test=False).search(
                [("partner_ids", "in", ids["partners"])])
            pools.unlink()
            env["res.partner"].browse(ids["partners"]).unlink()
            env["product.product"].browse(ids["product"]).product_tmpl_id.unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def test_max_qty_under_concurrent_pledges(self):
        """8 dealers pledge 7 units each at the same time for the 30 available:
        exactly 4 get in (28), the others are refused; never above the maximum."""
        barrier = threading.Barrier(WORKERS)
        results = [None] * WORKERS

        def pledge(partner_id):
            def func(env):
                env = env(context=dict(env.context, allowed_company_ids=[env.ref("base.main_company").id]))
                campaign = env["dealer.crowdfunding"].browse(self.ids["campaign"])
                return campaign.pledge(env["res.partner"].browse(partner_id), 7.0).id
            return func

        def target(index, partner_id):
            barrier.wait()
            results[index] = run_with_retry(self.registry, pledge(partner_id))

        threads = [threading.Thread(target=target, args=(index, partner_id))
                   for index, partner_id in enumerate(self.ids["partners"])]
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        statuses = [status for status, _value in results]
        self.assertEqual(statuses.count("ok"), 4, results)
        self.assertEqual(statuses.count("refused"), 4, results)
        self.assertTrue(all("Only 2.0" in value for status, value in results if status == "refused"), results)
        with self.registry.cursor() as cr:
            cr.execute(SQL("SELECT pledged_qty FROM dealer_crowdfunding WHERE id = %s", self.ids["campaign"]))
            pledged = float(cr.fetchone()[0])
            cr.execute(SQL(
                "SELECT COALESCE(SUM(qty), 0), COUNT(*) FROM dealer_crowdfunding_pledge WHERE campaign_id = %s",
                self.ids["campaign"],
            ))
            total, count = cr.fetchone()
            cr.execute(SQL("SELECT COALESCE(SUM(reserved_amount), 0) FROM dealer_wallet WHERE id IN %s",
                           tuple(self.ids["wallets"])))
            reserved = float(cr.fetchone()[0])
        self.assertEqual(pledged, 28.0)
        self.assertEqual((float(total), count), (28.0, 4))
        self.assertEqual(reserved, 4 * 35.0, "one deposit per accepted pledge")
