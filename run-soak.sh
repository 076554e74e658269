#!/usr/bin/env bash
# The chaos soak (not part of the tests; a 10-minute version, SoakIT, is): the pipeline on a standalone Flink
# cluster with 2 TaskManagers, a KRaft broker, PostgreSQL of its own (local-stack/embedded-postgres.sh, never the
# machine's server), the notifier in its own JVM with a real HTTP receiver, and the generator's daily-life model at
# --rate. Faults strike at random (seeded), one at a time: kill -9 of a TaskManager, the JobManager or both, a broker
# restart, PostgreSQL stopped 30-120 s or frozen (SIGSTOP) 30 s, the notifier killed while it delivers, stop with
# savepoint and resume, the checkpoint directory read-only for a minute. Every --check-every and at the end it
# checks that nothing was lost or doubled and prints heap, checkpoint and database size; exit 1 on any loss or
# double. E.g.: ./run-soak.sh --duration 2h --fault-every 10m --rate 5000 --seed 7   (options: --help)
# Log and summary table in .run/soak/ (soak.log, summary.md). docs/operations/soak.md says more.
exec nice -n "${HEARTBEAT_SOAK_NICE:-0}" "$(dirname "$0")/local-stack/run-java.sh" local-stack \
  com.heartbeatmonitor.local.Soak "$@"
