#!/usr/bin/env bash
# Manages the running pipeline, e.g. customers' own settings: ./heartbeat-admin.sh settings --help
exec "$(dirname "$0")/local-stack/run-java.sh" local-stack com.heartbeatmonitor.admin.AdminCommand "$@"
