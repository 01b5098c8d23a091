#!/usr/bin/env bash
# Applies the EF Core migrations with the administrator login, then creates (or re-keys) the
# least-privilege login the api and workers use: data read/write and EXECUTE, no DDL, not sysadmin.
set -euo pipefail
: "${MSSQL_SA_PASSWORD:?MSSQL_SA_PASSWORD is required}"
: "${APP_DB_USER:?APP_DB_USER is required}"
: "${APP_DB_PASSWORD:?APP_DB_PASSWORD is required}"
server="${DB_SERVER:-sqlserver,1433}"
database="${DB_NAME:-TenantAtlas}"

/migrate/efbundle --connection "Server=${server};Database=${database};User Id=sa;Password=${MSSQL_SA_PASSWORD};TrustServerCertificate=True"

# The password goes through the environment, not the command line.
SQLCMDPASSWORD="${MSSQL_SA_PASSWORD}" /opt/mssql-tools18/bin/sqlcmd -C -b -S "${server}" -U sa -d "${database}" \
  -v AppUser="${APP_DB_USER}" AppPassword="${APP_DB_PASSWORD}" -i /migrate/app-login.sql
echo "migrate: schema up to date; login ${APP_DB_USER} ready"
