"""Settings of the benchmarks' servers: the app's own, plus the minimal view of bench/urls.py."""

from config.settings import *  # noqa: F403 -- the app exactly as configured, one URLconf added

ROOT_URLCONF = "bench.urls"
