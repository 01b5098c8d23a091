#!/usr/bin/env bash
# Benchmarks of issue 9: bench/run.sh [small|full]
#   small: a smoke run in under a minute (CI); full: the issue's sizes (about 5 minutes), writes docs/benchmarks.md.
# Makes sure RabbitMQ answers on 127.0.0.1:5672 (installs the Debian package if missing), builds Release,
# and runs the driver, which hosts the Graph emulator and starts the Api and the Worker as separate processes.
# Configuration can be tuned for both processes with BENCHCFG__Section__Key=value (e.g. BENCHCFG__Runs__ItemParallelism=16).
set -uo pipefail
cd "$(dirname "$0")/.."
size="${1:-small}"
case "$size" in small|full) ;; *) echo "usage: bench/run.sh [small|full]" >&2; exit 2 ;; esac

log() { printf '[bench/run.sh] %s\n' "$*" >&2; }
# shellcheck source=../scripts/ensure-rabbitmq.sh
source scripts/ensure-rabbitmq.sh

ensure_rabbitmq || exit 1
export RABBITMQ_URI="${RABBITMQ_URI:-amqp://guest:guest@127.0.0.1:5672/}"
if [[ "${BENCH_ONLY:-}" == "scaleout" ]]; then
  # The scale-out benchmark runs on PostgreSQL: the same server tests/run.sh uses (a throwaway cluster when none answers).
  # shellcheck source=../scripts/ensure-postgres.sh
  source scripts/ensure-postgres.sh
  ensure_postgres || exit 1
fi

log "building Release (Api, Worker, benchmark driver)"
for project in src/Api/Api.csproj src/Worker/Worker.csproj bench/TenantAtlas.Benchmarks/TenantAtlas.Benchmarks.csproj; do
  if ! out=$(dotnet build "$project" -c Release -nologo -v q 2>&1); then
    grep -E "error" <<<"$out" | sort -u | head -20 >&2
    log "build of $project failed"
    exit 1
  fi
done

mkdir -p bench/out
pidfile="bench/out/pids"
: > "$pidfile"
driver=""
cleanup() {
  # The driver kills its Api and Worker itself; this is the backstop for a killed driver.
  [[ -n "$driver" ]] && kill "$driver" 2>/dev/null
  while read -r pid; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null
  done < "$pidfile"
  declare -F stop_postgres >/dev/null && stop_postgres
  return 0
}
trap cleanup EXIT INT TERM

export BENCH_REPO="$PWD" BENCH_PIDFILE="$PWD/$pidfile"
export BENCH_DOTNET_SDK="$(dotnet --version 2>/dev/null)"
export BENCH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD 2>/dev/null || echo '+changes')"
log "running the $size benchmark"
dotnet bench/TenantAtlas.Benchmarks/bin/Release/net10.0/TenantAtlas.Benchmarks.dll "$size" &
driver=$!
wait "$driver"
rc=$?
driver=""
exit $rc
