#!/usr/bin/env bash
# Creates every topic of topics.tsv idempotently, then converges the settings of topics that
# existed already. Partition counts are never changed here: a difference is reported and fails
# the Job (raising a count needs a drain, docs/operations.md). Run by the topics Job.
set -euo pipefail
: "${KAFKA_BROKERS:?}" "${REPLICATION_FACTOR:?}" "${MIN_INSYNC_REPLICAS:?}"
prefix="${KAFKA_TOPIC_PREFIX:-}"
bin=/opt/kafka/bin
client=()
if [ -n "${KAFKA_CLIENT_PROPERTIES:-}" ]; then client=(--command-config "$KAFKA_CLIENT_PROPERTIES"); fi
failed=0
while IFS=$'\t' read -r name partitions retention max_bytes cleanup; do
  case "$name" in '' | '#'*) continue ;; esac
  topic="$prefix$name"
  settings="retention.ms=$retention,max.message.bytes=$max_bytes,cleanup.policy=$cleanup,min.insync.replicas=$MIN_INSYNC_REPLICAS"
  "$bin/kafka-topics.sh" --bootstrap-server "$KAFKA_BROKERS" "${client[@]}" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor "$REPLICATION_FACTOR" \
    --config "retention.ms=$retention" --config "max.message.bytes=$max_bytes" \
    --config "cleanup.policy=$cleanup" --config "min.insync.replicas=$MIN_INSYNC_REPLICAS"
  "$bin/kafka-configs.sh" --bootstrap-server "$KAFKA_BROKERS" "${client[@]}" --alter \
    --entity-type topics --entity-name "$topic" --add-config "$settings"
  actual="$("$bin/kafka-topics.sh" --bootstrap-server "$KAFKA_BROKERS" "${client[@]}" --describe --topic "$topic" |
    grep -c $'\tPartition: ' || true)"
  if [ "$actual" != "$partitions" ]; then
    echo "topic $topic has $actual partitions, declared $partitions: not changed (see docs/operations.md)" >&2
    failed=1
  fi
  echo "topic $topic: $partitions partitions, $settings"
done < /etc/switchboard/topics/topics.tsv
exit "$failed"
