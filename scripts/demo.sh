#!/usr/bin/env bash
# The README's five-minute walkthrough, end to end: sync, snapshot, back up, drift one policy in the Graph
# emulator, preview the restore (it shows the drift), restore it, and read the audit trail and notifications.
#
#   dotnet run --project src/Api          # in another terminal; it prints a development token
#   TOKEN=<that token> scripts/demo.sh
#
# API (default http://localhost:5080/api/v1) and EMULATOR (default http://127.0.0.1:5081) can be overridden.
# Needs bash, curl and jq. Every step waits for its run (wait_run, bounded by RUN_TIMEOUT seconds, default 120).
set -euo pipefail

API=${API:-http://localhost:5080/api/v1}
EMULATOR=${EMULATOR:-http://127.0.0.1:5081}
RUN_TIMEOUT=${RUN_TIMEOUT:-120}

for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "demo.sh needs $tool; install it first (e.g. sudo apt-get install $tool)." >&2; exit 2; }
done
if [[ -z "${TOKEN:-}" ]]; then
  echo "Set TOKEN to the development token that 'dotnet run --project src/Api' prints, e.g. TOKEN=eyJ... $0" >&2
  exit 2
fi

H=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
api() { curl -sS --fail-with-body "${H[@]}" "$@"; }
step() { printf '\n== %s\n' "$*"; }

# wait_run <tenantId> <runId>: polls the run's status monitor (GET .../runs/{id}), honouring its Retry-After,
# until the run is terminal; prints the final counts; fails when the run failed or after RUN_TIMEOUT seconds.
wait_run() {
  local tenant=$1 run=$2 deadline=$((SECONDS + RUN_TIMEOUT)) headers body status retry
  headers=$(mktemp)
  while true; do
    body=$(curl -sS --fail-with-body "${H[@]}" -D "$headers" "$API/tenants/$tenant/runs/$run")
    status=$(jq -r .status <<<"$body")
    case $status in
      Succeeded|Partial|Failed|Cancelled)
        rm -f "$headers"
        jq -c '{operation: .run.operation, status, total: .run.total, succeeded: .run.succeeded, failed: .run.failed, skipped: .run.skipped, error}' <<<"$body"
        [[ $status == Succeeded || $status == Partial ]]
        return
        ;;
    esac
    if (( SECONDS >= deadline )); then
      rm -f "$headers"
      echo "run $run is still $status after ${RUN_TIMEOUT}s" >&2
      return 1
    fi
    retry=$(tr -d '\r' <"$headers" | awk 'tolower($1) == "retry-after:" { print $2 }')
    printf '   %s %s%%\n' "$status" "$(jq -r .percentComplete <<<"$body")"
    sleep "${retry:-1}"
  done
}

step "0. The demo tenant"
TENANT_JSON=$(api "$API/tenants" | jq '.items[0]')
T=$(jq -r .id <<<"$TENANT_JSON")
ENTRA=$(jq -r .entraTenantId <<<"$TENANT_JSON")
jq -c '{id, name, entraTenantId, role}' <<<"$TENANT_JSON"

step "1. Inventory sync (202 + Location; wait for the run)"
RUN=$(api -X POST "$API/tenants/$T/policies/sync" | jq -r .id)
wait_run "$T" "$RUN"
api "$API/tenants/$T/policies?policyType=settingsCatalogPolicy&pageSize=5" | jq -c '.items[] | {id, displayName}'

step "2. Snapshot one policy, then read its versions"
P=$(api "$API/tenants/$T/policies?policyType=settingsCatalogPolicy&pageSize=1" | jq -r '.items[0].id')
RUN=$(api -X POST "$API/tenants/$T/policies/$P/snapshots" | jq -r .id)
wait_run "$T" "$RUN"
api "$API/tenants/$T/policies/$P/versions" | jq -c '.items[] | {versionNumber, contentHash, capturedAt}'

step "3. Back up the whole tenant"
STARTED=$(api -X POST "$API/tenants/$T/backup-sets" -d '{"name":"Nightly","all":true}')
SET=$(jq -r .backupSet.id <<<"$STARTED")
wait_run "$T" "$(jq -r .run.id <<<"$STARTED")"
api "$API/tenants/$T/backup-sets/$SET" | jq -c '.backupSet | {id, name, status, itemCount}'
api "$API/tenants/$T/backup-sets/$SET/items?pageSize=5" | jq -c '.items[] | {displayName, policyType, versionNumber}'

step "4. Drift: change one backed-up policy in the Graph emulator, as an admin would in the portal"
ITEM=$(api "$API/tenants/$T/backup-sets/$SET/items?policyType=deviceConfiguration&pageSize=1" | jq '.items[0]')
GRAPH_ID=$(jq -r .graphId <<<"$ITEM")
NAME=$(jq -r .displayName <<<"$ITEM")
curl -sS --fail-with-body -X PATCH "$EMULATOR/_emulator/tenants/$ENTRA/policies/$GRAPH_ID" -H "Content-Type: application/json" \
  -d "{\"displayName\":\"$NAME (edited in the portal)\",\"description\":\"changed outside TenantAtlas\"}" \
  | jq -c '{id, displayName, description, version}'

step "5. Preview the restore (read-only): only the drifted policy would change"
PRE=$(api -X POST "$API/tenants/$T/restore-runs" -d "{\"backupSetId\":\"$SET\",\"dryRun\":true,\"includeAssignments\":true}" | jq -r .id)
wait_run "$T" "$PRE"
api "$API/tenants/$T/restore-runs/$PRE?pageSize=200" \
  | jq -c '[.items.items[] | .action] | group_by(.) | map({action: .[0], count: length})'
api "$API/tenants/$T/restore-runs/$PRE?pageSize=200" \
  | jq --arg g "$GRAPH_ID" -c '.items.items[] | select(.graphId == $g) | {displayName, action, diff: [.diff.payload[] | {path, kind, before, after}]}'

step "6. Apply it (Owner), then read the audit trail"
RUN=$(api -X POST "$API/tenants/$T/restore-runs/$PRE/execute" | jq -r .id)
wait_run "$T" "$RUN"
api "$API/tenants/$T/restore-runs/$RUN?pageSize=200" \
  | jq --arg g "$GRAPH_ID" -c '.items.items[] | select(.graphId == $g) | {displayName, action, status}'
api "$API/tenants/$T/audit-logs?runId=$RUN" | jq -c '.items[] | {action, targetId}'
echo "The policy in Graph (the emulator) again:"
curl -sS --fail-with-body -H "Authorization: Bearer emulator:$ENTRA" "$EMULATOR/beta/deviceManagement/deviceConfigurations/$GRAPH_ID" \
  | jq -c '{id, displayName, description}'

step "7. Notifications of your runs"
api "$API/me/notifications?unread=true&pageSize=100" \
  | jq -c '.items[] | .data | select(.status | IN("Succeeded", "Partial", "Failed", "Cancelled")) | {operation, status, failedItems, mostCommonErrorCode}'

printf '\nDone.\n'
