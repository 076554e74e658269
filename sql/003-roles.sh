#!/bin/bash
# Roles for docker compose (PostgreSQL's entrypoint runs this once, after the schema files):
#  - the job's writer may only add and update the pipeline's rows;
#  - Grafana's reader may only read.
# Passwords come from the container's environment (.env); psql quotes them as literals (%L).
set -euo pipefail
: "${HEARTBEAT_JDBC_USER:?}" "${HEARTBEAT_JDBC_PASSWORD:?}" "${GRAFANA_DB_USER:?}" "${GRAFANA_DB_PASSWORD:?}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v writer="$HEARTBEAT_JDBC_USER" -v writer_password="$HEARTBEAT_JDBC_PASSWORD" \
     -v reader="$GRAFANA_DB_USER" -v reader_password="$GRAFANA_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'writer', :'writer_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'writer') \gexec
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'reader', :'reader_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'reader') \gexec

SELECT format('GRANT CONNECT ON DATABASE %I TO %I, %I', current_database(), :'writer', :'reader') \gexec
SELECT format('GRANT USAGE ON SCHEMA public TO %I, %I', :'writer', :'reader') \gexec
SELECT format('GRANT INSERT ON heartbeats, rejected_heartbeats TO %I', :'writer') \gexec
-- Upserts read the row they update (ON CONFLICT ... WHERE revision/readings).
SELECT format('GRANT SELECT, INSERT, UPDATE ON alerts, heartbeat_minutes TO %I', :'writer') \gexec
SELECT format('GRANT SELECT ON ALL TABLES IN SCHEMA public TO %I', :'reader') \gexec
SQL
