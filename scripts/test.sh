#!/usr/bin/env bash
# Run the Dealer Channel Suite's tests on a fresh database.
#
#   scripts/test.sh                      # every module of addons/, with demo data
#   scripts/test.sh dealer_base,dealer_wallet   # only these modules' tests (faster)
#
# Creates a new database, installs the modules (demo data included), runs their
# tests (unit, access, HttpCase and browser tours), runs the suite-level checks
# in tests/ and the SPEC contract check, drops the database and ends with a
# pytest-style line "N passed, N failed". Exit status is non-zero on any failure,
# error, or when no test ran.
# Environment: KEEP_DB=1 keeps the database; TEST_DB names it.
set -uo pipefail
source "$(dirname "$0")/_common.sh"

prepare_machine
require_odoo
ensure_postgres

MODULES="$(suite_modules "${1:-}")" || die "$MODULES"
[ -n "$MODULES" ] || die "no installable module found in $ADDONS_DIR"
DB="${TEST_DB:-dcs_test_$(date +%Y%m%d_%H%M%S)_$$}"
LOG_DIR="$ROOT/var/log"
mkdir -p "$LOG_DIR"
LOG="$LOG_DIR/test-$DB.log"
TAGS="$(echo "$MODULES" | sed 's/\([^,]*\)/\/\1/g')"
PORT="$(free_port)"

trap drop_db_unless_kept EXIT

say "database $DB; modules: $MODULES"
say "full log: $LOG"
dropdb --if-exists "$DB" >/dev/null 2>&1 || true
start=$(date +%s)
"$PYTHON" -m odoo \
    --database="$DB" \
    --addons-path="$(addons_path)" \
    --init="$MODULES" \
    --test-enable --test-tags="$TAGS" \
    --http-port="$PORT" --gevent-port="$(free_port)" \
    --without-demo= \
    --max-cron-threads=0 \
    --stop-after-init \
    --log-level=test \
    2>&1 | tee "$LOG" | show_progress
odoo_rc=${PIPESTATUS[0]}
elapsed=$(( $(date +%s) - start ))

# Odoo's own verdict: "<F> failed, <E> error(s) of <N> tests when loading database"
summary="$(grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests when loading database" "$LOG" | tail -n 1)"
read -r failed errors total <<<"$(echo "$summary" | sed -E 's/.* ([0-9]+) failed, ([0-9]+) error\(s\) of ([0-9]+) tests.*/\1 \2 \3/')"
failed=${failed:-0}; errors=${errors:-0}; total=${total:-0}
[[ "$failed" =~ ^[0-9]+$ ]] || failed=0
[[ "$errors" =~ ^[0-9]+$ ]] || errors=0
[[ "$total" =~ ^[0-9]+$ ]] || total=0

# Anything logged as ERROR/CRITICAL (install errors, tracebacks outside tests)
# is a failure even when Odoo did not count it as a test.
problems="$(grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$LOG" || true)"
if [ -n "$problems" ]; then
    echo "---- errors logged by Odoo ($(echo "$problems" | wc -l) lines; details in $LOG) ----"
    echo "$problems" | cut -c1-400 | head -n 80
    # print the tracebacks of failing tests
    awk '/ (ERROR|CRITICAL) /{p=1} /^[0-9-]+ [0-9:,]+ [0-9]+ (INFO|WARNING|DEBUG) /{p=0} p' "$LOG" | head -n 400
fi
odoo_passed=$(( total - failed - errors ))
odoo_failed=$(( failed + errors ))
if [ -n "$problems" ] && [ "$odoo_failed" -eq 0 ]; then
    odoo_failed=1   # logged errors not attributed to a test still fail the run
fi
say "Odoo tests: $total run, $odoo_failed failed ($elapsed s, odoo exit code $odoo_rc)"

# A live server on a loopback port for the HTTP-level checks (tests/test_http_hostile_input.py),
# when the whole suite is installed: the hostile-input cases need its demo data.
server_pid=""
server_failed=0
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
        server_pid=""
    fi
}
# check_logged_errors WHAT DETAILS EXCLUDE FILE...: show the ERROR/CRITICAL lines Odoo logged in
# the files, but those matching the extended regex EXCLUDE ("" for none); status 1 when any is left
check_logged_errors() {
    local what="$1" details="$2" exclude="${3:-^$}" problems
    shift 3
    problems="$(grep -hE "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$@" 2>/dev/null | grep -vE "$exclude" || true)"
    [ -z "$problems" ] && return 0
    echo "---- errors logged by $what (details in $details) ----"
    echo "$problems" | cut -c1-400 | head -n 40
    return 1
}
# Two more nodes on the same database for the topology checks (tests/test_topology.py): prefork
# servers with their websocket (gevent) processes, node1 running queue_job's job runner.
TOPOLOGY_DIR=""
stop_topology() {
    if [ -n "$TOPOLOGY_DIR" ] && [ -f "$TOPOLOGY_DIR/node1.pid" ]; then
        RUN_DIR="$TOPOLOGY_DIR" NGINX=0 bash "$ROOT/scripts/cluster.sh" down >/dev/null 2>&1
    fi
}
trap 'stop_server; stop_topology; drop_db_unless_kept' EXIT
http_env=()
topology_env=()
if [ -n "$summary" ] && [[ ",$MODULES," == *",dealer_channel,"* ]]; then
    HTTP_PORT="$(free_port)"
    SERVER_LOG="$LOG_DIR/http-$DB.log"
    say "HTTP checks: server on 127.0.0.1:$HTTP_PORT (log: $SERVER_LOG)"
    "$PYTHON" -m odoo \
        --database="$DB" --db-filter="^$DB\$" \
        --addons-path="$(addons_path)" \
        --http-interface=127.0.0.1 --http-port="$HTTP_PORT" --gevent-port="$(free_port)" \
        --workers=0 --max-cron-threads=0 --log-level=info \
        >"$SERVER_LOG" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 120); do
        "$PYTHON" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)" \
            "http://127.0.0.1:$HTTP_PORT/web/health" >/dev/null 2>&1 && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 1
    done
    # DCS_HTTP_REQUIRED: a server that does not answer fails the checks, it does not skip them
    http_env=(DCS_HTTP_URL="http://127.0.0.1:$HTTP_PORT" DCS_HTTP_DB="$DB" DCS_HTTP_REQUIRED=1)
fi
if [ -n "$summary" ] && [[ ",$MODULES," == *",dealer_queue_job,"* ]]; then
    TOPOLOGY_DIR="$LOG_DIR/topology-$DB"
    rm -rf "$TOPOLOGY_DIR"
    base=$(( $(free_ports 4) - 2 ))   # node1 base+2 (gevent +3), node2 base+4 (gevent +5)
    say "topology checks: two nodes on 127.0.0.1:$((base + 2)) and :$((base + 4)) (logs: $TOPOLOGY_DIR)"
    if ! DB="$DB" RUN_DIR="$TOPOLOGY_DIR" NGINX=0 BASE_PORT="$base" DATA_DIR=default CRON=0 WORKERS=1 \
            bash "$ROOT/scripts/cluster.sh" up >"$LOG_DIR/topology-$DB.out" 2>&1; then
        cat "$LOG_DIR/topology-$DB.out"
    fi
    # DCS_TOPOLOGY_REQUIRED: nodes that do not answer fail the checks
    topology_env=(DCS_TOPOLOGY_DB="$DB" DCS_TOPOLOGY_REQUIRED=1 DCS_TOPOLOGY_LOGS="$TOPOLOGY_DIR"
                  DCS_TOPOLOGY_NODES="http://127.0.0.1:$((base + 2)),http://127.0.0.1:$((base + 4))"
                  DCS_TOPOLOGY_WS="ws://127.0.0.1:$((base + 3)),ws://127.0.0.1:$((base + 5))")
fi

# Suite-level checks (plain pytest: conventions of every module, scripts, HTTP)
suite_passed=0; suite_failed=0
if compgen -G "$ROOT/tests/test_*.py" >/dev/null; then
    suite_out="$(env "${http_env[@]}" "${topology_env[@]}" DCS_MODULES="${1:-}" "$PYTHON" -m pytest -q -p no:cacheprovider -p no:odoo \
        "$ROOT/tests" 2>&1)"
    suite_rc=$?
    echo "$suite_out" | tail -n 30
    suite_passed=$(echo "$suite_out" | grep -Eo "[0-9]+ passed" | tail -n1 | grep -Eo "[0-9]+" || echo 0)
    suite_failed=$(echo "$suite_out" | grep -Eo "[0-9]+ (failed|error)" | awk '{s+=$1} END {print s+0}')
    if [ "$suite_rc" -ne 0 ] && [ "$suite_failed" -eq 0 ]; then suite_failed=1; fi
fi

if [ -n "$server_pid" ]; then
    stop_server
    # a request that made the server log an error (a traceback) fails, whatever the answer said
    check_logged_errors "the server during the HTTP checks" "$SERVER_LOG" "" "$SERVER_LOG" || server_failed=1
fi

topology_failed=0
if [ -n "$TOPOLOGY_DIR" ]; then
    stop_topology
    # an error the nodes logged fails the run, but for the job that test_topology makes fail on
    # purpose (a suspended dealer): queue_job logs its traceback and the runner the refused
    # GET; whether each job ended as it should is the test's own assertion
    check_logged_errors "the topology nodes" "$TOPOLOGY_DIR" \
        " odoo\.addons\.queue_job\.(controllers\.main: Traceback|jobrunner\.runner: exception in GET .*/queue_job/runjob)" \
        "$TOPOLOGY_DIR"/node*.log || topology_failed=1
fi

# SPEC contract check on the installed database
contract_passed=0; contract_failed=0
CONTRACT="$ROOT/../shared/tools/contract_check.py"
if [ -f "$CONTRACT" ] && [ -n "$summary" ]; then
    contract_out="$("$PYTHON" "$CONTRACT" "$DB" "$(addons_path)" 2>&1)"
    contract_rc=$?
    echo "$contract_out" | grep -vE "^[0-9-]+ [0-9:,]+ [0-9]+ (INFO|WARNING) |^[0-9]+ passed, [0-9]+ failed" | tail -n 30
    read -r contract_passed contract_failed <<<"$(echo "$contract_out" | grep -E "^[0-9]+ passed, [0-9]+ failed" | tail -n1 | sed -E 's/([0-9]+) passed, ([0-9]+) failed.*/\1 \2/')"
    contract_passed=${contract_passed:-0}; contract_failed=${contract_failed:-0}
    if [ "$contract_rc" -ne 0 ] && [ "$contract_failed" -eq 0 ]; then contract_failed=1; fi
    say "contract check: $contract_passed passed, $contract_failed failed"
fi

passed=$(( odoo_passed + suite_passed ))
failed_all=$(( odoo_failed + suite_failed + contract_failed + server_failed + topology_failed ))
status=0
if [ "$total" -eq 0 ]; then
    say "no Odoo test ran: failing (a run without tests is not green)"
    failed_all=$(( failed_all + 1 )); status=1
fi
[ "$odoo_rc" -ne 0 ] && status=1
[ "$failed_all" -ne 0 ] && status=1
echo "$passed passed, $failed_all failed"
exit $status
