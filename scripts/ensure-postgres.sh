# Sourced by tests/run.sh: make sure a PostgreSQL server answers and export POSTGRES_CONNECTION (an Npgsql
# connection string of a role that may create databases; the tests create and drop one database each).
# Uses POSTGRES_CONNECTION when set, or a server on 127.0.0.1:5432 that trusts the postgres role. Otherwise
# starts a throwaway cluster on the first free port from 127.0.0.1:55432: Debian's postgresql package is
# installed when initdb is missing, the cluster lives in a temp folder owned by the postgres OS user (initdb
# refuses to run as root), trusts loopback connections, and stop_postgres (called from the caller's EXIT
# trap) stops it and deletes the folder.
# The caller defines log().

postgres_data_dir=""

postgres_bin_dir() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
  [[ -n "$initdb" ]] && dirname "$initdb"
}

postgres_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure_postgres() {
  if [[ -n "${POSTGRES_CONNECTION:-}" ]]; then
    log "using POSTGRES_CONNECTION"
    return 0
  fi
  # A server already on the default port that lets the postgres role in without a password (trust) is used.
  if postgres_answers 5432 && command -v psql >/dev/null 2>&1 \
    && PGCONNECT_TIMEOUT=5 psql -w -h 127.0.0.1 -p 5432 -U postgres -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
    log "PostgreSQL answers on 127.0.0.1:5432"
    export POSTGRES_CONNECTION="Host=127.0.0.1;Port=5432;Username=postgres"
    return 0
  fi
  # Otherwise a cluster of our own on the first free port from 55432 (never one another run may stop).
  local port="${POSTGRES_TEST_PORT:-55432}"
  while postgres_answers "$port"; do port=$((port + 1)); done

  local bin
  bin=$(postgres_bin_dir)
  if [[ -z "$bin" ]]; then
    log "installing postgresql (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null || { log "could not install postgresql"; return 1; }
    bin=$(postgres_bin_dir)
    [[ -n "$bin" ]] || { log "postgresql is installed but no initdb was found under /usr/lib/postgresql"; return 1; }
  fi

  local as_postgres=()
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || { log "the postgres OS user is missing"; return 1; }
    as_postgres=(runuser -u postgres --)
  fi

  postgres_data_dir=$(mktemp -d /tmp/tenantatlas-pg.XXXXXX)
  [[ $(id -u) -eq 0 ]] && chown postgres: "$postgres_data_dir"
  log "starting a throwaway PostgreSQL cluster ($("$bin/postgres" --version | awk '{print $3}')) on 127.0.0.1:$port"
  "${as_postgres[@]}" "$bin/initdb" -D "$postgres_data_dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$postgres_data_dir/initdb.log" 2>&1 \
    || { log "initdb failed: $(tail -3 "$postgres_data_dir/initdb.log")"; return 1; }
  # Loopback only; the socket lives in the data folder so nothing under /var/run is needed. Durability is not
  # needed for a throwaway cluster (fsync off), and the suites open many connections at once.
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$postgres_data_dir/data" -l "$postgres_data_dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$postgres_data_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null \
    || { log "PostgreSQL did not start: $(tail -3 "$postgres_data_dir/server.log")"; return 1; }
  export POSTGRES_CONNECTION="Host=127.0.0.1;Port=$port;Username=postgres"
  log "PostgreSQL is up"
}

stop_postgres() {
  [[ -n "$postgres_data_dir" && -d "$postgres_data_dir" ]] || return 0
  local bin as_postgres=()
  bin=$(postgres_bin_dir)
  [[ $(id -u) -eq 0 ]] && as_postgres=(runuser -u postgres --)
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$postgres_data_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$postgres_data_dir"
  postgres_data_dir=""
}
