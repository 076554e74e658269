#!/bin/sh
# Makes the certificates of the TLS overlay (docker-compose.tls.yml) in compose/tls/certs (git ignores
# it): a CA of your own, the Kafka broker's key and certificate as a PKCS12 keystore, and PostgreSQL's
# key and certificate. The server certificates name the compose hosts (kafka, postgres) and localhost.
#   KAFKA_KEYSTORE_PASSWORD=... sh compose/tls/make-certs.sh     # the same value as in .env
# For anything beyond this machine, use certificates from your own CA instead: same file names.
set -eu
: "${KAFKA_KEYSTORE_PASSWORD:?set KAFKA_KEYSTORE_PASSWORD (the same value as in .env)}"
cd "$(dirname "$0")"
umask 077
mkdir -p certs
cd certs
if [ ! -f ca.pem ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem \
    -days 825 -subj "/CN=heartbeat-monitor local CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
fi
server() { # name, subjectAltName
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$2" > "$1.ext"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$1"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.crt" -days 825 -extfile "$1.ext"
  rm -f "$1.csr" "$1.ext"
}
server kafka "DNS:kafka,DNS:localhost,IP:127.0.0.1"
server postgres "DNS:postgres,DNS:localhost,IP:127.0.0.1"
openssl pkcs12 -export -in kafka.crt -inkey kafka.key -certfile ca.pem -out kafka.p12 -passout env:KAFKA_KEYSTORE_PASSWORD
rm -f kafka.key
# ca.pem, kafka.p12 (password-protected), postgres.crt: readable by the containers' users. The keys stay
# yours; PostgreSQL's entrypoint runs as root and copies its key into place with the owner it wants.
chmod 755 .
chmod 644 ca.pem kafka.p12 postgres.crt
chmod 600 ca.key postgres.key
echo "certificates in $(pwd): ca.pem (trust this), kafka.p12, postgres.crt, postgres.key"
