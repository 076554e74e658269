#!/bin/sh
# Entry point of the compose service alertmanager: refuses a missing or example webhook URL (the same
# check as the passwords, compose/check-secrets.sh), writes the configuration with the URL filled in
# where only this container reads it, then runs Alertmanager.
set -eu
sh /opt/check/check-secrets.sh ALERTMANAGER_WEBHOOK_URL
case "$ALERTMANAGER_WEBHOOK_URL" in
  http://* | https://*) ;;
  *) echo "alertmanager: ALERTMANAGER_WEBHOOK_URL must be an http:// or https:// URL" >&2; exit 1 ;;
esac
# The URL is escaped for sed's replacement: &, \ and the delimiter |.
url=$(printf '%s' "$ALERTMANAGER_WEBHOOK_URL" | sed 's/[&\\|]/\\&/g')
umask 077
sed "s|\${ALERTMANAGER_WEBHOOK_URL}|$url|" /etc/alertmanager-heartbeat/alertmanager.yml > /alertmanager/alertmanager.yml
exec /bin/alertmanager --config.file=/alertmanager/alertmanager.yml --storage.path=/alertmanager \
  --web.listen-address=:9093
