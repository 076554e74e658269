#!/bin/bash
# Roles for docker compose: PostgreSQL's entrypoint runs this once, after the schema files. The
# statements are roles/grant-roles.sql, the same the no-Docker run command applies over JDBC;
# names and passwords come from the container's environment (.env) as psql variables.
set -euo pipefail
: "${HEARTBEAT_JDBC_USER:?}" "${HEARTBEAT_JDBC_PASSWORD:?}" "${GRAFANA_DB_USER:?}" "${GRAFANA_DB_PASSWORD:?}"
: "${HEARTBEAT_NOTIFY_DB_USER:?}" "${HEARTBEAT_NOTIFY_DB_PASSWORD:?}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v writer="$HEARTBEAT_JDBC_USER" -v writer_password="$HEARTBEAT_JDBC_PASSWORD" \
     -v reader="$GRAFANA_DB_USER" -v reader_password="$GRAFANA_DB_PASSWORD" \
     -v notifier="$HEARTBEAT_NOTIFY_DB_USER" -v notifier_password="$HEARTBEAT_NOTIFY_DB_PASSWORD" <<'SQL'
SELECT set_config('heartbeat.writer', :'writer', false),
       set_config('heartbeat.writer_password', :'writer_password', false),
       set_config('heartbeat.reader', :'reader', false),
       set_config('heartbeat.reader_password', :'reader_password', false),
       set_config('heartbeat.notifier', :'notifier', false),
       set_config('heartbeat.notifier_password', :'notifier_password', false);
\i /docker-entrypoint-initdb.d/roles/grant-roles.sql
SQL
