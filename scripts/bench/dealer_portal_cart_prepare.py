#!/usr/bin/env python3
"""A big cart for the portal page benchmark: 50 lines and 1,000 active promotions.

    python3 scripts/bench/dealer_portal_cart_prepare.py --db dcs_demo [--login dealer]
    # then, with the database served as deployed (odoo-bin --workers 2):
    python3 scripts/bench/dealer_portal_pages_bench.py --url http://localhost:8069

On a database with the suite and its demo data (a benchmark copy: everything is
committed), for the portal dealer ``--login``:

* 2,048 new storable products in a category of their own; the dealer is granted the
  first 50 (an allow pool), 40 of them in stock;
* 999 active promotions of two products each (1-9 % off from 1 unit), 40 of which also
  cover one of the cart's products, plus one order-wide promotion from ¥100,000 (out of
  reach: its threshold hint is evaluated);
* the dealer's cart emptied and filled with the 50 products (10 each, through the
  portal's own add method, as the dealer's user), then the promotions applied (what the
  cart's *Apply promotions* button does).

With ``--from-catalog`` (a data set of ``generate.py``, e.g. the full preset: 10,000
products, 1,000 active promotions) nothing is created but the cart: it holds 50 products of
the dealer's own catalog, those covered by the data set's product promotions first, 10 each.

Then it measures, in this process, the data the cart page reads (the controller's helper
methods, a fresh cache each time) and the promotion run: median per helper and its
queries. The page itself (rendering included) is measured over HTTP by
``dealer_portal_pages_bench.py``.
"""
import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

N_LINES = 50
N_IN_STOCK = 40
N_PROMOTIONS = 1_000
HIT_EVERY = 25  # every 25th promotion also covers a cart product: 40 of them
CATEGORY = "Cart benchmark products"


def dealer_user(env, login):
    user = env["res.users"].search([("login", "=", login)])
    if not user or not user.partner_id.commercial_partner_id.is_dealer:
        sys.exit(f"no portal dealer user {login!r} in this database")
    return user


def prepare(env, user):
    from odoo import Command, fields

    if env["product.category"].search_count([("name", "=", CATEGORY)]):
        sys.exit("this database already has the cart benchmark's products: use a fresh copy, "
                 "or --measure-only")
    dealer = user.partner_id.commercial_partner_id
    company = user.company_id
    # from yesterday: the dealer's day (its time zone) may already be tomorrow in UTC
    date_from = fields.Date.today() - timedelta(days=1)
    date_to = date_from + timedelta(days=31)
    categ = env["product.category"].create({"name": CATEGORY})
    products = env["product.product"].create([{
        "name": f"Cart benchmark product {i:04d}", "default_code": f"CB{i:04d}", "is_storable": True,
        "list_price": 10 + i % 90, "categ_id": categ.id,
    } for i in range(N_LINES + 2 * (N_PROMOTIONS - 1))])
    cart_products = products[:N_LINES]
    dealer._dealer_grant_products(cart_products)
    warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
    for product in cart_products[:N_IN_STOCK]:
        env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, quantity=100)
    promotions = []
    for i in range(N_PROMOTIONS - 1):
        covered = products[N_LINES + 2 * i: N_LINES + 2 * i + 2]
        if i % HIT_EVERY == 0:
            covered |= cart_products[i // HIT_EVERY]
        promotions.append({
            "name": f"Cart benchmark promotion {i}", "date_from": date_from, "date_to": date_to, "state": "active",
            "company_id": company.id, "priority": 10 + i % 5,
            "rule_ids": [Command.create({"value": 1 + i % 9, "product_ids": [Command.set(covered.ids)],
                                         "min_qty": 1})],
        })
    promotions.append({
        "name": "Cart benchmark order-wide", "date_from": date_from, "date_to": date_to, "state": "active",
        "company_id": company.id, "priority": 50, "rule_ids": [Command.create({"value": 3, "min_amount": 100_000})],
    })
    env["dealer.promotion"].create(promotions)
    fill_cart(env, user, cart_products)


def fill_cart(env, user, products):
    """The dealer's cart emptied, then ``products`` added (10 each) as the dealer adds them."""
    Order = env["sale.order"].with_user(user).with_company(user.company_id)
    cart = Order._dealer_portal_cart()
    if cart:
        cart.sudo().order_line.unlink()
    cart = Order._dealer_portal_cart(create=True)
    cart._dealer_portal_add_products({product: 10 for product in products})
    env.flush_all()


def prepare_from_catalog(env, user):
    """The cart of 50 products of the dealer's catalog, with the data set's promotions."""
    dealer = user.partner_id.commercial_partner_id
    company = user.company_id
    allowed = env["dealer.product.pool"].with_company(company).allowed_product_domain(dealer)
    Product = env["product.product"].with_company(company)
    base = allowed + [("sale_ok", "=", True), ("is_storable", "=", True)]
    promoted = env["dealer.promotion.rule"].search([("promotion_id.state", "=", "active")]).product_ids
    products = Product.search(base + [("id", "in", promoted.ids)], order="id", limit=N_LINES)
    if len(products) < N_LINES:
        products |= Product.search(base + [("id", "not in", products.ids)], order="id", limit=N_LINES - len(products))
    if len(products) < N_LINES:
        sys.exit(f"the dealer's catalog has {len(products)} products: {N_LINES} are needed")
    fill_cart(env, user, products)


def measure(env, user, repeat):
    Order = env["sale.order"].with_user(user).with_company(user.company_id)
    steps = {}

    def step(name, fn):
        start, queries = time.perf_counter(), env.cr.sql_log_count
        value = fn()
        env.flush_all()
        steps.setdefault(name, []).append(((time.perf_counter() - start) * 1000, env.cr.sql_log_count - queries))
        return value

    # the button first (each run replaces the previous results): the page then shows them
    for _i in range(max(3, repeat // 2)):
        env.invalidate_all()
        step("apply promotions (the button)", Order._dealer_portal_cart().sudo().action_apply_promotions)
    for _i in range(repeat + 2):
        env.invalidate_all()
        cart = step("cart lookup", Order._dealer_portal_cart)
        lines = step("product lines", cart._dealer_portal_product_lines)
        amounts = step("amounts", cart._dealer_portal_amounts)
        step("MOQ labels", cart._dealer_portal_moq_labels)
        step("stock", lines.product_id._dealer_portal_stock)
        wallets = step("wallets", lambda: Order.env["dealer.wallet"].search([
            ("partner_id", "=", user.partner_id.commercial_partner_id.id),
            ("company_id", "=", user.company_id.id)], order="wallet_type"))
        step("wallet figures", wallets._dealer_portal_figures)
        step("promotion details", lambda cart=cart, amounts=amounts: cart._dealer_portal_promotion_details(amounts))
        step("line promotions", cart._dealer_portal_line_promotions)
        step("threshold hints", cart._dealer_portal_threshold_hints)
        step("delivery addresses", cart._dealer_portal_delivery_addresses)
    cart = Order._dealer_portal_cart()
    print(f"{benchlib.machine_info()}\n{len(cart.order_line.filtered(lambda line: not line.dealer_promotion_id))} "
          f"product lines, {env['dealer.promotion'].search_count([('state', '=', 'active')])} active promotions, "
          f"{len(cart.dealer_promotion_result_ids)} promotion results on the cart\n")
    print("| cart page data | median ms | queries |")
    print("|---|---:|---:|")
    total = 0.0
    for name, values in steps.items():
        timings = [ms for ms, _q in values[1:]]  # the first one fills Odoo's caches
        median = statistics.median(timings)
        if not name.startswith("apply"):
            total += median
        print(f"| {name} | {median:.1f} | {values[-1][1]} |")
    print(f"| the page's data, all helpers | {total:.1f} | |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", default="dealer")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--measure-only", action="store_true", help="the cart is there already: measure it")
    parser.add_argument("--from-catalog", action="store_true",
                        help="fill the cart from the data set's own products and promotions (create nothing else)")
    args = parser.parse_args()
    registry = benchlib.open_registry(args.db)
    with registry.cursor() as cr:
        env = benchlib.environment(cr)
        user = dealer_user(env, args.login)
        if args.from_catalog:
            prepare_from_catalog(env, user)
            cr.commit()
        elif not args.measure_only:
            prepare(env, user)
            cr.commit()
        measure(env, user, args.repeat)
        cr.commit()  # the applied promotions stay: the page shows them
    return 0


if __name__ == "__main__":
    sys.exit(main())
