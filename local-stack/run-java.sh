#!/usr/bin/env bash
# Runs a main class of local-stack (usage: local-stack/run-java.sh <main class> [args]) on its Maven
# classpath from the repository root, building first when anything is missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
main_class=$1
shift

classpath_file=local-stack/target/runtime-classpath.txt
stamp=local-stack/target/local-stack-0.1.0-SNAPSHOT.jar
if [[ ! -f $classpath_file || ! -f $stamp || ! -f flink-job/target/heartbeat-monitor-job.jar \
      || ! -f flink-sql-peer/target/heartbeat-sql-peer.jar || ! -f flink-conf/target/flink-classpath.txt ]] || \
   [[ -n $(find pom.xml sql */pom.xml */src flink-conf/config.yaml -newer "$stamp" -type f -print -quit) ]]; then
  echo "Building (mvn package, tests skipped)..."
  mvn -B -q -Dstyle.color=never -DskipTests package
fi

mkdir -p .run/logs
exec java -Xmx2g \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  -Dheartbeat.log.dir=.run/logs \
  -cp "$stamp:$(cat "$classpath_file")" \
  "$main_class" "$@"
