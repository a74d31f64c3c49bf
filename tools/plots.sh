#!/usr/bin/env bash
# Plots the README's operations panels from a real Prometheus during a short load run (Grafana is not installable here):
#   tools/plots.sh [SECONDS]    SECONDS of `loadgen chat` (default 150); PNGs and the load report go to docs/plots/
# It starts the apps of dapr.yaml under the Dapr emulator (as `tools/dev.sh run` does), Debian's Prometheus scraping
# every app's /metrics every 5 s (labelled app and pod, as the PodMonitors label them) and evaluating the shipped
# rules (deploy/k8s/monitoring/alerts.yaml), runs the load, then renders each panel's PromQL over the run's window
# through /api/v1/query_range with tools/PromPlot. Everything it started is stopped on exit.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

seconds=${1:-150}
out="$repo_root/docs/plots"
prometheus_port=${PROMETHEUS_PORT:-19090}
log() { echo "plots.sh: $*" >&2; }

[ -x /usr/bin/prometheus ] || { log "Debian's prometheus is needed (tools/dev.sh test installs it: apt-get install prometheus)"; exit 2; }
command -v etcd >/dev/null 2>&1 || [ -x /usr/bin/etcd ] || { log "etcd is needed (apt-get install etcd-server)"; exit 2; }

# The panels the README shows (dashboard file without .json / panel title or a unique prefix of it).
panels=(
  "slo-overview/First response P90 vs target"
  "slo-overview/Queue wait P95 vs target"
  "slo-overview/Resolution rate (1 h) vs target"
  "slo-overview/Sessions created per minute"
  "gateway/Open connections"
  "gateway/Timeline items delivered per second"
  "gateway/Delivery latency"
  "gateway/Closes per minute by code"
  "gateway/Append steps P99"
  "agents-and-load/Load per skill"
)

log "building the apps of dapr.yaml, the emulator, LoadGen and PromPlot"
for project in tools/DaprEmulator tools/LoadGen tools/PromPlot $(awk '/appDirPath:/ { print $2 }' dapr.yaml); do
  dotnet build "$project" --nologo -v quiet -clp:NoSummary >&2
done

work="$(mktemp -d -t daprsupport-plots-XXXXXX)"
run_pid="" prometheus_pid=""
cleanup() {
  # Each was started in a session of its own (setsid): stop the whole group, the apps under the emulator included.
  for pid in $prometheus_pid $run_pid; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in $prometheus_pid $run_pid; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
  done
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$repo_root/.dapr" "$out"
random_token() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
export DAPR_API_TOKEN="${DAPR_API_TOKEN:-$(random_token)}" APP_API_TOKEN="${APP_API_TOKEN:-$(random_token)}"
log "starting the apps under the emulator (log: $work/run.log)"
setsid dotnet tools/DaprEmulator/bin/Debug/net10.0/dapr-emulator.dll run -f "$repo_root/dapr.yaml" >"$work/run.log" 2>&1 &
run_pid=$!

# Prometheus: one static target per app of dapr.yaml, the PrometheusRule's spec as the rule file.
{
  echo "global: { scrape_interval: 5s, evaluation_interval: 5s }"
  echo "rule_files: [rules.yaml]"
  echo "scrape_configs:"
  echo "  - job_name: apps"
  echo "    static_configs:"
  awk '/appID:/ { app = $NF } /appPort:/ { printf "      - targets: [\"127.0.0.1:%s\"]\n        labels: { app: %s, pod: %s-0 }\n", $NF, app, app }' dapr.yaml
} >"$work/prometheus.yml"
awk '/^spec:/ { inside = 1; next } inside { sub(/^  /, ""); print }' deploy/k8s/monitoring/alerts.yaml >"$work/rules.yaml"
gateway_port=$(awk '/appID:/ { app = $NF } /appPort:/ && app == "gateway" { print $NF }' dapr.yaml)

wait_for() { # URL SECONDS
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { log "$1 not ready after $2 s"; tail -n 40 "$work/run.log" >&2 || true; exit 1; }
    sleep 1
  done
}
wait_for "http://127.0.0.1:$gateway_port/health" 240

log "starting Prometheus on 127.0.0.1:$prometheus_port"
setsid /usr/bin/prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prometheus_port" --log.level=warn >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
wait_for "http://127.0.0.1:$prometheus_port/-/ready" 60

loadgen() { dotnet tools/LoadGen/bin/Debug/net10.0/loadgen.dll chat --url "http://127.0.0.1:$gateway_port" "$@"; }
# A short warm-up run first: it warms the apps up and, as it resolves its sessions and closes its sockets at the end,
# creates the labelled counters (sessions ended, closes) so the measured run's increases show in the rate panels.
log "warm-up: loadgen chat for 15 s"
loadgen --seconds 15 --pairs 8 --agents 2 --rate 0.5 --start-rate 2 --assign-seconds 60 >/dev/null || log "the warm-up missed its targets"
sleep 10

start=$(date +%s)
log "load: loadgen chat for $seconds s"
loadgen --seconds "$seconds" \
  --pairs 40 --agents 8 --rate 0.5 --start-rate 2 --assign-seconds 90 --markdown "$out/load-run.md" || log "loadgen reported a miss of its own targets (see $out/load-run.md)"
# Let the last scrapes, the 5 s rule evaluations and the end of the run (resolutions, closes) reach Prometheus.
sleep 30
end=$(date +%s)

log "plotting ${#panels[@]} panels into $out"
panel_args=()
for panel in "${panels[@]}"; do panel_args+=(--panel "$panel"); done
cores=$(nproc)
dotnet tools/PromPlot/bin/Debug/net10.0/promplot.dll --prometheus "http://127.0.0.1:$prometheus_port/" \
  --start $((start - 30)) --end "$end" --step 5 --out "$out" \
  --caption "loadgen chat, 40 visitors / 8 agents, ${seconds} s, emulator on ${cores} cores" "${panel_args[@]}"
