"""The services tests run on a SQLite file and again on a PostgreSQL server
(the second run is marked ``postgres``: skipped without a server)."""

import pytest


@pytest.fixture
def services(any_services):
    return any_services
