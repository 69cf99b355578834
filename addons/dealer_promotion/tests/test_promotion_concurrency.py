import threading

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "dealer_promotion")
class TestPromotionConcurrency(TransactionCase):
    """Two orders confirmed at the same time cannot overspend a shared budget.

    Runs real transactions (one cursor per thread) on committed data, which
    is removed at the end.
    """

    def _env(self, cr):
        # bind the cursor to this registry: in threads, looking the registry up
        # by name would wait for the registry lock held while tests run
        if cr.transaction is None:
            cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _setup_committed(self, budget=300):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["dealer.promotion"].search([("state", "=", "active")]).active = False
            company = env.company
            state = env["res.country.state"].create({
                "name": "Promo Race Province", "code": "PRC", "country_id": env.ref("base.cn").id,
            })
            region = env["dealer.region"].create({
                "name": "Promo Race Region", "code": "PT-RACE", "state_ids": [Command.set(state.ids)],
            })
            dealers = env["res.partner"].create([{
                "name": f"Promo Race Dealer {n}", "is_company": True, "state_id": state.id,
                "country_id": state.country_id.id, "dealer_state": "active",
                "dealer_level_id": env.ref("dealer_base.dealer_level_l1").id,
            } for n in (1, 2)])
            env["dealer.authorization"].create([{"partner_id": d.id, "region_id": region.id} for d in dealers])
            product = env["product.product"].create({"name": "Promo Race Service", "type": "service", "list_price": 10})
            pool = env["dealer.product.pool"].create({
                "name": "Promo Race Pool", "mode": "allow",
                "product_tmpl_ids": [Command.set(product.product_tmpl_id.ids)],
            })
            pricelist = env["product.pricelist"].create({
                "name": "Promo Race", "currency_id": company.currency_id.id, "company_id": company.id,
            })
            today = fields.Date.context_today(env.user)
            promotion = env["dealer.promotion"].create({
                "name": "Promo Race Budget", "date_from": today, "date_to": today, "budget": budget,
                "company_id": company.id, "rule_ids": [Command.create({"value": 10})],
            })
            promotion.action_activate()
            orders = env["sale.order"].create([{
                "partner_id": dealer.id, "pricelist_id": pricelist.id, "company_id": company.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 200, "price_unit": 10})],
            } for dealer in dealers])
            orders.action_apply_promotions()
            assert orders.mapped("promotion_discount_amount") == [200.0, 200.0]
            cr.commit()  # pylint: disable=invalid-commit
            return {
                "orders": orders.ids, "promotion": promotion.id, "dealers": dealers.ids, "product": product.id,
                "pricelist": pricelist.id, "region": region.id, "pool": pool.id, "state": state.id,
                "authorizations": dealers.dealer_authorization_ids.ids,
            }

    def _cleanup(self, ids):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            orders = env["sale.order"].browse(ids["orders"])
            orders.filtered(lambda o: o.state == "sale")._action_cancel()
            orders.unlink()
            env["dealer.promotion"].browse(ids["promotion"]).unlink()
            env["dealer.authorization"].browse(ids["authorizations"]).unlink()
            env["res.partner"].browse(ids["dealers"]).unlink()
            env["dealer.product.pool"].browse(ids["pool"]).unlink()
            env["product.product"].browse(ids["product"]).product_tmpl_id.unlink()
            env["product.pricelist"].browse(ids["pricelist"]).unlink()
            env["dealer.region"].browse(ids["region"]).unlink()
            env["res.country.state"].browse(ids["state"]).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _confirm_concurrently(self, order_ids):
        """Confirm the orders in parallel transactions started together: {order id: outcome}."""
        barrier = threading.Barrier(len(order_ids), timeout=60)
        outcomes = {}

        def confirm(order_id):
            with self.registry.cursor() as cr:
                env = self._env(cr)
                order = env["sale.order"].browse(order_id)
                order.read(["state", "promotion_discount_amount"])  # the transaction's snapshot starts
                barrier.wait()
                try:
                    order.action_confirm()
                    cr.commit()  # pylint: disable=invalid-commit
                    outcomes[order_id] = "confirmed"
                except (UserError, SerializationFailure) as error:
                    cr.rollback()
                    outcomes[order_id] = type(error).__name__

        threads = [threading.Thread(target=confirm, args=(order_id,)) for order_id in order_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(len(outcomes), len(order_ids), "every transaction finished")
        return outcomes

    def test_concurrent_confirmations_share_budget(self):
        ids = self._setup_committed()
        try:
            outcomes = self._confirm_concurrently(ids["orders"])
            self.assertEqual(sorted(outcomes.values()).count("confirmed"), 1, outcomes)

            with self.registry.cursor() as cr:
                env = self._env(cr)
                promotion = env["dealer.promotion"].browse(ids["promotion"])
                usage = promotion.usage_ids
                self.assertEqual(len(usage), 1)
                self.assertAlmostEqual(promotion.budget_used, 200.0)
                self.assertLessEqual(sum(usage.mapped("amount")), promotion.budget)
                # the refused order, retried as Odoo retries it, gets what is left of the budget
                refused = env["sale.order"].browse([o for o, outcome in outcomes.items() if outcome != "confirmed"])
                self.assertEqual(refused.state, "draft")
                with self.assertRaisesRegex(UserError, "budget left"):
                    refused.action_confirm()
                refused.action_apply_promotions()
                refused.action_confirm()
                self.assertAlmostEqual(refused.promotion_discount_amount, 100.0)
                self.assertAlmostEqual(promotion.budget_used, 300.0)
                cr.commit()  # pylint: disable=invalid-commit
        finally:
            self._cleanup(ids)

    def test_unlimited_promotion_does_not_serialize_orders(self):
        """Without a budget or a per-dealer cap, concurrent confirmations neither wait
        on nor conflict over the promotion row: both orders get it; giving the
        promotion a budget afterwards starts its counter from what it granted."""
        ids = self._setup_committed(budget=0)
        try:
            outcomes = self._confirm_concurrently(ids["orders"])
            self.assertEqual(list(outcomes.values()), ["confirmed", "confirmed"], outcomes)
            with self.registry.cursor() as cr:
                env = self._env(cr)
                promotion = env["dealer.promotion"].browse(ids["promotion"])
                self.assertEqual(len(promotion.usage_ids), 2)
                self.assertAlmostEqual(promotion.usage_amount, 400.0)
                self.assertAlmostEqual(promotion.budget_used, 0.0, msg="no counter without a limit")
                promotion.budget = 1000
                self.assertAlmostEqual(promotion.budget_used, 400.0)
                self.assertAlmostEqual(promotion.budget_remaining, 600.0)
                cr.commit()  # pylint: disable=invalid-commit
        finally:
            self._cleanup(ids)
