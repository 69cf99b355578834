#!/bin/bash
# docker-compose.scale.yml: run once by the primary's entrypoint when its data directory is
# created. The streaming role and the physical slot of the standby (db-replica), and the
# pg_hba line that lets it replicate from the compose network.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE replicator WITH LOGIN REPLICATION PASSWORD 'replicator';
SELECT pg_create_physical_replication_slot('replica1');
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
