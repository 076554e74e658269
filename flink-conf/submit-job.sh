#!/bin/sh
# Submits the job jar the way the web UI's "Submit New Job" page does: POST /jars/upload, then
# POST /jars/<id>/run. Used by docker compose (one-shot service), ./run-cluster.sh and the tests.
#   FLINK_REST   REST address of the JobManager, e.g. http://jobmanager:8081
#   JOB_JAR      path of heartbeat-monitor-job.jar
#   JOB_ARGS     program arguments, separated by spaces (no credentials: they come from the
#                JobManager's environment)
#   PARALLELISM  optional job parallelism
# Prints the job id. Does nothing (and prints that job's id) when the job already runs.
set -eu
: "${FLINK_REST:?set FLINK_REST, e.g. http://localhost:8081}"
: "${JOB_JAR:?set JOB_JAR to the path of heartbeat-monitor-job.jar}"
JOB_NAME=heartbeat-monitor

if [ ! -f "$JOB_JAR" ]; then
  echo "submit-job: $JOB_JAR not found; build it first: mvn -B -DskipTests package" >&2
  exit 2
fi

tries=0
until curl -sf "$FLINK_REST/overview" | grep -q '"slots-total":[1-9]'; do
  tries=$((tries + 1))
  if [ "$tries" -ge 120 ]; then
    echo "submit-job: no TaskManager slots at $FLINK_REST after 120 s" >&2
    exit 1
  fi
  sleep 1
done

running=$(curl -sf "$FLINK_REST/jobs/overview" | tr '{' '\n' | grep "\"name\":\"$JOB_NAME\"" | grep '"state":"RUNNING"' \
  | sed 's/.*"jid":"\([0-9a-f]*\)".*/\1/' | head -n 1)
if [ -n "$running" ]; then
  echo "$running"
  exit 0
fi

uploaded=$(curl -sf -X POST -H "Expect:" -F "jarfile=@$JOB_JAR" "$FLINK_REST/jars/upload")
jar_id=$(echo "$uploaded" | sed 's/.*"filename":"\([^"]*\)".*/\1/' | sed 's#.*/##')
[ -n "$jar_id" ] || { echo "submit-job: upload failed: $uploaded" >&2; exit 1; }

args_json=""
for arg in ${JOB_ARGS:-}; do
  args_json="$args_json${args_json:+,}\"$(printf '%s' "$arg" | sed 's/\\/\\\\/g; s/"/\\"/g')\""
done
body="{\"programArgsList\":[$args_json]${PARALLELISM:+,\"parallelism\":$PARALLELISM}}"

response=$(curl -s -X POST -H "Content-Type: application/json" -d "$body" "$FLINK_REST/jars/$jar_id/run")
job_id=$(echo "$response" | sed -n 's/.*"jobid":"\([0-9a-f]*\)".*/\1/p')
if [ -z "$job_id" ]; then
  echo "submit-job: run failed: $response" >&2
  exit 1
fi
echo "$job_id"
