#!/usr/bin/env bash
# The two developer commands (the README and .ci/run use them verbatim):
#   tools/dev.sh run    install prerequisites, build, run the three services under the Dapr emulator (dapr.yaml);
#                       --with samples/notifier/dapr.yaml runs a sample's apps beside them; --release builds and runs
#                       everything in Release (as Configuration=Release in the environment does), for measured runs
#   tools/dev.sh test   install prerequisites, build, run every test project; the last line is "N passed, N failed"
# Extra arguments go to the emulator (run) or to dotnet test (test), e.g. tools/dev.sh test --filter Drift
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

solution=DaprSupport.slnx

log() { echo "dev.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=false

# require COMMAND PACKAGE: installs Debian's PACKAGE when COMMAND is neither on PATH nor in /usr/bin.
require() {
  local command=$1 package=$2
  if command -v "$command" >/dev/null 2>&1 || [ -x "/usr/bin/$command" ]; then
    return
  fi
  log "$command not found; installing Debian package $package"
  if [ "$apt_updated" = false ]; then
    as_root apt-get update -qq >&2
    apt_updated=true
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$package" >&2
}

prerequisites() {
  command -v dotnet >/dev/null 2>&1 || { log "the .NET SDK (see global.json) is not on PATH"; exit 2; }
  require etcd etcd-server
}

# The build configuration: Debug unless Configuration is set in the environment or `run --release` is given.
configuration="${Configuration:-Debug}"

build() {
  log "building $solution ($configuration)"
  dotnet build "$solution" -c "$configuration" --nologo -v minimal >&2
}

# sample_dependencies DIR: a Node sample's packages, exactly as its lockfile pins them (Debian's nodejs and npm).
sample_dependencies() {
  local dir=$1
  [ -f "$dir/package-lock.json" ] || return 0
  require node nodejs
  require npm npm
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    log "installing the npm packages of $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2 && touch node_modules)
  fi
}

# 64 hex characters from the kernel's random source.
random_token() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }

run() {
  # --release may come anywhere among the arguments; the rest go to the emulator.
  local arg rest=()
  for arg in "$@"; do
    if [ "$arg" = "--release" ]; then configuration=Release; else rest+=("$arg"); fi
  done
  set -- ${rest[@]+"${rest[@]}"}
  # The apps start with `dotnet run --no-build` (dapr.yaml): they find the build of this configuration through the
  # environment, as the emulator's own `dotnet run` does through -c.
  export Configuration="$configuration"
  prerequisites
  build
  # The history database's folder (components/historystore.yaml): SQLite creates the file, not the folder.
  mkdir -p "$repo_root/.dapr"
  # Dapr's token pair (docs/security.md): exported, as `dapr run -f` needs them, so every sidecar and app of the run
  # shares them. Generated per run unless already set.
  export DAPR_API_TOKEN="${DAPR_API_TOKEN:-$(random_token)}" APP_API_TOKEN="${APP_API_TOKEN:-$(random_token)}"
  # `dotnet run` starts the tool in its project folder, so run files are passed by absolute path.
  local args=() file
  while [ $# -gt 0 ]; do
    if [ "$1" = "--with" ] && [ $# -gt 1 ]; then
      file="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
      sample_dependencies "$(dirname "$file")"
      args+=(--with "$file")
      shift 2
    else
      args+=("$1")
      shift
    fi
  done
  exec dotnet run --project tools/DaprEmulator -c "$configuration" --no-build -- run -f "$repo_root/dapr.yaml" ${args[@]+"${args[@]}"}
}

# Sums the per-assembly lines of the console logger:
#   "Passed!  - Failed:     0, Passed:    67, Skipped:     0, Total:    67, Duration: ..."
summarise() {
  awk '
    /^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+, Total: +[0-9]+/ {
      line = $0
      gsub(/[^0-9,]/, "", line)          # "0,67,0,67,<duration digits>"
      split(line, n, ",")
      failed += n[1]; passed += n[2]; skipped += n[3]; assemblies++
    }
    END { printf "%d %d %d %d\n", passed, failed, skipped, assemblies }
  ' "$1"
}

test_all() {
  prerequisites
  # The widget's browser tests drive Debian's chromium through Playwright (driver from the NuGet package, no download).
  require chromium chromium
  # The shipped alert rules and dashboard queries are checked with Debian's promtool.
  require promtool prometheus
  # The Kubernetes manifests are rendered with `kubectl kustomize` as an operator would apply them.
  require kubectl kubernetes-client
  # The samples in other languages run in the suite (SampleServiceTests).
  local sample
  for sample in samples/*/; do sample_dependencies "${sample%/}"; done
  build
  local log_file status=0
  log_file="$(mktemp)"
  trap 'rm -f "$log_file"' EXIT
  log "testing $solution"
  set +e
  dotnet test "$solution" --no-build --nologo --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log_file" >&2
  status=${PIPESTATUS[0]}
  set -e

  local passed failed skipped assemblies
  read -r passed failed skipped assemblies < <(summarise "$log_file")
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    log "dotnet test exited with $status without a failed test (a test host crashed or a run was aborted)"
  fi
  if [ $((passed + failed)) -eq 0 ]; then
    log "no test ran ($assemblies test assemblies reported)"
    status=1
  fi
  if [ "$failed" -gt 0 ] && [ "$status" -eq 0 ]; then
    status=1
  fi

  local summary="$passed passed, $failed failed"
  if [ "$skipped" -gt 0 ]; then
    summary="$summary, $skipped skipped"
  fi
  echo "$summary"
  exit "$status"
}

usage() {
  sed -n '2,5s/^# \{0,1\}//p' "$0" >&2
  exit 2
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  run) run "$@" ;;
  test) test_all "$@" ;;
  *) usage ;;
esac
