#!/usr/bin/env bash
# Container healthcheck without curl (the .NET runtime images have none): GET a local path over bash's
# /dev/tcp and succeed only on HTTP 200. Usage: healthcheck.sh [path] (default /health/ready).
set -euo pipefail
path="${1:-/health/ready}"
port="${HEALTHCHECK_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3
[[ "$status" == HTTP/1.?" 200 "* ]]
