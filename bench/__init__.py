"""ClaimTracker's performance benchmark suite (issue 6).

    python -m bench.datagen --claims 1000000 --articles 50000   # build the big database once
    python -m bench.run                                         # measure, print the table

Kept out of the default test run except for `tests/bench/`, a smoke test on a tiny database.
"""

import os


def setup(settings_module: str = "bench.settings"):
    """Django set up for the suite's scripts (the data generator, the runners)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()
    _create_database_if_missing()


def _create_database_if_missing():
    """The benchmarks name their own databases (claimtracker_bench, claimtracker_load): on a new
    machine, create the one DATABASE_URL names."""
    import psycopg2
    from django.db import OperationalError, connection
    from psycopg2 import sql

    try:
        connection.ensure_connection()
        return
    except OperationalError as error:
        if "does not exist" not in str(error):
            raise
    given = connection.settings_dict
    server = psycopg2.connect(dbname="postgres", user=given["USER"] or None, password=given["PASSWORD"] or None,
                              host=given["HOST"] or None, port=given["PORT"] or None)
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(given["NAME"])))
    server.close()
