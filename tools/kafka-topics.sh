#!/usr/bin/env bash
# Creates the Kafka topics declared in deploy/k8s/base/kafka/topics.yaml (the same file Kubernetes and the emulator read)
# on a local broker, with their partition counts, before `dapr run -f dapr.yaml`: Dapr's Kafka component creates no
# topics, and an auto-created one gets the broker's num.partitions (1 by default).
#   tools/kafka-topics.sh [--bootstrap-server localhost:9092] [--dry-run]
# Needs Kafka's kafka-topics.sh on PATH (or KAFKA_TOPICS=/path/to/kafka-topics.sh). --dry-run prints the commands.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest="$repo_root/deploy/k8s/base/kafka/topics.yaml"
bootstrap=localhost:9092
dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --bootstrap-server) bootstrap=$2; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    *) echo "kafka-topics: unknown argument $1" >&2; exit 2 ;;
  esac
done

# "topicName partitions" per KafkaTopic document (spec.topicName and spec.partitions, as the manifest writes them).
awk '
  /^---/ { if (name != "") print name, parts; name = ""; parts = "" }
  /^  topicName:/ { name = $2 }
  /^  partitions:/ { parts = $2 }
  END { if (name != "") print name, parts }
' "$manifest" | while read -r topic partitions; do
  command=("${KAFKA_TOPICS:-kafka-topics.sh}" --bootstrap-server "$bootstrap" --create --if-not-exists
    --topic "$topic" --partitions "$partitions" --replication-factor 1)
  if [ "$dry_run" = true ]; then echo "${command[*]}"; else "${command[@]}"; fi
done
