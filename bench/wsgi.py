"""What the benchmark's gunicorn serves: the product, and the raw baseline under /bench-baseline/."""

import os

from claimtracker.serving import bound_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
bound_statements()  # as claimtracker.wsgi serves

from django.core.wsgi import get_wsgi_application  # noqa: E402

from bench import baseline  # noqa: E402

product = get_wsgi_application()


def application(environ, start_response):
    if environ.get("PATH_INFO", "").startswith(baseline.PREFIX):
        return baseline.application(environ, start_response)
    return product(environ, start_response)
