#!/usr/bin/env bash
# The one test command: makes sure a RabbitMQ broker and a PostgreSQL server are reachable, runs every test
# project (on SQLite), then the database-facing suites (API functional and end-to-end) again on PostgreSQL,
# and ends with one line "N passed, N failed[, N skipped]" summing both passes. Exits non-zero on any failure
# or build error.
set -uo pipefail
cd "$(dirname "$0")/.."

log() { printf '[run.sh] %s\n' "$*" >&2; }

# shellcheck source=../scripts/ensure-rabbitmq.sh
source scripts/ensure-rabbitmq.sh
# shellcheck source=../scripts/ensure-postgres.sh
source scripts/ensure-postgres.sh
trap stop_postgres EXIT

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then return 0; fi
  log "installing chromium (Debian package) for the browser test"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null 2>&1 || log "chromium could not be installed; the browser test will fail"
}

# Debian's compose client validates deploy/docker-compose.yml (DeployFilesTests); `config` needs no engine.
ensure_docker_compose() {
  if command -v docker-compose >/dev/null 2>&1; then return 0; fi
  log "installing docker-compose (Debian package) for the deploy file test"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends docker-compose >/dev/null 2>&1 || log "docker-compose could not be installed; the compose test will be skipped"
}

ensure_rabbitmq || { echo "0 passed, 1 failed"; exit 1; }
ensure_chromium
ensure_docker_compose
export RABBITMQ_URI="${RABBITMQ_URI:-amqp://guest:guest@127.0.0.1:5672/}"
# The persistence tests use it in the first pass (explicit PostgreSQL migration tests), the second pass for all.
ensure_postgres || { echo "0 passed, 1 failed"; exit 1; }

dotnet tool restore >/dev/null 2>&1 || true
# The pinned contract tools (Spectral, openapi-typescript, openapi-fetch, tsc, Kiota): the contract tests in
# Api.FunctionalTests/Contract fail (never skip) when they are missing.
# shellcheck source=../scripts/ensure-node-tools.sh
source scripts/ensure-node-tools.sh
ensure_node_tools || log "the contract tools could not be installed; the contract tests will fail"
out=$(mktemp)
dotnet build TenantAtlas.sln -c Release -nologo -v q 2>&1 | grep -vE "warning NU1603" | tee -a "$out" | grep -E "error|Build succeeded" | sort -u | head -40
build_rc=${PIPESTATUS[0]}
if [[ $build_rc -ne 0 ]]; then
  log "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

TEST_DATABASE_PROVIDER=Sqlite dotnet test TenantAtlas.sln -c Release --no-build -nologo 2>&1 | grep -vE "warning NU1603" | tee "$out"
test_rc=${PIPESTATUS[0]}

# Second pass: the suites whose hosts own a database run again with every host on a PostgreSQL database of
# its own (tests/Shared/TestDatabase.cs reads TEST_DATABASE_PROVIDER). The persistence integration tests
# need no second pass: they name their provider and ran above against this server.
postgres_started=$SECONDS
for project in tests/Api.FunctionalTests/Api.FunctionalTests.csproj tests/EndToEnd.Tests/EndToEnd.Tests.csproj; do
  log "on PostgreSQL: $project"
  # The contract tests (Spectral, generated clients) touch no database: first pass only.
  TEST_DATABASE_PROVIDER=Postgres dotnet test "$project" -c Release --no-build -nologo --filter "TestCategory!=Contract" 2>&1 | grep -vE "warning NU1603" | tee -a "$out"
  rc=${PIPESTATUS[0]}
  [[ $rc -ne 0 ]] && test_rc=$rc
done
log "PostgreSQL pass took $((SECONDS - postgres_started)) s"

passed=0; failed=0; skipped=0
while IFS= read -r line; do
  f=$(sed -nE 's/.*Failed: *([0-9]+).*/\1/p' <<<"$line")
  p=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line")
  s=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
done < <(grep -E "^(Passed|Failed)! +- +Failed: " "$out")
rm -f "$out"

if [[ $test_rc -ne 0 && $failed -eq 0 ]]; then
  log "dotnet test exited with $test_rc without a failed test (crash or aborted test host)"
  failed=1
fi

summary="$passed passed, $failed failed"
[[ $skipped -gt 0 ]] && summary="$summary, $skipped skipped"
echo "$summary"
[[ $failed -eq 0 && $test_rc -eq 0 ]]
