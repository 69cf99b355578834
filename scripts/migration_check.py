#!/usr/bin/env python3
"""Counts of the suite's data before and after an upgrade (scripts/test_migration.sh).

    python3 scripts/migration_check.py DB snapshot FILE   # write the counts to FILE (JSON)
    python3 scripts/migration_check.py DB compare FILE    # compare with FILE; non-zero on a loss

The counts are taken in SQL (the tables and columns of the version that made the
database), so the same query runs before and after the upgrade; a column renamed
between versions is read under the name the database has (RENAMED_COLUMNS).
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# label: SQL returning rows of (key, count)
COUNTS = {
    "dealers by level": "SELECT l.code, count(*) FROM res_partner p JOIN dealer_level l ON l.id = p.dealer_level_id "
                        "GROUP BY l.code",
    "dealer orders by flow and state": "SELECT dealer_flow || '/' || state, count(*) FROM sale_order "
                                       "WHERE dealer_id IS NOT NULL GROUP BY 1",
    "wallet transactions by kind": "SELECT kind || '/' || state, count(*) FROM dealer_wallet_transaction GROUP BY 1",
    "wallet balances": "SELECT wallet_type, round(sum(balance)::numeric, 2) FROM dealer_wallet GROUP BY 1",
    "rebate policies by kind": "SELECT kind || '/' || active, count(*) FROM dealer_rebate_policy GROUP BY 1",
    "rebate settlement lines by kind": "SELECT kind || '/' || state, count(*) FROM dealer_rebate_settlement_line "
                                       "GROUP BY 1",
    "documents settled": "SELECT res_model, count(*) FROM dealer_rebate_settlement_source GROUP BY 1",
    "profit shares by state": "SELECT state, count(*) FROM dealer_profit_share GROUP BY 1",
    "crowdfunding campaigns by state": "SELECT state, count(*) FROM dealer_crowdfunding GROUP BY 1",
    "pledges by state": "SELECT state, count(*) FROM dealer_crowdfunding_pledge GROUP BY 1",
    "promotions by state": "SELECT state, count(*) FROM dealer_promotion GROUP BY 1",
    "promotion usage": "SELECT 'rows', count(*) FROM dealer_promotion_usage",
    "product pools": "SELECT mode, count(*) FROM dealer_product_pool GROUP BY 1",
    "store applications": "SELECT state, count(*) FROM dealer_store_application GROUP BY 1",
    # deposit orders (presale, crowdfunding): their figures, the flows, the expiry job
    "deposit orders by state": "SELECT {deposit_state}, count(*) FROM sale_order WHERE {deposit_state} IS NOT NULL "
                               "GROUP BY 1",
    "deposit amounts by flow and state": "SELECT dealer_flow || '/' || coalesce({deposit_state}, '-'), "
                                         "round(sum({deposit_amount})::numeric, 2) FROM sale_order "
                                         "WHERE {deposit_amount} != 0 GROUP BY 1",
    "deposit ratios and due dates": "SELECT dealer_flow || '/ratio', round(sum({deposit_ratio})::numeric, 4) "
                                    "FROM sale_order WHERE {deposit_ratio} != 0 GROUP BY dealer_flow UNION ALL "
                                    "SELECT dealer_flow || '/due', count({deposit_balance_due_date}) FROM sale_order "
                                    "WHERE {deposit_balance_due_date} IS NOT NULL GROUP BY dealer_flow",
    "deposit field history": "SELECT f.name, count(*) FROM mail_tracking_value t "
                             "JOIN ir_model_fields f ON f.id = t.field_id "
                             "WHERE f.model = 'sale.order' AND f.name IN ({deposit_fields}) GROUP BY 1",
    "deposit settings of companies": "SELECT {dealer_deposit_expiry_policy} || '/' || "
                                     "({dealer_deposit_forfeit_account_id} IS NOT NULL) || '/' || "
                                     "coalesce({dealer_deposit_allow_rebate}, FALSE), count(*) FROM res_company "
                                     "GROUP BY 1",
    "deposit expiry jobs": "SELECT c.active, count(*) FROM ir_cron c "
                           "JOIN ir_act_server a ON a.id = c.ir_actions_server_id "
                           "WHERE a.code ~ '_cron_(presale|deposit)_expire' GROUP BY 1",
    "orders per flow": "SELECT dealer_flow, count(*) FROM sale_order GROUP BY 1",
    "order flows by code": "SELECT code || '/' || active, count(*) FROM dealer_order_flow GROUP BY 1",
    "crowdfunding flow records": "SELECT 'flows with an xml id', count(*) FROM ir_model_data d "
                                 "JOIN dealer_order_flow f ON f.id = d.res_id "
                                 "WHERE d.model = 'dealer.order.flow' AND f.code = 'crowdfunding' UNION ALL "
                                 "SELECT 'selection values ' || s.field_id || '/' || s.id, 1 "
                                 "FROM ir_model_fields_selection s WHERE s.value = 'crowdfunding'",
}

# columns and fields renamed between versions: {current name: earlier name}; a query's
# {name} is the column the database has, and rows keyed by a field name count under
# the current name
RENAMED = {
    "deposit_ratio": "presale_deposit_ratio",
    "deposit_amount": "presale_deposit_amount",
    "deposit_balance_amount": "presale_balance_amount",
    "deposit_balance_due_date": "presale_balance_due_date",
    "deposit_state": "presale_state",
    "dealer_deposit_expiry_policy": "dealer_presale_expiry_policy",
    "dealer_deposit_forfeit_account_id": "dealer_presale_forfeit_account_id",
    "dealer_deposit_allow_rebate": "dealer_presale_deposit_rebate",
}
CURRENT = {earlier: current for current, earlier in RENAMED.items()}


def _names(cr):
    cr.execute("""SELECT column_name FROM information_schema.columns
                   WHERE table_schema = 'public' AND table_name IN ('sale_order', 'res_company')""")
    columns = {row[0] for row in cr.fetchall()}
    names = {current: current if current in columns or earlier not in columns else earlier
             for current, earlier in RENAMED.items()}
    names["deposit_fields"] = ", ".join("'%s'" % name for pair in RENAMED.items() for name in pair)
    return names


def counts(db):
    import odoo
    from odoo.tools import config

    addons = os.path.join(os.path.dirname(odoo.__file__), "addons")
    config.parse_config(["-d", db, "--addons-path", f"{addons},{os.path.join(ROOT, 'addons')}", "--log-level=warn"])
    out = {}
    with odoo.sql_db.db_connect(db).cursor() as cr:
        names = _names(cr)
        for label, query in COUNTS.items():
            cr.execute(query.format(**names))
            out[label] = {CURRENT.get(str(key), str(key)): str(value) for key, value in cr.fetchall()}
        cr.execute("SELECT name, state, latest_version FROM ir_module_module WHERE name LIKE 'dealer\\_%'")
        out["modules"] = {name: f"{state} {version}" for name, state, version in cr.fetchall()}
    return out


def main():
    if len(sys.argv) != 4 or sys.argv[2] not in ("snapshot", "compare"):
        sys.exit(__doc__)
    db, action, path = sys.argv[1:]
    now = counts(db)
    if action == "snapshot":
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(now, handle, indent=1, ensure_ascii=False, sort_keys=True)
        print(json.dumps(now, indent=1, ensure_ascii=False, sort_keys=True))
        return
    with open(path, encoding="utf-8") as handle:
        before = json.load(handle)
    lost = []
    for label, values in before.items():
        if label == "modules":
            continue
        for key, value in values.items():
            after = now.get(label, {}).get(key)
            mark = "" if after == value else "   <-- changed"
            if after != value:
                lost.append(f"{label} {key}: {value} -> {after}")
            print(f"{label:34} {key:28} {value:>10} -> {after}{mark}")
    addons = os.path.join(ROOT, "addons")
    wanted = sorted(name for name in os.listdir(addons)
                    if os.path.isfile(os.path.join(addons, name, "__manifest__.py")))
    not_installed = [name for name in wanted if not now["modules"].get(name, "").startswith("installed")]
    print("modules after the upgrade:", json.dumps(now["modules"], sort_keys=True))
    if not_installed:
        lost.append(f"modules not installed after the upgrade: {not_installed}")
    if lost:
        print("\n".join(["LOST OR CHANGED:", *lost]))
        sys.exit(1)
    print("all the data is there")


if __name__ == "__main__":
    main()
