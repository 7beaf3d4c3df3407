#!/usr/bin/env bash
# make loadtest: Maillage under load (docs/operations.md, "Load test").
#
# Builds the department-scale data on its own PostgreSQL database (LOADTEST_DATABASE_URL,
# default …/loadtest_maillage: DROPPED and recreated), starts the production settings under
# gunicorn on 127.0.0.1 (a free port, LOAD_WORKERS workers), runs Locust's virtual users
# (bench/load/locustfile.py) up the stages of LOAD_STAGES until p95 passes 500 ms (the
# CPU time of gunicorn and of PostgreSQL measured all along, bench/load/cpu.py), stops
# gunicorn and writes the report (bench/load/report.py) to LOAD_OUT (default docs/load/).
# Exits non-zero when a request got a 5xx answer.
#
#   make loadtest                        # build the data, run, report
#   LOADTEST_REUSE=1 make loadtest       # keep the database built by the previous run
#   LOAD_WORKERS=4 LOAD_STAGES=4:30,8:30,16:30 make loadtest
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
WORK=${LOAD_WORK:-/tmp/maillage-loadtest}
OUT=${LOAD_OUT:-docs/load}
WORKERS=${LOAD_WORKERS:-3}
export LOAD_STAGES=${LOAD_STAGES:-2:20,2:30,4:30,8:30,16:30,24:30,32:30}
DB_URL=${LOADTEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/loadtest_maillage}
mkdir -p "$WORK" "$OUT"

# One key for the data build (the sessions it signs) and for gunicorn.
if [ ! -s "$WORK/secret" ]; then
  "$PY" -c "import secrets; print(secrets.token_urlsafe(48))" > "$WORK/secret"
fi
export PYTHONPATH=$PWD DJANGO_SETTINGS_MODULE=maillage.settings.production
export SECRET_KEY=$(cat "$WORK/secret") DATABASE_URL=$DB_URL
export ALLOWED_HOSTS=127.0.0.1 NUM_PROXIES=0 LOG_LEVEL=WARNING
export STATIC_ROOT=$WORK/static MEDIA_ROOT=$WORK/media PRIVATE_MEDIA_ROOT=$WORK/private
# Every virtual user comes from 127.0.0.1: one address's API limit would throttle them all.
export API_THROTTLE_ANON=100000/min API_THROTTLE_AUTH=100000/min
export LOAD_HANDLES=$WORK/load.json LOAD_RESULTS=$WORK/results.json LOAD_ACKS=$WORK/acks.jsonl

if [ "${LOADTEST_REUSE:-}" != "1" ] || [ ! -s "$LOAD_HANDLES" ]; then
  echo "· building the department (1×) in ${DB_URL##*/}…"
  "$PY" -m bench.load.prepare "$LOAD_HANDLES"
fi
if [ ! -s "$STATIC_ROOT/staticfiles.json" ]; then
  echo "· collectstatic → $STATIC_ROOT"
  "$PY" manage.py collectstatic --noinput -v0
fi

PORT=$("$PY" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
rm -f "$LOAD_ACKS" "$LOAD_RESULTS"
echo "· gunicorn: $WORKERS sync workers on 127.0.0.1:$PORT (production settings)"
WEB_CONCURRENCY=$WORKERS GUNICORN_BIND=127.0.0.1:$PORT GUNICORN_LOG_LEVEL=warning \
  .venv/bin/gunicorn -c deploy/gunicorn.conf.py maillage.wsgi > "$WORK/gunicorn.log" 2>&1 &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null 2>/dev/null -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT/healthz" && break
  sleep 0.5
done

# CPU time of the gunicorn workers and of their PostgreSQL backends (bench/load/cpu.py).
"$PY" -m bench.load.cpu "$GUNICORN" "${DB_URL##*/}" "$WORK/cpu.json" &
SAMPLER=$!
echo "· locust: stages (users:seconds) $LOAD_STAGES, stop once p95 > 500 ms"
# Bounded: the stages add up to a few minutes; timeout is the safety net.
timeout 900 .venv/bin/locust -f bench/load/locustfile.py --headless \
  --host "http://127.0.0.1:$PORT" --only-summary --loglevel WARNING \
  > "$WORK/locust.log" 2>&1 || true
tail -n 40 "$WORK/locust.log" | grep -E "Aggregated|Name|^-+$" | head -n 3 || true
kill -TERM $SAMPLER; wait $SAMPLER 2>/dev/null || true
kill $GUNICORN; wait $GUNICORN 2>/dev/null || true
trap - EXIT

"$PY" -m bench.load.report "$LOAD_RESULTS" --out "$OUT" --workers "$WORKERS" \
  --gunicorn-log "$WORK/gunicorn.log" --handles "$LOAD_HANDLES" --cpu "$WORK/cpu.json"
