#!/usr/bin/env bash
# nginx drill for private files (docs/operations.md, "Private files"): nginx on a loopback
# port with the locations of deploy/nginx.conf, gunicorn behind it with the production
# settings, a throw-away SQLite database and media roots. It proves that
#   - a private file is not served by path (/media/<name>, /_private/<name>: 404),
#   - its download URL answers 404 to an anonymous visitor and to a partner of another
#     territory, and serves the file (through nginx's internal location, X-Accel-Redirect)
#     to a partner of its territory,
#   - the public logo is still served under /media/.
# Exits non-zero when one of these promises breaks. Needs nginx (apt-get install nginx);
# not part of `make test`.
#
#     scripts/drill_private_files.sh            (NGINX_PORT=8481 APP_PORT=8482 by default)
set -euo pipefail

cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
NGINX_PORT=${NGINX_PORT:-8481}
APP_PORT=${APP_PORT:-8482}
HOST=maillage.example.org
[ -x "$NGINX" ] || { echo "nginx not found (apt-get install -y nginx)" >&2; exit 2; }

D=$(mktemp -d /tmp/maillage-drill.XXXXXX)
chmod 755 "$D"  # nginx's workers read the roots
pids=()
cleanup() {
  [ -f "$D/nginx.pid" ] && kill "$(cat "$D/nginx.pid")" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$D"
}
trap cleanup EXIT

# The production settings, except static files served without collectstatic's manifest
# (post-processing thousands of files would make the drill take minutes).
cat >"$D/drill_settings.py" <<'PY'
from maillage.settings.production import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
PY
export PYTHONPATH=$D${PYTHONPATH:+:$PYTHONPATH}
export DJANGO_SETTINGS_MODULE=drill_settings
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')
export SECRET_KEY
export ALLOWED_HOSTS=$HOST
export DATABASE_URL=sqlite:///$D/db.sqlite3
export CACHE_URL=locmemcache://
export EMAIL_URL=consolemail://
export MEDIA_ROOT=$D/media PRIVATE_MEDIA_ROOT=$D/private STATIC_ROOT=$D/static
export SECURE_SSL_REDIRECT=False   # plain HTTP on the loopback; TLS is nginx's business
mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"

echo "· database and objects ($D)"
"$PY" manage.py migrate --noinput >"$D/migrate.log"
"$PY" manage.py shell -v0 >"$D/objects.env" <<'PY'
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.accounts.models import User
from maillage.core.roles import Role, Visibility
from maillage.governance import services
from maillage.governance.models import Agreement
from maillage.territories.models import Membership, Organisation, Partnership, Territory


def place(slug, insee):
    return Territory.objects.create(
        name=slug, slug=slug, insee_code=insee, kind=Territory.Kind.COMMUNE,
        visibility=Visibility.PUBLIC,
    )


def partner(territory, email):
    org = Organisation.objects.create(name=f"Org {email}", kind="association")
    Partnership.objects.create(territory=territory, organisation=org)
    user = User.objects.create_user(email=email, password="drill-password-2026", full_name=email)
    Membership.objects.create(user=user, territory=territory, organisation=org, role=Role.PARTNER)
    return user, org


def session(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


here, there = place("commune-a", "99001"), place("commune-b", "98001")
reader, org = partner(here, "lecteur@drill.test")
stranger, _ = partner(there, "etranger@drill.test")
agreement = services.create_agreement(
    actor=None, territory=here, kind=Agreement.Kind.ROADMAP, title="Convention",
    visibility=Visibility.PARTNERS, signatories=[(org, "")],
)
document = services.add_document(
    actor=None, agreement=agreement, title="Convention signée",
    upload=SimpleUploadedFile(
        "convention-caf.pdf", b"%PDF-1.4 drill: private content\n", content_type="application/pdf"
    ),
)
org.logo.save("logo.png", ContentFile(b"\x89PNG drill logo"), save=True)
print(f"PRIVATE_NAME={document.file.name}")
print(f"DOWNLOAD={reverse('governance:agreement_document', args=[here.slug, document.pk])}")
print(f"LOGO={org.logo.url}")
print(f"READER={session(reader)}")
print(f"STRANGER={session(stranger)}")
PY
# shellcheck disable=SC1091
. "$D/objects.env"
chmod -R a+rX "$D"

echo "· nginx.conf from deploy/nginx.conf (its /media/, /_private/ and / locations)"
"$PY" - "$D" "$NGINX_PORT" "$APP_PORT" <<'PY'
import re
import sys
from pathlib import Path

root, nginx_port, app_port = sys.argv[1:]
source = Path("deploy/nginx.conf").read_text()


def block(prefix: str) -> str:
    start = source.index(prefix)
    depth = 0
    for i in range(start, len(source)):
        if source[i] == "{":
            depth += 1
        elif source[i] == "}":
            depth -= 1
            if depth == 0:
                return source[start : i + 1]
    raise SystemExit(f"no {prefix} block in deploy/nginx.conf")


# The HTTPS server's locations, as deployed; only the folders and the port change.
tls_server = source[source.index("listen 443 ssl http2;") :]
locations = [block("location /media/"), block("location /_private/")]
locations.append(block(tls_server[tls_server.index("    location / {") :][4:]))
text = "\n".join(locations)
text = text.replace("/srv/maillage/media/", f"{root}/media/")
text = text.replace("/srv/maillage/private/", f"{root}/private/")
if "internal;" not in block("location /_private/"):
    raise SystemExit("deploy/nginx.conf: the /_private/ location is not internal")
Path(root, "nginx.conf").write_text(f"""
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {root}/nginx-access.log;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    upstream maillage_web {{ server 127.0.0.1:{app_port}; keepalive 4; }}
    server {{
        listen 127.0.0.1:{nginx_port};
        server_name maillage.example.org;
{text}
    }}
}}
""")
PY
"$NGINX" -t -q -c "$D/nginx.conf" -p "$D"
"$NGINX" -c "$D/nginx.conf" -p "$D"

echo "· gunicorn (production settings, static files unhashed) on 127.0.0.1:$APP_PORT, nginx on 127.0.0.1:$NGINX_PORT"
WEB_CONCURRENCY=1 GUNICORN_BIND=127.0.0.1:$APP_PORT .venv/bin/gunicorn -c deploy/gunicorn.conf.py \
  maillage.wsgi >"$D/gunicorn.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  curl -fsS -o /dev/null -H "Host: $HOST" "http://127.0.0.1:$APP_PORT/healthz" 2>/dev/null && break
  sleep 0.2
done

failures=0
N="http://127.0.0.1:$NGINX_PORT"
expect() {  # expect STATUS DESCRIPTION curl-arguments...
  local want=$1 what=$2
  shift 2
  local got
  got=$(curl -sS -o "$D/response.body" -D "$D/headers" -w '%{http_code}' -H "Host: $HOST" "$@")
  if [ "$got" = "$want" ]; then echo "ok   $got $what"; else
    echo "FAIL $got (expected $want) $what"; failures=$((failures + 1)); fi
}

echo "· the private file: $PRIVATE_NAME (download view $DOWNLOAD)"
expect 404 "direct /media/<private name>" "$N/media/$PRIVATE_NAME"
expect 404 "direct /_private/<private name> (internal location)" "$N/_private/$PRIVATE_NAME"
expect 404 "old-style /media/ path" "$N/media/governance/agreements/1/convention-caf.pdf"
expect 404 "download URL, anonymous" "$N$DOWNLOAD"
expect 404 "download URL, partner of another territory" -H "Cookie: sessionid=$STRANGER" "$N$DOWNLOAD"
expect 200 "download URL, partner of the territory (through nginx)" \
  -H "Cookie: sessionid=$READER" "$N$DOWNLOAD"
if cmp -s "$D/response.body" "$PRIVATE_MEDIA_ROOT/$PRIVATE_NAME"; then
  echo "ok   the body is the private file ($(wc -c <"$D/response.body") bytes)"
else
  echo "FAIL the body is not the private file"; failures=$((failures + 1))
fi
grep -iE '^(content-type|content-disposition|x-content-type-options|cache-control):' "$D/headers" \
  | tr -d '\r' | sed 's/^/     /'
if grep -qi '^x-accel-redirect' "$D/headers"; then
  echo "FAIL nginx leaked X-Accel-Redirect to the client"; failures=$((failures + 1))
fi

expect 200 "the same URL straight to gunicorn: an empty answer that names the file" \
  -H "Cookie: sessionid=$READER" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$APP_PORT$DOWNLOAD"
accel=$(grep -i '^x-accel-redirect:' "$D/headers" | tr -d '\r' || true)
echo "     $accel ($(wc -c <"$D/response.body") bytes of body)"
if [ "$accel" != "X-Accel-Redirect: /_private/$PRIVATE_NAME" ] || [ -s "$D/response.body" ]; then
  echo "FAIL gunicorn did not answer with X-Accel-Redirect alone"; failures=$((failures + 1))
fi

expect 200 "public logo under /media/ ($LOGO)" "$N$LOGO"

if [ "$failures" -ne 0 ]; then
  echo "$failures promise(s) broken"
  exit 1
fi
echo "all promises kept"
