"""gunicorn settings for Maillage's web processes (docs/operations.md).

    gunicorn -c deploy/gunicorn.conf.py maillage.wsgi

Every value can be changed from the environment (the systemd unit's EnvironmentFile)."""

import multiprocessing
import os

# Only the reverse proxy talks to gunicorn: Django trusts X-Forwarded-Proto
# (SECURE_PROXY_SSL_HEADER), so gunicorn must not be reachable from anywhere else.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Sync workers: Maillage's requests are short and database-bound. Two or three per core;
# each holds one persistent PostgreSQL connection (CONN_MAX_AGE), so workers × web hosts
# must stay under PostgreSQL's max_connections together with the task workers.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer than this is a bug; exports and reports run as tasks.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never becomes an outage.
max_requests = 2000
max_requests_jitter = 200

# The proxy's address: gunicorn then sets wsgi.url_scheme from X-Forwarded-Proto too.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs on stdout/stderr, collected by journald (or the container runtime).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client address as the proxy saw it, request, status, size, duration in ms.
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
proc_name = "maillage-web"

# Under systemd (RuntimeDirectory=, a tmpfs in /run): the workers' heartbeat files in
# memory rather than on a disk that may stall (gunicorn's own advice), and gunicorn's
# control socket (gunicornc). Elsewhere the socket is off rather than written into the
# service user's home.
_runtime = os.environ.get("RUNTIME_DIRECTORY", "").split(":")[0]
if _runtime:
    worker_tmp_dir = _runtime
    control_socket = os.path.join(_runtime, "gunicorn.ctl")  # noqa: PTH118
else:
    control_socket_disable = True
