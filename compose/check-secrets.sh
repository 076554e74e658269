#!/bin/sh
# docker compose runs this first (service check-secrets); every service that takes a password waits
# for it to succeed. Refuses to start with a password that is missing, still an example value from
# .env.example (they all begin with "change-me") or shorter than 12 characters, and says what to set.
#   check-secrets.sh NAME...   checks the environment variables NAME...
set -u
MIN_LENGTH=12
failed=0
for name in "$@"; do
  case "$name" in
    *[!A-Z0-9_]* | "") echo "check-secrets: not a variable name: $name" >&2; exit 2 ;;
  esac
  eval "value=\${$name-}"
  problem=""
  case "$value" in
    "") problem="is not set" ;;
    change-me*) problem="is still the example value from .env.example" ;;
    *) [ "${#value}" -ge "$MIN_LENGTH" ] || problem="is shorter than $MIN_LENGTH characters" ;;
  esac
  if [ -n "$problem" ]; then
    echo "check-secrets: $name $problem. Set your own in .env, e.g. $name=\$(openssl rand -base64 24)" >&2
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "check-secrets: refusing to start. Note: PostgreSQL and Grafana take their passwords on the first start" >&2
  echo "check-secrets: of an empty volume; to change them later see docs/operations/compose.md." >&2
  exit 1
fi
echo "check-secrets: $# passwords set, none of them an example value"
