#!/usr/bin/env bash
# Odoo's own tests with the whole suite installed, compared with plain Odoo.
#
#   scripts/test_core.sh            # suite side, compared with the recorded baseline
#   scripts/test_core.sh --plain    # (re)run plain Odoo too and check the baseline file
#
# A company already on Odoo installs the suite and upgrades its apps: this script
# does the same on a fresh database (the suite with demo data, then an upgrade of
# the core apps with their tests: at-install tests run in the partial registry of
# the upgrade, post-install tests with every module loaded) and fails on any test
# that fails here but passes on plain Odoo of the same source.
#
# Plain Odoo's failures on this machine are recorded in scripts/core_baseline.txt,
# one line each with its reason, under the Odoo source version they were measured
# on. When that version differs from the installed Odoo, plain Odoo is run once
# (same modules but the suite's, same upgrade, same tests) and its result is cached
# per source version in ~/.cache/dealer-channel-suite/.
#
# Environment: CORE_MODULES (default: sale,sale_stock,sale_management,stock,portal);
# CORE_RETRY_AFTER, a file: the retry of a failed test (below) waits until it exists, so
# that a run beside other tests (.ci/run) retries on a machine no longer loaded by them.
# Ends with "N passed, N failed" for the suite side.
set -uo pipefail
source "$(dirname "$0")/_common.sh"

require_odoo
ensure_postgres

CORE_MODULES="${CORE_MODULES:-sale,sale_stock,sale_management,stock,portal}"
BASELINE="$ROOT/scripts/core_baseline.txt"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/dealer-channel-suite"
LOG_DIR="$ROOT/var/log"
mkdir -p "$LOG_DIR" "$CACHE_DIR"
RUN_PLAIN=0
[ "${1:-}" = "--plain" ] && RUN_PLAIN=1

SUITE="$(suite_modules)" || die "$SUITE"
# the Odoo modules the suite stands on: the plain database installs exactly these
PLAIN_BASE="$("$PYTHON" - "$ADDONS_DIR" "$SUITE" <<'PY'
import ast, os, sys
root, suite = sys.argv[1], sys.argv[2].split(",")
deps = set()
for name in suite:
    manifest = ast.literal_eval(open(os.path.join(root, name, "__manifest__.py")).read())
    deps.update(d for d in manifest.get("depends", []) if d not in suite)
print(",".join(sorted(deps)))
PY
)"
SOURCE_VERSION="$("$PYTHON" - "$CORE_MODULES" <<'PY'
import hashlib, os, sys
import odoo, odoo.release
# the Odoo release plus the content of the tests that are run
digest = hashlib.sha1()
addons = os.path.join(os.path.dirname(odoo.__file__), "addons")
for module in sorted(sys.argv[1].split(",")):
    tests = os.path.join(addons, module, "tests")
    for folder, _dirs, files in sorted(os.walk(tests)):
        for name in sorted(files):
            if name.endswith((".py", ".js", ".xml")):
                with open(os.path.join(folder, name), "rb") as handle:
                    digest.update(name.encode() + handle.read())
print(f"{odoo.release.version}-{digest.hexdigest()[:12]}")
PY
)"
TAGS="$(echo "$CORE_MODULES" | sed 's/\([^,]*\)/\/\1/g')"

# run_side NAME MODULES: fresh database, install MODULES, upgrade the core apps with their tests
run_side() {
    local name="$1" modules="$2" db="dcs_core_${1}_$(date +%Y%m%d_%H%M%S)_$$"
    local log="$LOG_DIR/core-$name.log"
    : >"$log"
    say "[$name] database $db: installing $modules"
    dropdb --if-exists "$db" >/dev/null 2>&1 || true
    local start=$(date +%s)
    "$PYTHON" -m odoo --database="$db" --addons-path="$(addons_path)" --init="$modules" \
        --without-demo= --max-cron-threads=0 --stop-after-init --http-port="$(free_port)" \
        --gevent-port="$(free_port)" --log-level=warn >>"$log" 2>&1 \
        || { say "[$name] installation failed (see $log)"; return 1; }
    say "[$name] installed in $(( $(date +%s) - start )) s; running Odoo's tests of $CORE_MODULES (log: $log)"
    start=$(date +%s)
    "$PYTHON" -m odoo --database="$db" --addons-path="$(addons_path)" --update="$CORE_MODULES" \
        --test-enable --test-tags="$TAGS" --max-cron-threads=0 --stop-after-init \
        --http-port="$(free_port)" --gevent-port="$(free_port)" --log-level=test >>"$log" 2>&1
    say "[$name] tests done in $(( $(date +%s) - start )) s"
    SIDE_DB="$db"
}


# failures LOG: one line per failing test (module logger: Class.method), sorted
# (a class whose setUpClass failed: "<test module> <Class>.setUpClass")
failures() {
    grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) [^ ]+ [^ ]+: (ERROR|FAIL): " "$1" \
        | sed -E \
            -e 's/.*: (ERROR|FAIL): (setUpClass|tearDownClass) \((odoo\.addons\.[^)]+)\.([A-Za-z0-9_]+)\).*/\3 \4.\2/' \
            -e 's/.* (odoo\.addons\.[a-z0-9_]+\.tests[^ ]*): (ERROR|FAIL): (Subtest )?([^ ]+).*/\1 \4/' \
        | sort -u
}

# totals LOG: "<failed+errors> <tests>" from Odoo's own verdict
totals() {
    grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" "$1" | tail -n 1 \
        | sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/' \
        | awk '{print $1 + $2, $3}'
}

baseline_version() { sed -n 's/^# odoo-source: //p' "$BASELINE" 2>/dev/null | head -n 1; }
baseline_tests() { grep -vE '^\s*(#|$)' "$BASELINE" 2>/dev/null | sed -E 's/\s+#.*//' | sort -u; }

PLAIN_CACHE="$CACHE_DIR/core-plain-$SOURCE_VERSION.txt"
if [ "$(baseline_version)" != "$SOURCE_VERSION" ] && [ ! -f "$PLAIN_CACHE" ]; then
    say "the baseline was measured on Odoo source $(baseline_version), this is $SOURCE_VERSION: running plain Odoo once"
    RUN_PLAIN=1
fi
if [ "$RUN_PLAIN" = 1 ]; then
    run_side plain "$PLAIN_BASE" || die "plain Odoo could not be installed"
    drop_db "$SIDE_DB"
    read -r p_failed p_total <<<"$(totals "$LOG_DIR/core-plain.log")"
    [ -n "${p_total:-}" ] || die "plain Odoo's test run did not finish (see $LOG_DIR/core-plain.log)"
    failures "$LOG_DIR/core-plain.log" >"$PLAIN_CACHE"
    say "plain Odoo: $p_total tests, $p_failed failed (cached in $PLAIN_CACHE)"
    unexplained="$(comm -23 "$PLAIN_CACHE" <(baseline_tests))"
    if [ -n "$unexplained" ]; then
        say "plain Odoo fails tests that $BASELINE does not record (add each with its reason):"
        echo "$unexplained"
    fi
fi

run_side suite "$SUITE" || { echo "0 passed, 1 failed"; exit 1; }
SUITE_DB="$SIDE_DB"
trap 'drop_db "$SUITE_DB"' EXIT
read -r s_failed s_total <<<"$(totals "$LOG_DIR/core-suite.log")"
if [ -z "${s_total:-}" ]; then
    say "Odoo's test run with the suite did not finish (see $LOG_DIR/core-suite.log)"
    echo "0 passed, 1 failed"
    exit 1
fi
known="$( (baseline_tests; [ -f "$PLAIN_CACHE" ] && cat "$PLAIN_CACHE") | sort -u)"
new_failures="$(comm -23 <(failures "$LOG_DIR/core-suite.log") <(echo "$known"))"
say "with the suite: $s_total tests, $s_failed failed ($(echo "$known" | grep -c . ) failures of plain Odoo recorded)"
# Odoo's browser tours wait 10 s per step: on a loaded machine one may time out. A test
# that fails only with the suite is run once more, alone, on the same database (post-install
# tests run without an upgrade); one that passes then is reported as flaky, not as a failure.
if [ -n "$new_failures" ] && [ "$(echo "$new_failures" | wc -l)" -le 10 ]; then
    retry_tags="$(echo "$new_failures" | sed -E 's/^odoo\.addons\.([a-z0-9_]+)\.tests[^ ]* ([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)$/\/\1:\2.\3/' \
        | grep -v "setUpClass\|tearDownClass" | paste -sd, -)"
    if [ -n "$retry_tags" ]; then
        if [ -n "${CORE_RETRY_AFTER:-}" ] && [ ! -e "$CORE_RETRY_AFTER" ]; then
            say "waiting for the tests beside this run to end before the retry"
            waited=0
            while [ ! -e "$CORE_RETRY_AFTER" ] && [ "$waited" -lt 3600 ]; do
                sleep 5; waited=$((waited + 5))
            done
        fi
        say "running once more, alone: $retry_tags"
        "$PYTHON" -m odoo --database="$SUITE_DB" --addons-path="$(addons_path)" --test-enable --test-tags="$retry_tags" \
            --max-cron-threads=0 --stop-after-init --http-port="$(free_port)" --gevent-port="$(free_port)" \
            --log-level=test >"$LOG_DIR/core-suite-retry.log" 2>&1
        still="$(failures "$LOG_DIR/core-suite-retry.log")"
        retried=()
        while IFS= read -r test; do
            [ -z "$test" ] && continue
            logger="${test%% *}"; method="${test#* }"
            # it must have run again (an at-install test does not, without an upgrade) and passed
            if grep -qF "$logger: Starting $method " "$LOG_DIR/core-suite-retry.log" \
                && ! grep -qxF "$test" <<<"$still"; then
                say "flaky (passed when run again alone): $test"
                continue
            fi
            retried+=("$test")
        done <<<"$new_failures"
        new_failures="$(printf '%s\n' "${retried[@]}" | grep -v '^$' || true)"
    fi
fi
status=0
new_count=0
if [ -n "$new_failures" ]; then
    new_count=$(echo "$new_failures" | wc -l)
    say "Odoo tests that fail only with the suite installed ($new_count):"
    echo "$new_failures"
    status=1
fi
if [ "$s_total" -eq 0 ]; then
    say "no Odoo test ran: failing"
    status=1; new_count=1
fi
# tests failing on plain Odoo too are reported above, neither passed nor failed here
echo "$(( s_total - s_failed )) passed, $new_count failed"
exit $status
