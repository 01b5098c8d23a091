# Sourced by tests/run.sh and bench/run.sh: make sure a RabbitMQ broker answers.
# Uses RABBITMQ_URI when set; otherwise, if nothing answers on 127.0.0.1:5672, installs the Debian
# rabbitmq-server package when missing (the machine may be brand new), starts it and waits for it.
# The caller defines log().

broker_answers() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }

ensure_rabbitmq() {
  if [[ -n "${RABBITMQ_URI:-}" ]]; then
    log "using RABBITMQ_URI"
    return 0
  fi
  if broker_answers; then
    log "RabbitMQ answers on 127.0.0.1:5672"
    return 0
  fi
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    log "installing rabbitmq-server (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq rabbitmq-server >/dev/null || { log "could not install rabbitmq-server"; return 1; }
  fi
  log "starting rabbitmq-server"
  rabbitmq-server -detached >/dev/null 2>&1 || true
  timeout 120 rabbitmqctl await_startup >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    broker_answers && { log "RabbitMQ is up"; return 0; }
    sleep 1
  done
  log "RabbitMQ did not come up"
  return 1
}
