"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's client makes a new `redis.Redis` for every cache operation, and redis-py's constructor
fills a table of some 160 response callbacks each time: about 0.1 ms, as long as the round trip to
a local Redis itself, on every cache read of every request. A client holds nothing but its pool
and is safe to share between threads, so one per pool is made and kept.
"""

from django.core.cache.backends import redis


class ReusingClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingClient
