#!/usr/bin/env bash
# Two Odoo nodes behind a local nginx, on loopback (docs/deployment.md, "Several nodes").
#
#   DB=scale_bench scripts/cluster.sh up      # node1 :8126 (gevent :8127), node2 :8128 (:8129),
#                                             # nginx :8130 (config/nginx.conf)
#   NODES=1 DB=... scripts/cluster.sh up      # the same with node1 only (nginx upstream of one)
#   scripts/cluster.sh status
#   scripts/cluster.sh down
#
# Both nodes are separate odoo-bin processes (prefork, --workers 2 each, 1 cron worker each:
# Odoo's crons take their jobs with SELECT ... FOR UPDATE SKIP LOCKED, so two cron workers
# never run the same job) on the same database and the same data_dir (filestore and HTTP
# sessions: a session created through node1 is valid on node2, no sticky sessions needed),
# started with --proxy-mode (client address and scheme from nginx's X-Forwarded-* headers).
# With REPLICA_PORT set (scripts/replica.sh up), both nodes read their readonly routes from
# the standby on that port.
#
# Every node loads queue_job server-wide (--load=base,web,queue_job), so that long work started
# through any node is queued as jobs (docs/jobs.md). node1 also runs queue_job's job runner
# (RUNNER=1, the default) with the channels of config/odoo.scale.conf; its runner calls the
# jobs through nginx, so that they run on either node. The other nodes start no runner
# (ODOO_QUEUE_JOB_CHANNELS=root:0); queue_job's runner also holds an advisory lock per database.
#
# Settings (environment): DB (required for up), RUN_DIR (/tmp/scale_cluster: logs, pids,
# nginx's run directory, the shared data_dir unless DATA_DIR is set), NODES (2), WORKERS (2),
# CRON (1 cron worker per node), RUNNER (1), REPLICA_PORT (unset), NGINX (1). Ports are fixed
# by config/nginx.conf; with NGINX=0 (no proxy: scripts/test.sh, where nginx is not
# installed) they start at BASE_PORT + 2 (node n: BASE_PORT + 2n, gevent one above) and the
# runner calls node2's HTTP port (node1's with one node): the jobs still run on another node
# than the runner's.
set -euo pipefail
source "$(dirname "$0")/_common.sh"

RUN_DIR="${RUN_DIR:-/tmp/scale_cluster}"
DATA_DIR="${DATA_DIR:-$RUN_DIR/data}"   # "default": Odoo's own (that of the database's filestore)
NODES="${NODES:-2}"
WORKERS="${WORKERS:-2}"
CRON="${CRON:-1}"
RUNNER="${RUNNER:-1}"
NGINX="${NGINX:-1}"
NGINX_DIR="$RUN_DIR/nginx"
PROXY_URL="http://127.0.0.1:8130"
[ "$NGINX" = 1 ] && BASE_PORT=8124 || BASE_PORT="${BASE_PORT:-8124}"
node_port() { echo $((BASE_PORT + 2 * $1)); }   # node1 8126, node2 8128; gevent = port + 1
# the channels of config/odoo.scale.conf: two jobs at a time, one of them in the dealer channel
RUNNER_CHANNELS="root:2,root.dealer:1"

odoo_bin() {
    local bin
    bin="$("$PYTHON" -c "import odoo, os; print(os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), 'odoo-bin'))")"
    # odoo-bin, not python -m odoo: the prefork server respawns its gevent process with sys.argv[0]
    [ -f "$bin" ] && echo "$PYTHON $bin" || echo odoo
}

wait_http() {
    local url="$1" i
    for i in $(seq 120); do
        curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
        sleep 1
    done
    return 1
}

up() {
    [ -n "${DB:-}" ] || die "DB=... (the database both nodes serve)"
    if [ "$NGINX" = 1 ]; then
        command -v nginx >/dev/null || die "nginx is not installed (apt-get install -y nginx), or NGINX=0"
    fi
    require_odoo
    [ -f "$RUN_DIR/node1.pid" ] && die "a cluster runs already ($RUN_DIR): scripts/cluster.sh down first"
    local data_args=()
    [ "$DATA_DIR" = default ] || { mkdir -p "$DATA_DIR"; data_args=(--data-dir="$DATA_DIR"); }
    mkdir -p "$RUN_DIR" "$NGINX_DIR/logs" "$NGINX_DIR/tmp"
    chmod 777 "$NGINX_DIR/tmp"
    local replica_args=() n port cmd
    if [ -n "${REPLICA_PORT:-}" ]; then
        replica_args=(--db_replica_host=127.0.0.1 "--db_replica_port=$REPLICA_PORT")
    fi
    read -r -a cmd <<< "$(odoo_bin)"
    # where the runner sends the jobs (queue_job's /queue_job/runjob): the proxy, or node2
    local runner_port=8130
    [ "$NGINX" = 1 ] || runner_port="$(node_port "$NODES")"
    for n in $(seq "$NODES"); do
        port="$(node_port "$n")"
        local runner_env=(ODOO_QUEUE_JOB_CHANNELS=root:0) load=base,web,queue_job
        if [ "$n" = 1 ] && [ "$RUNNER" = 1 ]; then
            runner_env=(ODOO_QUEUE_JOB_CHANNELS="$RUNNER_CHANNELS" ODOO_QUEUE_JOB_HOST=127.0.0.1
                        ODOO_QUEUE_JOB_PORT="$runner_port")
        fi
        say "node$n: http :$port, gevent :$((port + 1)), --workers $WORKERS, ${runner_env[0]}"
        setsid env "${runner_env[@]}" "${cmd[@]}" -d "$DB" --db-filter="^$DB\$" --addons-path="$(addons_path)" \
            --load="$load" "${data_args[@]}" --proxy-mode --workers="$WORKERS" --max-cron-threads="$CRON" \
            --http-interface=127.0.0.1 --http-port="$port" --gevent-port="$((port + 1))" \
            --limit-time-real=600 --limit-time-cpu=600 --limit-request=100000 \
            --log-level=warn --log-handler=odoo.service.model:INFO --log-handler=werkzeug:INFO \
            --logfile="$RUN_DIR/node$n.log" "${replica_args[@]}" \
            < /dev/null > "$RUN_DIR/node$n.out" 2>&1 &
        echo $! > "$RUN_DIR/node$n.pid"
    done
    for n in $(seq "$NODES"); do
        wait_http "http://127.0.0.1:$(node_port "$n")/web/health" || die "node$n does not answer: $RUN_DIR/node$n.log"
    done
    if [ "$NGINX" != 1 ]; then
        say "cluster up without a proxy: nodes on :$(node_port 1)…:$(node_port "$NODES") ($NODES node(s), database $DB)"
        return 0
    fi
    cp "$ROOT/config/nginx.conf" "$NGINX_DIR/nginx.conf"
    [ "$NODES" -ge 2 ] || sed -i '/# node2/d' "$NGINX_DIR/nginx.conf"
    nginx -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf"
    wait_http "$PROXY_URL/web/health" || die "nginx does not answer: $NGINX_DIR/logs/error.log"
    say "cluster up: $PROXY_URL ($NODES node(s), database $DB)"
}

status() {
    local n pidfile
    for pidfile in "$RUN_DIR"/node*.pid; do
        [ -f "$pidfile" ] || { echo "no cluster"; return 0; }
        n="$(basename "$pidfile" .pid)"
        if kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$n: running (pid $(cat "$pidfile"))"
        else echo "$n: stopped"; fi
    done
    if [ -f "$NGINX_DIR/nginx.pid" ] && kill -0 "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null; then
        echo "nginx: running, $PROXY_URL"
    fi
}

down() {
    local pidfile pid i
    if [ -f "$NGINX_DIR/nginx.pid" ]; then
        nginx -p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" -s quit 2>/dev/null || true
    fi
    for pidfile in "$RUN_DIR"/node*.pid; do
        [ -f "$pidfile" ] || continue
        pid="$(cat "$pidfile")"
        # each node runs in its own process group (setsid): its workers, cron and gevent go with it
        kill -TERM -- "-$pid" 2>/dev/null || true
        for i in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
        rm -f "$pidfile"
    done
    say "cluster stopped (logs in $RUN_DIR)"
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
