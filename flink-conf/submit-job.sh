#!/bin/sh
# Submits the job jar the way the web UI's "Submit New Job" page does: POST /jars/upload, then
# POST /jars/<id>/run, resuming from the newest completed checkpoint or savepoint the cluster retained.
# Used by docker compose (service job-submitter, in watch mode), ./run-cluster.sh and the tests.
#   FLINK_REST      REST address of the JobManager, e.g. http://jobmanager:8081
#   JOB_JAR         path of heartbeat-monitor-job.jar
#   JOB_ARGS        program arguments, separated by spaces (no credentials: they come from the
#                   JobManager's environment)
#   PARALLELISM     optional job parallelism
#   RESUME_FROM     latest (default): the newest completed checkpoint (a chk-N with a _metadata file,
#                   under any job id's folder) or savepoint, by time written; none: start afresh; or
#                   the path of a checkpoint or savepoint directory
#   CHECKPOINT_DIR  where the JobManager writes checkpoints, as this script sees it (a local path or a
#                   file: URI); default: the JobManager's execution.checkpointing.dir
#   SAVEPOINT_DIR   the same for savepoints; default: execution.checkpointing.savepoint-dir
#   WATCH_INTERVAL  seconds; when set, keep running and check that often: if the JobManager knows no
#                   such job (it was restarted: without HA it forgets its jobs), submit it again, resumed.
#                   A job cancelled, stopped or failed on this JobManager is left as it is.
#   ALLOW_NON_RESTORED_STATE  true to resume although state of a removed operator cannot be mapped
# Prints the job id (last line); says on stderr what it resumed from. Does nothing (and prints that
# job's id) when the job already runs or is starting or restarting.
set -eu
: "${FLINK_REST:?set FLINK_REST, e.g. http://localhost:8081}"
: "${JOB_JAR:?set JOB_JAR to the path of heartbeat-monitor-job.jar}"
JOB_NAME=heartbeat-monitor
RESUME_FROM=${RESUME_FROM:-latest}

log() {
  echo "submit-job: $*" >&2
}

if [ ! -f "$JOB_JAR" ]; then
  log "$JOB_JAR not found; build it first: mvn -B -DskipTests package"
  exit 2
fi

await_slots() {
  tries=0
  until curl -sf "$FLINK_REST/overview" 2> /dev/null | grep -q '"slots-total":[1-9]'; do
    tries=$((tries + 1))
    if [ "$tries" -ge 120 ]; then
      log "no TaskManager slots at $FLINK_REST after 120 s"
      return 1
    fi
    sleep 1
  done
}

# "<job id> <state>" per job named $JOB_NAME that the JobManager knows.
job_states() {
  overview=$(curl -sf "$FLINK_REST/jobs/overview") || return 1
  echo "$overview" | tr '{' '\n' | grep "\"name\":\"$JOB_NAME\"" | while read -r line; do
    jid=$(echo "$line" | sed -n 's/.*"jid":"\([0-9a-f]*\)".*/\1/p')
    state=$(echo "$line" | sed -n 's/.*"state":"\([A-Z_]*\)".*/\1/p')
    echo "$jid $state"
  done
}

# A directory setting of the JobManager (e.g. execution.checkpointing.dir) as a local path.
cluster_dir() {
  value=$(curl -sf "$FLINK_REST/jobmanager/config" | tr '{' '\n' | grep "\"key\":\"$1\"" \
    | sed -n 's/.*"value":"\([^"]*\)".*/\1/p' | head -n 1) || return 1
  local_path "$value"
}

# file:///x, file:/x and /x as /x; empty for another file system, which this script cannot list.
local_path() {
  case "$1" in
    file:*) echo "$1" | sed 's#^file:##; s#^//*#/#' ;;
    /*) echo "$1" ;;
    "") ;;
    *) log "cannot look for checkpoints in $1 (not a local path): set CHECKPOINT_DIR/SAVEPOINT_DIR to where it is mounted, or RESUME_FROM" ;;
  esac
}

# The newest completed checkpoint or savepoint directory: one with a non-empty _metadata, which Flink
# writes when a checkpoint completes. Newest by the time _metadata was written; within one second, the
# higher checkpoint number.
newest_retained() {
  checkpoints=$(local_path "${CHECKPOINT_DIR:-$(cluster_dir execution.checkpointing.dir)}")
  savepoints=$(local_path "${SAVEPOINT_DIR:-$(cluster_dir execution.checkpointing.savepoint-dir)}")
  newest=""
  newest_n=-1
  for meta in "${checkpoints:-/nonexistent}"/*/chk-*/_metadata "${savepoints:-/nonexistent}"/savepoint-*/_metadata; do
    [ -s "$meta" ] || continue
    dir=${meta%/_metadata}
    case "$dir" in
      */chk-*) n=${dir##*/chk-} ;;
      *) n=0 ;;
    esac
    case "$n" in
      *[!0-9]* | "") continue ;;
    esac
    if [ -z "$newest" ] || [ "$meta" -nt "$newest" ] || { ! [ "$newest" -nt "$meta" ] && [ "$n" -gt "$newest_n" ]; }; then
      newest=$meta
      newest_n=$n
    fi
  done
  [ -z "$newest" ] || echo "${newest%/_metadata}"
}

json_string() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"
}

submit() {
  case "$RESUME_FROM" in
    none) restore="" ;;
    latest) restore=$(newest_retained) ;;
    *) restore=$RESUME_FROM ;;
  esac

  uploaded=$(curl -sf -X POST -H "Expect:" -F "jarfile=@$JOB_JAR" "$FLINK_REST/jars/upload") || {
    log "upload of $JOB_JAR to $FLINK_REST failed"
    return 1
  }
  jar_id=$(echo "$uploaded" | sed 's/.*"filename":"\([^"]*\)".*/\1/' | sed 's#.*/##')
  [ -n "$jar_id" ] || { log "upload failed: $uploaded"; return 1; }

  args_json=""
  for arg in ${JOB_ARGS:-}; do
    args_json="$args_json${args_json:+,}$(json_string "$arg")"
  done
  body="{\"programArgsList\":[$args_json]${PARALLELISM:+,\"parallelism\":$PARALLELISM}"
  if [ -n "$restore" ]; then
    case "$restore" in
      /*) restore="file://$restore" ;;
    esac
    body="$body,\"savepointPath\":$(json_string "$restore")"
    [ "${ALLOW_NON_RESTORED_STATE:-false}" != true ] || body="$body,\"allowNonRestoredState\":true"
    log "resuming from $restore"
  else
    log "starting afresh (RESUME_FROM=$RESUME_FROM, no retained checkpoint found or none wanted)"
  fi
  body="$body}"

  response=$(curl -s -X POST -H "Content-Type: application/json" -d "$body" "$FLINK_REST/jars/$jar_id/run") || {
    log "run request to $FLINK_REST failed"
    return 1
  }
  job_id=$(echo "$response" | sed -n 's/.*"jobid":"\([0-9a-f]*\)".*/\1/p')
  if [ -z "$job_id" ]; then
    log "run failed: $response"
    return 1
  fi
  echo "$job_id"
}

# Prints the id of the job that runs (or is starting, restarting, ...) afterwards.
ensure_job() {
  await_slots || return 1
  states=$(job_states) || { log "no answer from $FLINK_REST/jobs/overview"; return 1; }
  active=$(echo "$states" | awk '$1 != "" && $2 != "FINISHED" && $2 != "CANCELED" && $2 != "FAILED" { print $1; exit }')
  if [ -n "$active" ]; then
    echo "$active"
    return 0
  fi
  if [ -n "$states" ] && [ -n "${WATCH_INTERVAL:-}" ]; then
    # Ended on this JobManager: cancelled or stopped by someone, or failed for good. Not ours to undo;
    # said once (the watch loop logs changes only), so whoever reads the log knows it was seen and left.
    echo "$states" | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 } END { print ": ended, left as it is" }'
    return 0
  fi
  submit
}

if [ -n "${WATCH_INTERVAL:-}" ]; then
  log "watching $FLINK_REST every $WATCH_INTERVAL s"
  last=""
  while :; do
    if current=$(ensure_job); then
      if [ -n "$current" ] && [ "$current" != "$last" ]; then
        log "job $current"
        last=$current
      fi
    else
      log "will try again in $WATCH_INTERVAL s"
    fi
    sleep "$WATCH_INTERVAL"
  done
fi
ensure_job
