#!/usr/bin/env bash
# Runs a main class of a module (usage: local-stack/run-java.sh <module dir> <main class> [args], e.g.
# local-stack or local-stack/benchmark) on its Maven classpath from the repository root, building first
# when anything is missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
module=$1
main_class=$2
shift 2

classpath_file=$module/target/runtime-classpath.txt
classes=$module/target/classes
if [[ ! -f $classpath_file || ! -d $classes || ! -f flink-job/target/heartbeat-monitor-job.jar \
      || ! -f flink-sql-peer/target/heartbeat-sql-peer.jar || ! -f flink-conf/target/flink-classpath.txt \
      || ! -f local-stack/target/job-submitter.jar || ! -f console/target/heartbeat-console.jar ]] || \
   [[ -n $(find pom.xml sql */pom.xml */src local-stack/benchmark/pom.xml local-stack/benchmark/src \
             flink-conf/config.yaml -newer "$classpath_file" -type f -print -quit) ]]; then
  echo "Building (mvn package, tests skipped)..."
  mvn -B -q -Dstyle.color=never -DskipTests package
  touch "$classpath_file" # the stamp the next run compares sources with
fi

mkdir -p .run/logs
# HEARTBEAT_JAVA_HEAP: the benchmark's backends scenario simulates a million customers next to its broker.
exec java "-Xmx${HEARTBEAT_JAVA_HEAP:-2g}" \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  -Dheartbeat.log.dir=.run/logs \
  -cp "$classes:$(cat "$classpath_file")" \
  "$main_class" "$@"
