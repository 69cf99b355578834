#!/usr/bin/env bash
# Install, upgrade and uninstall the whole suite on a database that has data.
#
#   scripts/test_lifecycle.sh
#
# 1. install every module of addons/ with demo data on a fresh database;
# 2. generate dealer history on it (scripts/bench/generate.py, preset "tiny": network,
#    products, pools, promotions, funded wallets, a year of confirmed, delivered,
#    invoiced and paid orders);
# 3. upgrade every module (-u) on that database;
# 4. uninstall every module of the suite;
# 5. check that nothing of the suite is left and that an ordinary order is still
#    confirmed, delivered and invoiced.
# A step fails on a non-zero exit or on any ERROR/CRITICAL line Odoo logs.
# Ends with "N passed, N failed" (one per step).
set -uo pipefail
source "$(dirname "$0")/_common.sh"

require_odoo
ensure_postgres

SUITE="$(suite_modules)" || die "$SUITE"
DB="${TEST_DB:-dcs_lifecycle_$(date +%Y%m%d_%H%M%S)_$$}"
LOG_DIR="$ROOT/var/log"
mkdir -p "$LOG_DIR"
passed=0; failed=0

trap drop_db_unless_kept EXIT

# step NAME COMMAND...: run, judge by exit code and the errors logged (but those
# matching $ALLOWED_ERRORS, when set)
step() {
    local name="$1"; shift
    local log="$LOG_DIR/lifecycle-$name.log" start=$(date +%s)
    say "lifecycle: $name (log: $log)"
    "$@" >"$log" 2>&1
    local rc=$?
    local errors
    errors="$(grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$log" | grep -vE "${ALLOWED_ERRORS:-^$}" || true)"
    if [ "$rc" -eq 0 ] && [ -z "$errors" ]; then
        passed=$((passed + 1))
        say "lifecycle: $name ok ($(( $(date +%s) - start )) s)"
        return 0
    fi
    failed=$((failed + 1))
    say "lifecycle: $name FAILED (exit code $rc)"
    [ -n "$errors" ] && echo "$errors" | cut -c1-300 | head -n 20
    tail -n 30 "$log"
    return 1
}

odoo_run() {
    "$PYTHON" -m odoo --database="$DB" --addons-path="$(addons_path)" --max-cron-threads=0 --stop-after-init \
        --http-port="$(free_port)" --gevent-port="$(free_port)" --log-level=warn "$@"
}

# Uninstalling, Odoo deletes the modules' data records (demo contacts, products...) and
# keeps those the remaining data still references: each refused DELETE is logged by
# odoo.sql_db as a "bad query" (a foreign key of an invoice, a stock move...), as on
# any Odoo module uninstalled from a database with history. Nothing else is allowed.
UNINSTALL_NOISE=" odoo\.sql_db: bad query: "

dropdb --if-exists "$DB" >/dev/null 2>&1 || true
if step install odoo_run --init="$SUITE" --without-demo= \
    && step history "$PYTHON" "$ROOT/scripts/bench/generate.py" --db "$DB" --preset tiny \
    && step history-check "$PYTHON" "$ROOT/scripts/lifecycle_check.py" "$DB" history \
    && step upgrade odoo_run --update="$SUITE" \
    && step history-after-upgrade "$PYTHON" "$ROOT/scripts/lifecycle_check.py" "$DB" history \
    && ALLOWED_ERRORS="$UNINSTALL_NOISE" step uninstall "$PYTHON" "$ROOT/scripts/lifecycle_check.py" "$DB" uninstall; then
    step plain-odoo "$PYTHON" "$ROOT/scripts/lifecycle_check.py" "$DB" plain-odoo
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
