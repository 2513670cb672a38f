"""PgBouncer in front of the test database, as bench/cluster.py runs it for the benchmarks."""

import pytest

from bench.cluster import PgBouncer

from ..services import test_database_url


@pytest.fixture
def pgbouncer(transactional_db):
    """PgBouncer in transaction pooling in front of the test database; `.url` reaches it."""
    with PgBouncer(test_database_url(), pool_size=4, log_name="pgbouncer-test") as bouncer:
        yield bouncer
