#!/usr/bin/env bash
# The whole suite, as CI runs it. Under CI=true the PostgreSQL and browser legs must run;
# elsewhere they are skipped, with the reason printed, when PostgreSQL or Chromium is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
CI="${CI:-false}"
PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
WORKERS="${TEST_WORKERS:-2}"
export PYTHONDONTWRITEBYTECODE=1
# One test database name per checkout, so that several checkouts can share a PostgreSQL.
export TEST_DATABASE_NAME="${TEST_DATABASE_NAME:-test_$(basename "$PWD" | tr -c 'a-z0-9\n' '_')}"

# Each leg prints its duration when it ends, and the summary at the end gives every leg's
# and the total (CI's budget: the whole run under 25 minutes on 2 cores).
LEG=""
LEG_START=$SECONDS
TIMINGS=()
duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
end_leg() {
  if [ -n "$LEG" ]; then
    local took=$((SECONDS - LEG_START))
    printf '\033[2m-- %s: %s\033[0m\n' "$LEG" "$(duration "$took")"
    TIMINGS+=("$(printf '%8s  %s' "$(duration "$took")" "$LEG")")
  fi
}
step() {
  end_leg
  LEG="$*"
  LEG_START=$SECONDS
  printf '\n\033[1m== %s\033[0m\n' "$*"
}
summary() {
  end_leg
  LEG=""
  printf '\n\033[1m== Durations\033[0m\n'
  printf '%s\n' "${TIMINGS[@]}"
  printf '%8s  %s\n' "$(duration "$SECONDS")" "total"
}
trap summary EXIT
is_ci() { [ "$CI" = "true" ] || [ "$CI" = "1" ]; }

step "Chromium for the browser tests"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium (not found at $CHROMIUM)…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
      || echo "apt-get could not install chromium"
  fi
fi
[ -x "$CHROMIUM" ] && "$CHROMIUM" --version || echo "Chromium absent"

step "Lint (ruff)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

step "Types (mypy)"
.venv/bin/mypy maillage

step "Import contracts"
# Layers, services never importing tasks, no cycles: [tool.importlinter] in pyproject.toml.
.venv/bin/lint-imports --no-cache

step "Migrations are committed"
DATABASE_URL="sqlite:///:memory:" $PY manage.py makemigrations --check --dry-run

step "Production settings pass check --deploy"
DJANGO_SETTINGS_MODULE=maillage.settings.production \
  SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')" \
  ALLOWED_HOSTS=maillage.example.org DATABASE_URL="sqlite:///:memory:" \
  $PY manage.py check --deploy --fail-level WARNING

# Tests marked `slow` (the 50,000-service import, about 90 s) do not depend on the database:
# they run once, in this leg, first (tests/conftest.py orders them), on one worker while the
# other works through the rest.
step "Unit and integration tests on SQLite (and the slow ones)"
DATABASE_URL="sqlite:///:memory:" $PY -m pytest -n "$WORKERS" -m "not browser" -q

step "Unit and integration tests on PostgreSQL"
pg_ready() { $PY - "$PG_URL" <<'PYEOF'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
except Exception as exc:
    print(exc); sys.exit(1)
PYEOF
}
if ! pg_ready >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  echo "PostgreSQL is not answering; starting the local cluster…"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  sleep 2
fi
if pg_ready; then
  DATABASE_URL="$PG_URL" $PY -m pytest -n "$WORKERS" -m "not browser and not slow" -q
elif is_ci; then
  echo "FAIL: PostgreSQL at $PG_URL is unreachable and CI=true requires this leg." >&2
  exit 1
else
  echo "SKIPPED: PostgreSQL at $PG_URL is unreachable (set TEST_POSTGRES_URL)."
fi

step "Browser tests (Playwright + axe, Debian Chromium)"
if [ -x "$CHROMIUM" ]; then
  # One Chromium and one live server per worker.
  DATABASE_URL="sqlite:///:memory:" CHROMIUM_PATH="$CHROMIUM" $PY -m pytest -m browser -q -n "$WORKERS"
elif is_ci; then
  echo "FAIL: Chromium is missing at $CHROMIUM and CI=true requires the browser tests." >&2
  exit 1
else
  echo "SKIPPED: Chromium is missing at $CHROMIUM and could not be installed."
fi

step "All green"
