#!/usr/bin/env bash
# Serve the whole Dealer Channel Suite with demo data at http://localhost:8069
#
#   scripts/run.sh            # database "dcs_demo" (created on first run)
#   DB=mydb PORT=8070 scripts/run.sh
#   RESET=1 scripts/run.sh    # drop and rebuild the demo database
#   WORKERS=0 scripts/run.sh  # threaded, one process (a debugger works; no limits)
#
# It serves as deployed: prefork workers with the memory and time limits of
# config/odoo.conf (README, "Deployment limits"); WORKERS=N changes the number of HTTP
# workers only. The installation steps before run threaded, without limits.
#
# The demo database is Chinese: the company is in China (CNY, Chinese chart of
# accounts l10n_cn), Simplified Chinese is loaded. Log in as admin / admin, or as
# the portal dealers dealer / dealer (level-1 dealer) and store / store (a store).
set -euo pipefail
source "$(dirname "$0")/_common.sh"

prepare_machine
require_odoo
ensure_postgres

DB="${DB:-dcs_demo}"
PORT="${PORT:-8069}"
MODULES="$(suite_modules "${MODULES:-}")"
ODOO=("$PYTHON" -m odoo --database="$DB" --addons-path="$(addons_path)" --db-filter="^$DB\$")

if [ "${RESET:-0}" = 1 ]; then
    dropdb --if-exists "$DB"
fi
fresh=0
if ! psql -d "$DB" -Atc "select 1 from ir_module_module where name = 'base' and state = 'installed'" >/dev/null 2>&1; then
    fresh=1
    say "creating the demo database $DB"
    # 1. base only, then make the main company Chinese before accounting is
    #    installed, so that it gets the Chinese chart of accounts and CNY.
    "${ODOO[@]}" --init=base --without-demo= --load-language=zh_CN --stop-after-init --log-level=info 2>&1 \
        | show_progress
    "$PYTHON" - "$DB" "$(addons_path)" <<'PY'
import sys
import odoo
from odoo.tools import config
config.parse_config(["-d", sys.argv[1], "--addons-path", sys.argv[2], "--log-level=warn"])
from odoo.modules.registry import Registry
with Registry(sys.argv[1]).cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    env.ref("base.CNY").active = True
    env.ref("base.main_company").write({
        "country_id": env.ref("base.cn").id,
        "currency_id": env.ref("base.CNY").id,
    })
PY
    # 2. the Chinese chart of accounts for that company, before the suite's demo
    #    data needs journals (Odoo would auto-install it only after our modules)
    "${ODOO[@]}" --init=l10n_cn --without-demo= --stop-after-init --log-level=info 2>&1 | show_progress
fi
say "installing/updating: $MODULES"
"${ODOO[@]}" --init="$MODULES" --without-demo= --stop-after-init --log-level=info 2>&1 | show_progress
if [ "$fresh" = 1 ]; then
    # the brand's identity, after the demo data of Odoo's apps (which rename the company)
    "$PYTHON" - "$DB" "$(addons_path)" "$ROOT/scripts/demo/company_logo.png" <<'PY'
import base64
import sys
import odoo
from odoo.tools import config
config.parse_config(["-d", sys.argv[1], "--addons-path", sys.argv[2], "--log-level=warn"])
from odoo.modules.registry import Registry
with open(sys.argv[3], "rb") as logo:
    logo = base64.b64encode(logo.read())
with Registry(sys.argv[1]).cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    env.ref("base.main_company").write({
        "name": "华夏文具集团有限公司",
        "logo": logo,
        "state_id": env.ref("base.state_cn_ZJ").id,
        "city": "杭州",
        "street": "西湖区文三路 100 号",
        "zip": "310012",
    })
    # Odoo's root product category is created in English ("All"): the dealers read its name
    # in category paths ("All / 办公设备") on the mall's pages
    env.ref("product.product_category_all").name = "全部"
PY
    # the chatter lines the demo data wrote at install, before the translations were loaded
    "$PYTHON" "$ROOT/scripts/demo/install_chatter_zh.py" "$DB" "$(addons_path)"
fi
# The deployed server settings of config/odoo.conf as command-line options
# (workers, max_cron_threads, limit_*): the one place where their values are chosen.
deployed_limits() {
    sed -nE 's/^[[:space:]]*(workers|max_cron_threads|limit_[a-z_]+)[[:space:]]*=[[:space:]]*([0-9]+)[[:space:]]*$/\1 \2/p' \
        "$ROOT/config/odoo.conf" | while read -r key value; do
        if [ "$key" = workers ] && [ -n "${WORKERS:-}" ]; then
            value="$WORKERS"
        fi
        printf -- '--%s=%s\n' "${key//_/-}" "$value"
    done
}
mapfile -t LIMITS < <(deployed_limits)
[ "${#LIMITS[@]}" -gt 0 ] || die "no server limits found in config/odoo.conf"
GEVENT_PORT="${GEVENT_PORT:-$((PORT + 3))}"  # the websocket process of the prefork server (8072)
# The prefork server starts its websocket process from its own command line (sys.argv[0]):
# an Odoo started as `python -m odoo` cannot be started again that way, odoo-bin can.
ODOO_BIN="$("$PYTHON" - <<'PY'
import os, sys
import odoo
for path in (os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin"),
             os.path.join(os.path.dirname(sys.executable), "odoo")):
    if os.path.isfile(path):
        print(path)
        break
PY
)"
[ -n "$ODOO_BIN" ] || die "neither odoo-bin nor the odoo command found next to $PYTHON's Odoo"
say "serving http://localhost:$PORT (database $DB): ${LIMITS[*]}"
exec "$PYTHON" "$ODOO_BIN" "${ODOO[@]:3}" --http-port="$PORT" --gevent-port="$GEVENT_PORT" "${LIMITS[@]}" "$@"
