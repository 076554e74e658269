#!/usr/bin/env bash
# The test command: every test, with the coverage floor, the formatter and Checkstyle (mvn -B verify). It first
# gets what the tests need: on Debian, the packages chromium (the web UI's browser check), prometheus
# (promtool and the scrape test) and Node.js 20+ with npm (the compose linter, pinned in compose/lint), and a
# PostgreSQL: HEARTBEAT_TEST_POSTGRES (e.g. jdbc:postgresql://127.0.0.1:5432, with HEARTBEAT_DB_ADMIN_USER/_PASSWORD
# or PGUSER/PGPASSWORD of a user who may create databases and roles) when set, else PostgreSQL 17 started here
# (local-stack/embedded-postgres.sh, under .run/test-postgres, port HEARTBEAT_TEST_POSTGRES_PORT or 55433) and
# stopped afterwards. Arguments go to Maven, e.g. ./run-tests.sh -pl flink-job -am -Dtest=HeartbeatMonitorJobTest
set -euo pipefail
cd "$(dirname "$0")"

fail() {
  echo "run-tests: $*" >&2
  exit 1
}

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/promtool ]] || missing+=(prometheus)
node_major=$(node -p 'process.versions.node.split(".")[0]' 2> /dev/null || echo 0)
if [[ $node_major -lt 20 ]] || ! command -v npm > /dev/null; then
  missing+=(nodejs npm)
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  install=(apt-get install -y -qq --no-install-recommends "${missing[@]}")
  if ! command -v apt-get > /dev/null; then
    fail "the tests need ${missing[*]} (Node.js 20.19 or later); install them with your package manager"
  elif [[ $(id -u) == 0 ]]; then
    echo "Installing ${missing[*]} for the tests."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${install[@]}" > /dev/null
  else
    fail "the tests need ${missing[*]}: sudo apt-get update && sudo ${install[*]}"
  fi
  node_major=$(node -p 'process.versions.node.split(".")[0]' 2> /dev/null || echo 0)
  [[ $node_major -ge 20 ]] || fail "the compose check needs Node.js 20.19 or later (found: $(node --version))"
fi
(cd compose/lint && npm ci --no-audit --no-fund --silent)
# puppeteer-core for ConsoleIT (drives the Chromium installed above; downloads no browser).
(cd local-stack/src/test/browser && npm ci --no-audit --no-fund --silent)

if [[ -z ${HEARTBEAT_TEST_POSTGRES:-} ]]; then
  port=${HEARTBEAT_TEST_POSTGRES_PORT:-55433}
  dir=${HEARTBEAT_TEST_POSTGRES_DIR:-.run/test-postgres}
  if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
    fail "port $port is taken: set HEARTBEAT_TEST_POSTGRES_PORT to a free one, or HEARTBEAT_TEST_POSTGRES to a server"
  fi
  trap 'local-stack/embedded-postgres.sh stop "$dir"' EXIT
  HEARTBEAT_TEST_POSTGRES=$(local-stack/embedded-postgres.sh start "$dir" "$port")
  echo "PostgreSQL for the tests: $HEARTBEAT_TEST_POSTGRES (PostgreSQL 17, embedded, in $dir)"
  export HEARTBEAT_TEST_POSTGRES HEARTBEAT_DB_ADMIN_USER=postgres HEARTBEAT_DB_ADMIN_PASSWORD=
  # The TLS test starts a server of its own: from the machine's PostgreSQL 15 binaries when there, else these.
  if [[ -z ${HEARTBEAT_TEST_POSTGRES_BIN:-} && ! -x /usr/lib/postgresql/15/bin/initdb ]]; then
    export HEARTBEAT_TEST_POSTGRES_BIN=$PWD/$dir/bin
  fi
else
  host_port=${HEARTBEAT_TEST_POSTGRES#jdbc:postgresql://}
  host_port=${host_port%%/*}
  (exec 3<> "/dev/tcp/${host_port%:*}/${host_port##*:}") 2> /dev/null \
    || fail "no PostgreSQL answers at $HEARTBEAT_TEST_POSTGRES (HEARTBEAT_TEST_POSTGRES); start it, or unset it for one of the tests' own"
  echo "PostgreSQL for the tests: $HEARTBEAT_TEST_POSTGRES"
fi

mvn -B verify "$@"
