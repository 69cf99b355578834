#!/usr/bin/env bash
# A PostgreSQL 15 hot standby of this machine's main cluster, on loopback, to run Odoo
# with a read replica (Odoo 18: --db_replica_host / --db_replica_port; routes declared
# readonly=True and @api.readonly methods read from it). For trying the topology of
# docs/deployment.md on one machine; production runs the standby on its own host.
#
#   scripts/replica.sh up       # create and start the standby (streaming, physical slot)
#   scripts/replica.sh status   # replication state and lag, as the primary sees it
#   scripts/replica.sh odoo -d DB [odoo options...]   # Odoo with the replica configured
#   scripts/replica.sh down     # stop and delete the standby, its slot and its role
#
# Settings (environment): PRIMARY_CLUSTER (default 15/main), REPLICA_NAME (scale_replica),
# REPLICA_PORT (5440), REPLICA_ROLE (scale_replicator). Runs as root (pg_createcluster and
# pg_ctlcluster switch to the postgres user).
#
# What "up" does:
# 1. checks the primary can stream (wal_level replica or logical, max_wal_senders > 0;
#    PostgreSQL 15's defaults) and that its pg_hba.conf lets a password role replicate from
#    127.0.0.1 (Debian's default "host replication all 127.0.0.1/32 scram-sha-256");
# 2. creates the role REPLICA_ROLE (LOGIN REPLICATION, a random password kept in the
#    standby's ~postgres/.pgpass only) and a physical replication slot of the same name, so
#    the primary keeps the WAL the standby has not replayed yet;
# 3. pg_createcluster REPLICA_NAME on REPLICA_PORT (configuration under
#    /etc/postgresql/15/REPLICA_NAME), replaces its data directory with
#    pg_basebackup -R (writes standby.signal and primary_conninfo) -X stream -S slot;
# 4. configures the standby: hot_standby on, listens on 127.0.0.1 only, trusts local
#    loopback connections (Odoo connects as its own database user without a password; a
#    loopback-only test standby), pg_stat_statements preloaded (to see which reads it
#    serves), hot_standby_feedback on (the primary keeps the rows a long replica query
#    reads: no "canceling statement due to conflict with recovery" on reports);
# 5. starts it and waits until the primary reports it streaming.
set -euo pipefail
source "$(dirname "$0")/_common.sh"

PRIMARY_CLUSTER="${PRIMARY_CLUSTER:-15/main}"
REPLICA_NAME="${REPLICA_NAME:-scale_replica}"
REPLICA_PORT="${REPLICA_PORT:-5440}"
REPLICA_ROLE="${REPLICA_ROLE:-scale_replicator}"
VERSION="${PRIMARY_CLUSTER%%/*}"
PRIMARY_PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v n="${PRIMARY_CLUSTER##*/}" '$1==v && $2==n {print $3}')"
CONF_DIR="/etc/postgresql/$VERSION/$REPLICA_NAME"
DATA_DIR="/var/lib/postgresql/$VERSION/$REPLICA_NAME"

[ -n "$PRIMARY_PORT" ] || die "no cluster $PRIMARY_CLUSTER (pg_lsclusters)"

psql_primary() { runuser -u postgres -- psql -X -p "$PRIMARY_PORT" -v ON_ERROR_STOP=1 -Atq "$@"; }
psql_replica() { runuser -u postgres -- psql -X -p "$REPLICA_PORT" -h 127.0.0.1 -Atq "$@"; }
replica_exists() { pg_lsclusters -h | awk -v v="$VERSION" -v n="$REPLICA_NAME" '$1==v && $2==n {f=1} END {exit !f}'; }

up() {
    if replica_exists; then
        say "$REPLICA_NAME exists already"; pg_ctlcluster "$VERSION" "$REPLICA_NAME" start 2>/dev/null || true
        status; return
    fi
    local wal senders
    wal="$(psql_primary -c 'SHOW wal_level')"; senders="$(psql_primary -c 'SHOW max_wal_senders')"
    [ "$wal" != minimal ] || die "wal_level is minimal on the primary: set it to replica and restart it"
    [ "$senders" -gt 0 ] || die "max_wal_senders is 0 on the primary"
    local password; password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
    say "role $REPLICA_ROLE and slot $REPLICA_ROLE on the primary (port $PRIMARY_PORT)"
    psql_primary -c "DROP ROLE IF EXISTS $REPLICA_ROLE"
    psql_primary -c "CREATE ROLE $REPLICA_ROLE LOGIN REPLICATION PASSWORD '$password'"
    psql_primary -c "SELECT pg_create_physical_replication_slot('$REPLICA_ROLE')
                     WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '$REPLICA_ROLE')" >/dev/null
    local pgpass=~postgres/.pgpass
    touch "$pgpass"; chown postgres: "$pgpass"; chmod 600 "$pgpass"
    grep -v ":$REPLICA_ROLE:" "$pgpass" > "$pgpass.new" || true
    echo "127.0.0.1:$PRIMARY_PORT:*:$REPLICA_ROLE:$password" >> "$pgpass.new"
    mv "$pgpass.new" "$pgpass"; chown postgres: "$pgpass"; chmod 600 "$pgpass"

    say "cluster $VERSION/$REPLICA_NAME on port $REPLICA_PORT"
    pg_createcluster "$VERSION" "$REPLICA_NAME" -p "$REPLICA_PORT" >/dev/null
    rm -rf "$DATA_DIR"
    say "pg_basebackup -R from the primary"
    runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U "$REPLICA_ROLE" -D "$DATA_DIR" -R \
        -X stream -S "$REPLICA_ROLE" --checkpoint=fast
    cat > "$CONF_DIR/conf.d/replica.conf" <<EOF
# the hot standby of $PRIMARY_CLUSTER written by scripts/replica.sh
listen_addresses = '127.0.0.1'
hot_standby = on
hot_standby_feedback = on
max_standby_streaming_delay = 30s
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = top
pg_stat_statements.max = 10000
max_connections = 200
# the first start syncs the data directory: one syncfs per file system, not one fsync per file
recovery_init_sync_method = syncfs
EOF
    # Odoo connects to the replica over TCP as its own user, without a password
    sed -i '/# scripts\/replica.sh/d' "$CONF_DIR/pg_hba.conf"
    sed -i "1i host all all 127.0.0.1/32 trust  # scripts/replica.sh: loopback-only test standby" \
        "$CONF_DIR/pg_hba.conf"
    # the first start syncs the copied data directory: minutes on a busy disk
    pg_ctlcluster "$VERSION" "$REPLICA_NAME" start -- -t 600
    local i
    for i in $(seq 60); do
        [ "$(psql_primary -c "SELECT count(*) FROM pg_stat_replication WHERE usename = '$REPLICA_ROLE' AND state = 'streaming'")" = 1 ] && break
        sleep 1
    done
    status
}

status() {
    if ! replica_exists; then echo "no replica ($VERSION/$REPLICA_NAME)"; return 0; fi
    pg_lsclusters | awk -v n="$REPLICA_NAME" 'NR==1 || $2==n'
    echo "primary $PRIMARY_CLUSTER (port $PRIMARY_PORT) sees:"
    psql_primary -F ' | ' -c "SELECT application_name, client_addr, state, sync_state,
        pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS replay_lag_bytes, replay_lag
        FROM pg_stat_replication WHERE usename = '$REPLICA_ROLE'" | sed 's/^/  /'
    echo "standby: in recovery = $(psql_replica -d postgres -c 'SELECT pg_is_in_recovery()' 2>/dev/null || echo '?')"
}

down() {
    if replica_exists; then
        say "dropping cluster $VERSION/$REPLICA_NAME"
        pg_dropcluster --stop "$VERSION" "$REPLICA_NAME"
    fi
    psql_primary -c "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
                     WHERE slot_name = '$REPLICA_ROLE' AND NOT active" >/dev/null
    psql_primary -c "DROP ROLE IF EXISTS $REPLICA_ROLE"
    [ -f ~postgres/.pgpass ] && sed -i "/:$REPLICA_ROLE:/d" ~postgres/.pgpass
    say "replica removed (cluster, slot $REPLICA_ROLE, role $REPLICA_ROLE)"
}

odoo_with_replica() {
    replica_exists || die "no replica: scripts/replica.sh up first"
    require_odoo
    exec "$PYTHON" -m odoo --addons-path="$(addons_path)" \
        --db_replica_host=127.0.0.1 --db_replica_port="$REPLICA_PORT" "$@"
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    odoo) shift; odoo_with_replica "$@" ;;
    *) echo "usage: $0 up|down|status|odoo [odoo options]" >&2; exit 2 ;;
esac
