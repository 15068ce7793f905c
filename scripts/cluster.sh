#!/usr/bin/env bash
# The production topology on one machine (docs/deploy.md): nginx (TLS, static files) in front of
# 2 granian app processes, 2 huey consumers (one with the periodic tasks), PostgreSQL and Redis
# (huey's queue, the cache, rate limits and sessions), with LIANXI_ENV=production settings from
# one environment file. Everything of the cluster lives under $CLUSTER_DIR; PostgreSQL is the
# machine's own server (a database of the cluster's), Redis and nginx are processes of the
# cluster's own on their own ports, so stopping it touches nothing else.
#
#   scripts/cluster.sh start | stop | status | smoke | kill-app N | kill-worker N
#
# Each app process and worker runs under a small supervisor loop that starts it again when it
# dies (as systemd's Restart=always does in deploy/systemd/): `kill-app 1` SIGKILLs app process
# 1 (granian's master and its worker) and `kill-worker 2` the second consumer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${BIN:-$ROOT/.venv/bin}
CLUSTER_DIR=${CLUSTER_DIR:-$ROOT/var/cluster}
CLUSTER_DB=${CLUSTER_DB:-pg}                       # pg | sqlite
PG_NAME=${CLUSTER_PG_NAME:-lianxi_cluster}
PG_SERVER=${CLUSTER_PG_SERVER:-postgres://postgres@127.0.0.1:5432}
HTTPS_PORT=${CLUSTER_HTTPS_PORT:-8443}
HTTP_PORT=${CLUSTER_HTTP_PORT:-8080}
APP_PORTS=(${CLUSTER_APP_PORTS:-8101 8102})
REDIS_PORT=${CLUSTER_REDIS_PORT:-6391}
WORKERS=${CLUSTER_WORKERS:-2}
THREADS=${CLUSTER_THREADS:-8}
SIZE=${SIZE:-small}
CASES=${CLUSTER_CASES:-300}                         # demo cases to generate (SIZE small: 2,000)
RUN=$CLUSTER_DIR/run
LOG=$CLUSTER_DIR/log
ENV_FILE=$CLUSTER_DIR/lianxi.env

say() { echo "cluster: $*"; }

# ------------------------------------------------------------------ Debian packages

packages() {
  local need=()
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
  command -v redis-server >/dev/null || need+=(redis-server)
  command -v openssl >/dev/null || need+=(openssl)
  command -v curl >/dev/null || need+=(curl)
  if [ "$CLUSTER_DB" = pg ]; then
    command -v pg_ctlcluster >/dev/null || need+=(postgresql)
    command -v psql >/dev/null || need+=(postgresql-client)
  fi
  [ ${#need[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=sudo; else
      echo "cluster: please install these Debian packages (root needed): ${need[*]}" >&2
      exit 1
    fi
  fi
  say "installing ${need[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
}

NGINX=$(command -v nginx || echo /usr/sbin/nginx)

# ------------------------------------------------------------------ helpers

pidof_service() { cat "$RUN/$1.pid" 2>/dev/null || true; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# supervise NAME COMMAND...: run COMMAND in its own process group, start it again 1 s after it
# dies, until the supervisor gets SIGTERM (then TERM to the group, KILL after 20 s).
supervise() {
  local name=$1; shift
  (
    trap '' HUP
    # The cluster's environment (the stand-ins start before it is written and need none).
    if [ "$name" != stand-ins ]; then set -a; . "$ENV_FILE"; set +a; fi
    stopping=0
    child=""
    on_term() {
      stopping=1
      if [ -n "$child" ]; then
        kill -TERM -- "-$child" 2>/dev/null || true
        for _ in $(seq 1 200); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$child" 2>/dev/null || true
      fi
      rm -f "$RUN/$name.child"
      exit 0
    }
    trap on_term TERM INT
    while [ $stopping -eq 0 ]; do
      setsid "$@" >>"$LOG/$name.log" 2>&1 &
      child=$!
      echo "$child" >"$RUN/$name.child"
      echo "$(date -u +%FT%TZ) started $name (pid $child)" >>"$LOG/supervisor.log"
      wait "$child" || true
      # The group may still hold processes (granian's workers): the unit is down as a whole.
      kill -KILL -- "-$child" 2>/dev/null || true
      [ $stopping -eq 1 ] && break
      echo "$(date -u +%FT%TZ) $name exited; starting it again" >>"$LOG/supervisor.log"
      sleep 1
    done
  ) </dev/null &
  echo $! >"$RUN/$name.pid"
}

database_url() {
  if [ "$CLUSTER_DB" = sqlite ]; then echo "sqlite:///$CLUSTER_DIR/lianxi.sqlite3"
  else echo "$PG_SERVER/$PG_NAME"; fi
}

write_env() {
  # Secrets are made once and kept (the encrypted fields need the same key on every start).
  local secrets=$CLUSTER_DIR/secrets.env
  if [ ! -f "$secrets" ]; then
    umask 077
    {
      echo "SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
      echo "FIELD_ENCRYPTION_KEY=$("$BIN/python" -c 'import base64, secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())')"
    } >"$secrets"
    umask 022
  fi
  cat >"$ENV_FILE" <<EOF
# Written by scripts/cluster.sh: the environment of every process of the cluster.
LIANXI_ENV=production
DJANGO_SETTINGS_MODULE=lianxi.settings
LIANXI_VAR_DIR=$CLUSTER_DIR/var
STATIC_ROOT=$CLUSTER_DIR/static
MEDIA_ROOT=$CLUSTER_DIR/media
DATABASE_URL=$(database_url)
CONN_MAX_AGE=60
ALLOWED_HOSTS=127.0.0.1,localhost
CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$HTTPS_PORT,https://localhost:$HTTPS_PORT
SITE_URL=https://127.0.0.1:$HTTPS_PORT
TRUSTED_PROXY_COUNT=1
HUEY_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
CACHE_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/1
SESSION_BACKEND=cache
MEDIA_STORAGE=disk
LOG_LEVEL=WARNING
PYTHONDONTWRITEBYTECODE=1
# Every simulated person of a load run comes from 127.0.0.1: the limits per address, phone,
# session and client would refuse them as one abusive client. A real site keeps the defaults.
INTAKE_PER_ADDRESS_PER_HOUR=${CLUSTER_INTAKE_LIMIT:-0}
INTAKE_PER_PHONE_PER_HOUR=${CLUSTER_INTAKE_LIMIT:-0}
INTAKE_PER_SESSION_PER_HOUR=${CLUSTER_INTAKE_LIMIT:-0}
INTAKE_PER_CLIENT_PER_HOUR=${CLUSTER_INTAKE_LIMIT:-0}
EOF
  cat "$secrets" >>"$ENV_FILE"
  cat "$RUN/stand-ins.env" >>"$ENV_FILE"
  chmod 600 "$ENV_FILE"
}

# Run a management command (or any command) with the cluster's environment.
with_env() { (set -a; . "$ENV_FILE"; set +a; "$@"); }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq 1 $((seconds * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "cluster: $what did not come up (see $LOG/)" >&2
  return 1
}

# ------------------------------------------------------------------ start

start_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    say "starting PostgreSQL"
    for v in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$v" main start || true; done
    wait_for 30 PostgreSQL pg_isready -q -h 127.0.0.1 -p 5432
  fi
  if ! psql "$PG_SERVER/postgres" -Atc "select 1 from pg_database where datname='$PG_NAME'" | grep -q 1; then
    psql "$PG_SERVER/postgres" -qc "CREATE DATABASE $PG_NAME"
  fi
}

start_redis() {
  alive "$(cat "$CLUSTER_DIR/redis/redis.pid" 2>/dev/null)" && return 0
  mkdir -p "$CLUSTER_DIR/redis"
  # Append-only file: sessions and queued jobs outlive a Redis restart.
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" \
    --dir "$CLUSTER_DIR/redis" --pidfile "$CLUSTER_DIR/redis/redis.pid" \
    --logfile "$LOG/redis.log" --appendonly yes --appendfsync everysec --save "" \
    --maxmemory 1gb --maxmemory-policy noeviction
  wait_for 10 Redis redis-cli -p "$REDIS_PORT" ping
}

start_stand_ins() {
  rm -f "$RUN/stand-ins.env"
  supervise stand-ins "$BIN/python" scripts/cluster_stand_ins.py "$RUN"
  wait_for 20 "the SMS and SMTP stand-ins" test -s "$RUN/stand-ins.env"
}

make_certificate() {
  local tls=$CLUSTER_DIR/tls
  [ -f "$tls/fullchain.pem" ] && return 0
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$tls/privkey.pem" -out "$tls/fullchain.pem" 2>/dev/null
  chmod 600 "$tls/privkey.pem"
}

prepare_database() {
  say "migrate, collectstatic"
  with_env "$BIN/python" manage.py migrate --noinput -v0
  with_env "$BIN/python" manage.py collectstatic --noinput -v0
  # The demo city (realistic Chinese data) once, on an empty database: demo_city refuses
  # LIANXI_ENV=production, so it runs with the same database and keys as a local install.
  if [ "${CLUSTER_DEMO:-1}" = 1 ]; then
    say "demo city (size $SIZE) if the database is empty"
    with_env env LIANXI_ENV=local "$BIN/python" manage.py demo_city --seed 1 --size "$SIZE" --cases "$CASES" >"$LOG/demo_city.log" 2>&1 \
      || { tail -5 "$LOG/demo_city.log" >&2; exit 1; }
  fi
}

start_apps() {
  local i=1
  for port in "${APP_PORTS[@]}"; do
    # Each app process is one granian server (deploy/systemd/lianxi-web@.service).
    supervise "app$i" "$BIN/granian" --interface wsgi --host 127.0.0.1 --port "$port" --workers "$WORKERS" \
      --blocking-threads "$THREADS" --no-ws --log-level warning lianxi.wsgi:application
    i=$((i + 1))
  done
  for port in "${APP_PORTS[@]}"; do
    wait_for 90 "app on :$port" curl -fsS "http://127.0.0.1:$port/healthz" -H "Host: localhost" -H "X-Forwarded-Proto: https"
  done
}

start_workers() {
  # Worker 1 also enqueues the periodic tasks; worker 2 only runs jobs (--no-periodic).
  supervise worker1 "$BIN/python" manage.py run_huey --workers 2 --worker-type thread
  supervise worker2 "$BIN/python" manage.py run_huey --workers 2 --worker-type thread --no-periodic
}

start_nginx() {
  mkdir -p "$CLUSTER_DIR/nginx/tmp"
  local ports="${APP_PORTS[*]}"
  sed -e "s|@DIR@|$CLUSTER_DIR|g" -e "s|@MIME@|/etc/nginx/mime.types|g" \
    deploy/cluster/nginx.conf >"$CLUSTER_DIR/nginx/nginx.conf"
  sed -e "s|server 127.0.0.1:8001|server 127.0.0.1:${APP_PORTS[0]}|" \
      -e "s|server 127.0.0.1:8002|server 127.0.0.1:${APP_PORTS[1]}|" \
      -e "s|listen 80;|listen 127.0.0.1:$HTTP_PORT;|" -e "/listen \[::\]:80;/d" \
      -e "s|listen 443 ssl http2;|listen 127.0.0.1:$HTTPS_PORT ssl http2;|" -e "/listen \[::\]:443/d" \
      -e "s|server_name lianxi.example.cn;|server_name 127.0.0.1 localhost;|" \
      -e "s|https://\$host\$request_uri|https://\$host:$HTTPS_PORT\$request_uri|" \
      -e "s|/etc/ssl/lianxi/|$CLUSTER_DIR/tls/|" \
      -e "s|/srv/lianxi/var/static/|$CLUSTER_DIR/static/|" \
      deploy/nginx/lianxi.conf >"$CLUSTER_DIR/nginx/site.conf"
  # Workers run as the user nginx would drop to; they read static files and keep bodies.
  if [ "$(id -u)" -eq 0 ] && id www-data >/dev/null 2>&1; then
    chown -R www-data "$CLUSTER_DIR/nginx/tmp"
    chmod o+rx "$CLUSTER_DIR" && chmod -R o+rX "$CLUSTER_DIR/static"
  fi
  "$NGINX" -t -q -p "$CLUSTER_DIR/nginx" -c "$CLUSTER_DIR/nginx/nginx.conf" -e "$LOG/nginx-error.log"
  "$NGINX" -p "$CLUSTER_DIR/nginx" -c "$CLUSTER_DIR/nginx/nginx.conf" -e "$LOG/nginx-error.log"
  wait_for 10 nginx curl -fsSk "https://127.0.0.1:$HTTPS_PORT/healthz"
}

start() {
  if alive "$(pidof_service app1)"; then say "already running (scripts/cluster.sh status)"; return 0; fi
  packages
  mkdir -p "$RUN" "$LOG" "$CLUSTER_DIR/var" "$CLUSTER_DIR/media" "$CLUSTER_DIR/static"
  [ "$CLUSTER_DB" = pg ] && start_postgres
  start_redis
  start_stand_ins
  write_env
  make_certificate
  prepare_database
  say "2 app processes on :${APP_PORTS[*]}, 2 workers"
  start_apps
  start_workers
  start_nginx
  say "up: https://127.0.0.1:$HTTPS_PORT/ (self-signed certificate), database $(database_url)"
  say "environment in $ENV_FILE, logs in $LOG/; stop with: make cluster-stop"
}

# ------------------------------------------------------------------ stop, status

stop_service() {
  local pid; pid=$(pidof_service "$1")
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 250); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  fi
  # A unit whose supervisor died some other way: its group, by the pid it recorded.
  local child; child=$(cat "$RUN/$1.child" 2>/dev/null || true)
  if [ -n "$child" ]; then kill -TERM -- "-$child" 2>/dev/null || true; fi
  rm -f "$RUN/$1.pid" "$RUN/$1.child"
}

stop() {
  local pid
  pid=$(cat "$CLUSTER_DIR/nginx/nginx.pid" 2>/dev/null || true)
  if alive "$pid"; then
    "$NGINX" -p "$CLUSTER_DIR/nginx" -c "$CLUSTER_DIR/nginx/nginx.conf" -e "$LOG/nginx-error.log" -s quit || true
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
  fi
  for name in app1 app2 worker1 worker2 stand-ins; do stop_service "$name"; done
  pid=$(cat "$CLUSTER_DIR/redis/redis.pid" 2>/dev/null || true)
  if alive "$pid"; then redis-cli -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || kill "$pid"; fi
  say "stopped"
}

status() {
  local name pid code=0
  for name in app1 app2 worker1 worker2 stand-ins; do
    pid=$(cat "$RUN/$name.child" 2>/dev/null || true)
    if alive "$pid"; then echo "  $name: running (pid $pid)"; else echo "  $name: down"; code=1; fi
  done
  pid=$(cat "$CLUSTER_DIR/nginx/nginx.pid" 2>/dev/null || true)
  if alive "$pid"; then echo "  nginx: running (pid $pid)"; else echo "  nginx: down"; code=1; fi
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then echo "  redis: running (:$REDIS_PORT)"; else echo "  redis: down"; code=1; fi
  return $code
}

kill_unit() {  # SIGKILL the whole process group of a unit (granian master and workers)
  local child; child=$(cat "$RUN/$1.child" 2>/dev/null || true)
  [ -n "$child" ] || { echo "cluster: $1 is not running" >&2; return 1; }
  kill -KILL -- "-$child"
  say "SIGKILLed $1 (process group $child)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  smoke) with_env "$BIN/python" scripts/cluster_smoke.py "https://127.0.0.1:$HTTPS_PORT" "$RUN" ;;
  kill-app) kill_unit "app${2:-1}" ;;
  kill-worker) kill_unit "worker${2:-1}" ;;
  env) cat "$ENV_FILE" ;;
  *) echo "usage: $0 start|stop|status|smoke|kill-app N|kill-worker N" >&2; exit 2 ;;
esac
