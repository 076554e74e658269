#!/usr/bin/env bash
# Runs the whole pipeline on this machine, no Docker: a KRaft Kafka broker, the schema on PostgreSQL,
# the Flink job with its web UI on http://localhost:8081, and the generator. Builds first if needed.
# With HEARTBEAT_CONSOLE_ADMIN_USER and HEARTBEAT_CONSOLE_ADMIN_PASSWORD set it also starts the care console on
# http://127.0.0.1:8090 (its own process, console/target/heartbeat-console.jar), with that first admin.
# Options: ./run-local.sh --help (any job option, e.g. --jdbc-url, is passed on to the job).
# Without --jdbc-url or HEARTBEAT_JDBC_URL it starts PostgreSQL 17 of its own under .run/postgres on
# 127.0.0.1:${HEARTBEAT_EMBEDDED_POSTGRES_PORT:-55432} (local-stack/embedded-postgres.sh), stopped again on exit.
set -euo pipefail
cd "$(dirname "$0")"

configured=${HEARTBEAT_JDBC_URL:-}
for arg in "$@"; do
  case $arg in
    --jdbc-url | --jdbc-url=* | -h | --help | --job-help | -V | --version) configured=yes ;;
  esac
done
if [[ -z $configured ]]; then
  port=${HEARTBEAT_EMBEDDED_POSTGRES_PORT:-55432}
  server=$(local-stack/embedded-postgres.sh start .run/postgres "$port")
  trap 'local-stack/embedded-postgres.sh stop .run/postgres' EXIT
  echo "PostgreSQL:  none configured (--jdbc-url, HEARTBEAT_JDBC_URL): started PostgreSQL 17 of its own," \
    "$server, data in .run/postgres"
  export HEARTBEAT_JDBC_URL=$server/heartbeat HEARTBEAT_DB_ADMIN_USER=postgres HEARTBEAT_DB_ADMIN_PASSWORD=
fi
# Not exec: the trap above stops the embedded PostgreSQL after the pipeline (Ctrl-C reaches both).
local-stack/run-java.sh local-stack com.heartbeatmonitor.local.LocalPipeline "$@"
