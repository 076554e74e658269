#!/usr/bin/env bash
# The benchmark (not part of the tests; about 10 minutes): pre-loads 2,000,000 generated events into a
# KRaft broker and measures the job on a standalone cluster against PostgreSQL COPY, a plain Kafka
# consumer and a Flink SQL peer, plus latency at 5,000 events/s, generator speed and TaskManager memory.
# Prints a markdown table; writes .run/benchmark/results.{md,json}. Options: ./run-benchmark.sh --help
exec "$(dirname "$0")/local-stack/run-java.sh" com.heartbeatmonitor.local.benchmark.Benchmark "$@"
