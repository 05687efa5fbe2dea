"""Settings of the fault runs' servers: the app's own, with the cache keys under a prefix of the run.

With `bench/faults.py --redis` the servers use the machine's shared Redis (a database other than
0, which others use); the prefix keeps this run's rate-limit counters and cached answers apart
from everyone else's, and lets the script delete exactly its own keys afterwards.
"""

import os

from config.settings import *  # noqa: F403 -- the app exactly as configured, a key prefix added
from config.settings import CACHES, REDIS_URL

if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = os.environ["BENCH_CACHE_PREFIX"]
