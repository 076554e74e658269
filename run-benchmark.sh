#!/usr/bin/env bash
# The benchmark (not part of the tests): a KRaft broker and a standalone Flink cluster of its own, and
# eight scenarios (--scenarios wide,long,outage,latency by default; history, history-catchup, backends and
# settings when named):
#   wide     2,000,000 events over 100,000 customers pre-loaded; the job's catch-up against PostgreSQL
#            COPY, a plain Kafka consumer and a Flink SQL peer; memory; latency at 5,000 events/s
#   long     20 customers x 100,000 readings 1 s apart pre-loaded; the same catch-up, against wide's
#   outage   stop with savepoint on a 5,000 events/s stream, 3 min down, resume: time to catch up,
#            alert latency meanwhile
#   latency  3 consecutive runs at 5,000 events/s: event -> row and event -> alert latency
#   history  (only when named) 7 days x 1,000 customers loaded by COPY, then every dashboard query timed;
#            --history-schema-dir <older checkout>/sql measures the schema before a change
#   history-catchup (only when named; with wide for the ratios: --scenarios wide,history-catchup) wide's
#            catch-up, last, on a fresh cluster, into a database holding 30 days x 10,000 customers of
#            history (144 M readings by COPY before the other scenarios run, about 53 GB; refuses when the
#            disk would keep less than 10 GB free):
#            events/s and PostgreSQL CPU per reading against wide's on an empty table (within 1.3x);
#            --history-schema-dir measures the schema before a change here too
#   backends (not in the default set; --scenarios backends) 1,000,000 customers x 3 readings caught up
#            on the heap backend and on RocksDB, each on a fresh cluster: speed, checkpoint, memory
#   settings (only when named; with wide: --scenarios wide,settings) 10,000 customers with settings of their
#            own and 90,000 without, caught up as in wide: what per-customer settings cost
# Prints a markdown table; writes .run/benchmark/results.{md,json}. Options: ./run-benchmark.sh --help
exec "$(dirname "$0")/local-stack/run-java.sh" local-stack/benchmark com.heartbeatmonitor.benchmark.Benchmark "$@"
