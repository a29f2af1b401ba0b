#!/bin/sh
# Kafka in Compose, run in the apache/kafka image (docker-compose.yml mounts this file), the same as the local stack
# (tvae.deploy.KafkaCluster, LocalStack, KafkaAccess; ComposeFileTest keeps the two alike):
#   start  formats new storage with the admin's SCRAM credential, so the broker can log in to itself, then runs the
#          image's own start (which configures the broker from the KAFKA_* variables)
#   setup  as admin: the topics, one SCRAM user per principal, and what each principal may do
# Every password comes from the environment (TVAE_KAFKA_PASSWORD_*, written by ./tvae secrets).
set -eu
KAFKA=/opt/kafka/bin
ADMIN_CLIENT=/tmp/admin-client.properties
# Three nodes (docker-compose.yml): every topic has three replicas, and a write needs two (min.insync.replicas).
REPLICATION=3
MIN_INSYNC=2

# How the admin logs in, for the tools (--command-config) and the healthcheck; readable by this user only.
write_admin_client() {
  umask 077
  cat > "$ADMIN_CLIENT" <<EOF
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$TVAE_KAFKA_PASSWORD_ADMIN";
EOF
}

start() {
  write_admin_client
  # Only what formatting reads; the broker's own configuration comes from the KAFKA_* variables.
  cat > /tmp/format.properties <<EOF
process.roles=$KAFKA_PROCESS_ROLES
node.id=$KAFKA_NODE_ID
controller.quorum.voters=$KAFKA_CONTROLLER_QUORUM_VOTERS
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://:19092,CONTROLLER://:9093
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_LOG_DIRS
EOF
  "$KAFKA/kafka-storage.sh" format --ignore-formatted -t "$CLUSTER_ID" -c /tmp/format.properties \
    --add-scram "SCRAM-SHA-512=[name=admin,password=$TVAE_KAFKA_PASSWORD_ADMIN]"
  exec /etc/kafka/docker/run
}

user() {
  "$KAFKA/kafka-configs.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$ADMIN_CLIENT" --alter --entity-type users \
    --entity-name "$1" --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]"
}

# A topic as tvae.deploy.TopicPolicies has it: name, partitions, configuration (created if missing, configured always).
topic() {
  "$KAFKA/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$ADMIN_CLIENT" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor "$REPLICATION"
  "$KAFKA/kafka-configs.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$ADMIN_CLIENT" --alter --entity-type topics \
    --entity-name "$1" --add-config "$3,min.insync.replicas=$MIN_INSYNC"
}

acl() {
  "$KAFKA/kafka-acls.sh" --bootstrap-server "$KAFKA_BOOTSTRAP" --command-config "$ADMIN_CLIENT" --add "$@"
}

setup() {
  write_admin_client
  topic vae.training-requests 4 max.message.bytes=2097152,cleanup.policy=delete,retention.ms=2592000000,segment.ms=86400000
  topic vae.training-progress 4 max.message.bytes=2097152,cleanup.policy=delete,retention.ms=604800000,segment.ms=86400000
  topic vae.checkpoints 1 max.message.bytes=2097152,cleanup.policy=compact,segment.ms=3600000,min.compaction.lag.ms=604800000,delete.retention.ms=86400000,segment.bytes=67108864
  topic vae.checkpoint-chunks 1 max.message.bytes=2097152,cleanup.policy=compact,segment.ms=3600000,min.compaction.lag.ms=0,delete.retention.ms=86400000,segment.bytes=67108864
  topic vae.interpolation-requests 4 max.message.bytes=2097152,cleanup.policy=delete,retention.ms=86400000,segment.ms=86400000
  topic vae.interpolation-results 4 max.message.bytes=2097152,cleanup.policy=delete,retention.ms=86400000,segment.ms=86400000
  topic vae.samples 4 max.message.bytes=2097152,cleanup.policy=delete,retention.ms=604800000,segment.ms=86400000
  topic vae.probe-latents 4 max.message.bytes=2097152,cleanup.policy=delete,retention.ms=604800000,segment.ms=86400000
  topic vae.dead-letter 1 max.message.bytes=2097152,cleanup.policy=delete,retention.ms=2592000000,retention.bytes=1073741824,segment.ms=86400000
  topic vae.model-selection 1 max.message.bytes=2097152,cleanup.policy=compact,segment.ms=3600000,min.compaction.lag.ms=0,delete.retention.ms=86400000,segment.bytes=67108864
  user trainer-service "$TVAE_KAFKA_PASSWORD_TRAINER_SERVICE"
  user inference-service "$TVAE_KAFKA_PASSWORD_INFERENCE_SERVICE"
  user evaluator-service "$TVAE_KAFKA_PASSWORD_EVALUATOR_SERVICE"
  user tvae-client "$TVAE_KAFKA_PASSWORD_TVAE_CLIENT"
  acl --allow-principal User:trainer-service --operation Read --topic vae.training-requests --topic vae.checkpoint-chunks --topic vae.checkpoints
  acl --allow-principal User:trainer-service --operation Read --group trainer-service
  acl --allow-principal User:trainer-service --operation Write --topic vae.training-requests --topic vae.training-progress --topic vae.checkpoint-chunks --topic vae.checkpoints --topic vae.dead-letter
  acl --allow-principal User:trainer-service --operation Write --resource-pattern-type prefixed --transactional-id trainer-service
  acl --allow-principal User:inference-service --operation Read --topic vae.interpolation-requests --topic vae.checkpoint-chunks --topic vae.checkpoints --topic vae.model-selection
  acl --allow-principal User:inference-service --operation Read --group inference-service
  acl --allow-principal User:inference-service --operation Write --topic vae.interpolation-results --topic vae.samples --topic vae.probe-latents --topic vae.dead-letter --topic vae.model-selection
  acl --allow-principal User:evaluator-service --operation Read --topic vae.training-requests --topic vae.training-progress --topic vae.checkpoints --topic vae.samples --topic vae.probe-latents
  acl --allow-principal User:evaluator-service --operation Read --group evaluator-service
  acl --allow-principal User:evaluator-service --operation Write --topic vae.dead-letter
  acl --allow-principal User:tvae-client --operation Write --topic vae.training-requests --topic vae.interpolation-requests
  acl --allow-principal User:tvae-client --operation Read --topic vae.training-progress --topic vae.checkpoints --topic vae.interpolation-results --topic vae.dead-letter
  acl --allow-principal User:tvae-client --operation Read --resource-pattern-type prefixed --group plain-reader-
}

"$1"
