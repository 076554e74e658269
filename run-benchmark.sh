#!/usr/bin/env bash
# The benchmark (not part of the tests): a KRaft broker and a standalone Flink cluster of its own, and
# four scenarios (--scenarios wide,long,outage,latency, all by default):
#   wide     2,000,000 events over 100,000 customers pre-loaded; the job's catch-up against PostgreSQL
#            COPY, a plain Kafka consumer and a Flink SQL peer; memory; latency at 5,000 events/s
#   long     20 customers x 100,000 readings 1 s apart pre-loaded; the same catch-up, against wide's
#   outage   stop with savepoint on a 5,000 events/s stream, 3 min down, resume: time to catch up,
#            alert latency meanwhile
#   latency  3 consecutive runs at 5,000 events/s: event -> row and event -> alert latency
#   backends (not in the default set; --scenarios backends) 1,000,000 customers x 3 readings caught up
#            on the heap backend and on RocksDB, each on a fresh cluster: speed, checkpoint, memory
# Prints a markdown table; writes .run/benchmark/results.{md,json}. Options: ./run-benchmark.sh --help
exec "$(dirname "$0")/local-stack/run-java.sh" local-stack/benchmark com.heartbeatmonitor.benchmark.Benchmark "$@"
