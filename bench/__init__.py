"""ClaimTracker's performance benchmark suite (issue 6).

    python -m bench.datagen --claims 1000000 --articles 50000   # build the big database once
    python -m bench.run                                         # measure, print the table

Kept out of the default test run except for `tests/bench/`, a smoke test on a tiny database.
"""

import os


def setup(settings_module: str = "bench.settings"):
    """Django set up for the suite's scripts (the data generator, the runner)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup()
