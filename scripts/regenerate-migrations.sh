#!/usr/bin/env bash
# Deletes and regenerates the single InitialCreate migration of every provider (Sqlite, SqlServer,
# Postgres) from the current model, with the dotnet-ef tool pinned in dotnet-tools.json. Run it after any
# model change, e.g. when merging a branch that changed entities or configurations:
#   scripts/regenerate-migrations.sh            # all providers
#   scripts/regenerate-migrations.sh Postgres   # only the named ones
# The namespace follows from the project's RootNamespace and the output folder
# (TenantAtlas.Infrastructure.Persistence.Migrations.<Provider>). Each provider's context has a design-time factory in src/Infrastructure/Persistence, so no database and
# no host are needed. Migration coverage tests (tests/Infrastructure.IntegrationTests) fail when a
# provider's migration does not match the model.
set -euo pipefail
cd "$(dirname "$0")/.."

project=src/Infrastructure/Infrastructure.csproj
providers=("$@")
[[ ${#providers[@]} -eq 0 ]] && providers=(Sqlite SqlServer Postgres)

dotnet tool restore >/dev/null

# All old migrations go first: dotnet-ef compares the model with the snapshot compiled into the assembly,
# so a provider's folder must be gone (and the project rebuilt, which `migrations add` does) before its
# new InitialCreate is generated.
for provider in "${providers[@]}"; do
  case "$provider" in
    Sqlite|SqlServer|Postgres) ;;
    *) echo "unknown provider '$provider' (Sqlite, SqlServer or Postgres)" >&2; exit 2 ;;
  esac
  rm -rf "src/Infrastructure/Persistence/Migrations/$provider"
done

for provider in "${providers[@]}"; do
  echo "regenerating $provider InitialCreate" >&2
  dotnet ef migrations add InitialCreate \
    --project "$project" --startup-project "$project" \
    --context "${provider}AppDbContext" \
    --output-dir "Persistence/Migrations/$provider"
done

echo "done: $(ls src/Infrastructure/Persistence/Migrations/*/*_InitialCreate.cs | tr '\n' ' ')" >&2
