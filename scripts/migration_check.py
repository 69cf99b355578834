#!/usr/bin/env python3
"""Counts of the suite's data before and after an upgrade (scripts/test_migration.sh).

    python3 scripts/migration_check.py DB snapshot FILE   # write the counts to FILE (JSON)
    python3 scripts/migration_check.py DB compare FILE    # compare with FILE; non-zero on a loss

The counts are taken in SQL (the tables and columns of the version that made the
database), so the same query runs before and after the upgrade.
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
    "deposit orders by state": "SELECT presale_state, count(*) FROM sale_order WHERE presale_state IS NOT NULL "
                               "GROUP BY 1",
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
}


def counts(db):
    import odoo
    from odoo.tools import config

    addons = os.path.join(os.path.dirname(odoo.__file__), "addons")
    config.parse_config(["-d", db, "--addons-path", f"{addons},{os.path.join(ROOT, 'addons')}", "--log-level=warn"])
    out = {}
    with odoo.sql_db.db_connect(db).cursor() as cr:
        for label, query in COUNTS.items():
            cr.execute(query)
            out[label] = {str(key): str(value) for key, value in cr.fetchall()}
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
