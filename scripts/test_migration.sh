#!/usr/bin/env bash
# Upgrade a database made by an earlier version of the suite, and check its data survived.
#
#   scripts/test_migration.sh [OLD_REF]      # default: the first commit of the previous release
#
# 1. the addons of OLD_REF (a git worktree in var/) installed with demo data on a fresh
#    database, plus the dealer history of scripts/bench/generate.py (preset tiny);
# 2. the data counted (scripts/migration_check.py snapshot);
# 3. `-u all` with this checkout's addons (migration scripts run, new bridge modules are
#    installed by them);
# 4. counted again: every record of the suite is still there, with the same kinds, flows
#    and states, and the modules of this checkout are installed.
# Ends with "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/_common.sh"

prepare_machine
require_odoo
ensure_postgres

OLD_REF="${1:-aee5ed5}"
DB="${TEST_DB:-dcs_migration_$(date +%Y%m%d_%H%M%S)_$$}"
LOG_DIR="$ROOT/var/log"
OLD_TREE="$ROOT/var/migration-$(git -C "$ROOT" rev-parse --short "$OLD_REF")"
mkdir -p "$LOG_DIR"
trap 'drop_db_unless_kept; git -C "$ROOT" worktree remove --force "$OLD_TREE" >/dev/null 2>&1 || true' EXIT

git -C "$ROOT" worktree add --force --detach "$OLD_TREE" "$OLD_REF" >/dev/null 2>&1 \
    || die "cannot check out $OLD_REF"
OLD_ADDONS="$(odoo_addons_dir),$OLD_TREE/addons"
OLD_MODULES="$(ADDONS_DIR="$OLD_TREE/addons" suite_modules)"
failed=0; passed=0

run() {  # run NAME COMMAND...: judged by its exit code and the errors Odoo logs
    local name="$1"; shift
    local log="$LOG_DIR/migration-$name.log"
    say "migration: $name (log: $log)"
    if "$@" >"$log" 2>&1 && ! grep -qE "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$log"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        say "migration: $name FAILED"
        tail -n 30 "$log"
        return 1
    fi
}

odoo_with() {  # odoo_with ADDONS_PATH ARGS...
    local path="$1"; shift
    "$PYTHON" -m odoo --database="$DB" --addons-path="$path" --max-cron-threads=0 --stop-after-init \
        --http-port="$(free_port)" --gevent-port="$(free_port)" --log-level=warn "$@"
}

dropdb --if-exists "$DB" >/dev/null 2>&1 || true
if run install-old odoo_with "$OLD_ADDONS" --init="$OLD_MODULES" --without-demo= \
    && run history "$PYTHON" -c "import sys; sys.path.insert(0, '$OLD_TREE/scripts/bench'); import generate
generate.generate('$DB', 'tiny', generate.PARTS)" \
    && run snapshot "$PYTHON" "$ROOT/scripts/migration_check.py" "$DB" snapshot "$LOG_DIR/migration-before.json" \
    && run upgrade odoo_with "$(addons_path)" --update=all; then
    run compare "$PYTHON" "$ROOT/scripts/migration_check.py" "$DB" compare "$LOG_DIR/migration-before.json" \
        && cat "$LOG_DIR/migration-compare.log"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
