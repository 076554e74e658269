#!/usr/bin/env bash
# Runs the whole pipeline on this machine, no Docker: a KRaft Kafka broker, the schema on PostgreSQL,
# the Flink job with its web UI on http://localhost:8081, and the generator. Builds first if needed.
# Options: ./run-local.sh --help (any job option, e.g. --jdbc-url, is passed on to the job).
set -euo pipefail
cd "$(dirname "$0")"

classpath_file=local-stack/target/runtime-classpath.txt
stamp=local-stack/target/local-stack-0.1.0-SNAPSHOT.jar
if [[ ! -f $classpath_file || ! -f $stamp || ! -f flink-job/target/heartbeat-monitor-job.jar \
      || ! -f flink-conf/target/flink-classpath.txt ]] || \
   [[ -n $(find pom.xml sql */pom.xml */src flink-conf/config.yaml -newer "$stamp" -type f -print -quit) ]]; then
  echo "Building (mvn package, tests skipped)..."
  mvn -B -q -Dstyle.color=never -DskipTests package
fi

mkdir -p .run/logs
exec java -Xmx2g \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  -Dheartbeat.log.dir=.run/logs \
  -cp "$stamp:$(cat "$classpath_file")" \
  com.heartbeatmonitor.local.LocalPipeline "$@"
