#!/usr/bin/env bash
# Like run-local.sh, but the job runs on a real standalone Flink cluster: a JobManager and a
# TaskManager JVM built from Flink's Maven jars with flink-conf/config.yaml, the shaded job jar
# uploaded and started through the web UI's REST calls (POST /jars/upload, POST /jars/:id/run).
# Web UI on http://localhost:8081. Ctrl-C cancels the job and stops cluster, broker and generator.
exec "$(dirname "$0")/run-local.sh" --cluster "$@"
