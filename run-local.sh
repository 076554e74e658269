#!/usr/bin/env bash
# Runs the whole pipeline on this machine, no Docker: a KRaft Kafka broker, the schema on PostgreSQL,
# the Flink job with its web UI on http://localhost:8081, and the generator. Builds first if needed.
# Options: ./run-local.sh --help (any job option, e.g. --jdbc-url, is passed on to the job).
exec "$(dirname "$0")/local-stack/run-java.sh" local-stack com.heartbeatmonitor.local.LocalPipeline "$@"
