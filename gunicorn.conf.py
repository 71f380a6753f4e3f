"""Production settings for gunicorn, which reads this file by itself when it is started
from the repository root: `gunicorn` (or `gunicorn socialeconomy.wsgi`).

The worker model was chosen by measurement (bench/load.py, docs/benchmarks.md): threaded
workers (gthread) keep requests that wait on PostgreSQL from holding a whole process.
Every value can be set from the environment.
"""

import multiprocessing
import os

wsgi_app = "socialeconomy.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer than this is a fault: the worker is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so that a slow leak never builds up.
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
# Behind a load balancer that terminates TLS: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
