#!/bin/bash
# Entrypoint of the kafka service in the TLS overlay: a single KRaft node whose client listeners speak
# SASL_SSL only (SCRAM-SHA-512); the controller listener stays inside the container. The SCRAM users
# (the broker's admin, the job, the generator) are written when the storage is formatted, before the
# first start. Passwords come from the environment, never from this file or the command line.
set -euo pipefail
: "${KAFKA_ADMIN_PASSWORD:?}" "${KAFKA_JOB_PASSWORD:?}" "${KAFKA_GENERATOR_PASSWORD:?}" "${KAFKA_KEYSTORE_PASSWORD:?}"
jaas() { printf 'org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";' "$1" "$2"; }
config=/tmp/server.properties
umask 077
cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@localhost:9093
listeners=SASL_SSL://:9092,CONTROLLER://localhost:9093,HOST://:29092
advertised.listeners=SASL_SSL://kafka:9092,HOST://localhost:29092
listener.security.protocol.map=SASL_SSL:SASL_SSL,HOST:SASL_SSL,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=$(jaas "${KAFKA_ADMIN_USER}" "${KAFKA_ADMIN_PASSWORD}")
super.users=User:${KAFKA_ADMIN_USER}
ssl.keystore.location=/opt/tls/kafka.p12
ssl.keystore.type=PKCS12
ssl.keystore.password=${KAFKA_KEYSTORE_PASSWORD}
ssl.key.password=${KAFKA_KEYSTORE_PASSWORD}
ssl.truststore.location=/opt/tls/ca.pem
ssl.truststore.type=PEM
log.dirs=/var/lib/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPERTIES
# What the health check and the topic creation log in with: the admin, over TLS.
cat > /tmp/admin.properties <<PROPERTIES
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$(jaas "${KAFKA_ADMIN_USER}" "${KAFKA_ADMIN_PASSWORD}")
ssl.truststore.location=/opt/tls/ca.pem
ssl.truststore.type=PEM
PROPERTIES
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted --config "$config" \
  --cluster-id "${CLUSTER_ID:-$(/opt/kafka/bin/kafka-storage.sh random-uuid)}" \
  --add-scram "SCRAM-SHA-512=[name=${KAFKA_ADMIN_USER},password=${KAFKA_ADMIN_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=${KAFKA_JOB_USER},password=${KAFKA_JOB_PASSWORD}]" \
  --add-scram "SCRAM-SHA-512=[name=${KAFKA_GENERATOR_USER},password=${KAFKA_GENERATOR_PASSWORD}]"
exec /opt/kafka/bin/kafka-server-start.sh "$config"
