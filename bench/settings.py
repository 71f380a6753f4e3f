"""Settings for the load benchmark's app servers: the project's, with the bare view's
URLconf (``bench/urls.py``) so that the floor is served by the same gunicorn."""

from socialeconomy.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
