#!/usr/bin/env python3
"""Checks of scripts/test_lifecycle.sh on a database (one check per call).

    python3 scripts/lifecycle_check.py DB uninstall     # uninstall every dealer_* module
    python3 scripts/lifecycle_check.py DB plain-odoo    # nothing of the suite is left, Odoo still sells
    python3 scripts/lifecycle_check.py DB history       # the generated dealer history is there

Each check prints what it found and exits non-zero when it fails.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def open_env(db):
    import odoo
    from odoo.tools import config

    addons = os.path.join(os.path.dirname(odoo.__file__), "addons")
    config.parse_config(["-d", db, "--addons-path", f"{addons},{os.path.join(ROOT, 'addons')}",
                         "--log-level=warn", "--max-cron-threads=0"])
    from odoo.modules.registry import Registry

    return Registry(db)


def check_history(registry):
    import odoo

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        orders = env["sale.order"].search_count([("dealer_id", "!=", False), ("state", "=", "sale")])
        moves = env["account.move"].search_count([("move_type", "=", "out_invoice"), ("state", "=", "posted")])
        transactions = env["dealer.wallet.transaction"].search_count([("state", "=", "posted")])
    print(f"confirmed dealer orders: {orders}, posted invoices: {moves}, posted wallet transactions: {transactions}")
    return orders > 0 and moves > 0 and transactions > 0


def uninstall(registry):
    import odoo

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        modules = env["ir.module.module"].search([("name", "=like", "dealer\\_%"), ("state", "=", "installed")])
        print(f"uninstalling {', '.join(sorted(modules.mapped('name')))}")
        modules.button_immediate_uninstall()
    with odoo.modules.registry.Registry(registry.db_name).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        left = env["ir.module.module"].search([("name", "=like", "dealer\\_%"), ("state", "!=", "uninstalled")])
        print(f"dealer modules not uninstalled: {left.mapped('name') or 'none'}")
        return not left


def check_plain_odoo(registry):
    """No table, column, model, menu or view of the suite is left; an ordinary order runs through."""
    import odoo

    ok = True
    with registry.cursor() as cr:
        cr.execute("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'dealer\\_%'")
        tables = [row[0] for row in cr.fetchall()]
        cr.execute("""SELECT table_name || '.' || column_name FROM information_schema.columns
                       WHERE table_schema = 'public' AND (column_name LIKE 'dealer\\_%'
                             OR column_name LIKE 'deposit\\_%' OR column_name LIKE 'crowdfunding\\_%'
                             OR column_name = 'promotion_discount_amount' OR column_name = 'is_dealer')""")
        columns = [row[0] for row in cr.fetchall()]
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        models = env["ir.model"].search([("model", "=like", "dealer.%")]).mapped("model")
        views = env["ir.ui.view"].search_count([("arch_db", "ilike", "dealer_")])
        menus = env["ir.ui.menu"].search_count([("name", "ilike", "dealer")])
        for label, found in (("tables", tables), ("columns", columns), ("models", models)):
            print(f"{label} of the suite left: {found or 'none'}")
            ok = ok and not found
        print(f"views mentioning the suite: {views}, menus: {menus}")
        ok = ok and not views and not menus

        # Odoo still sells: an ordinary order confirmed, delivered and invoiced
        admin = env.ref("base.user_admin")
        env = env(user=admin.id)
        customer = env["res.partner"].create({"name": "After uninstall customer"})
        product = env["product.product"].create({
            "name": "After uninstall product", "type": "consu", "is_storable": True, "list_price": 12.0,
        })
        stock = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1).lot_stock_id
        env["stock.quant"]._update_available_quantity(product, stock, 10.0)
        order = env["sale.order"].create({
            "partner_id": customer.id,
            "order_line": [odoo.Command.create({"product_id": product.id, "product_uom_qty": 4.0})],
        })
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 4.0
        picking.move_ids.picked = True
        picking.button_validate()
        invoice = order._create_invoices()
        invoice.action_post()
        print(f"ordinary order {order.name}: {order.state}, delivery {picking.state}, "
              f"invoice {invoice.state} {invoice.amount_untaxed}")
        ok = ok and order.state == "sale" and picking.state == "done" and invoice.state == "posted" \
            and invoice.amount_untaxed == 48.0
        cr.rollback()
    return ok


CHECKS = {"uninstall": uninstall, "plain-odoo": check_plain_odoo, "history": check_history}


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in CHECKS:
        sys.exit(__doc__)
    db, check = sys.argv[1], sys.argv[2]
    ok = CHECKS[check](open_env(db))
    print(f"{check}: {'ok' if ok else 'FAILED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
