"""What a process that serves requests sets before Django starts (claimtracker.wsgi, runserver, the
benchmark's gunicorn): each SQL statement of a request is bounded, well inside gunicorn's 30 s worker
timeout (settings.base reads it). Commands are not bounded: migrate may build an index for minutes."""

import os

STATEMENT_TIMEOUT_MS = "25000"


def bound_statements() -> None:
    os.environ.setdefault("CLAIMTRACKER_STATEMENT_TIMEOUT_MS", STATEMENT_TIMEOUT_MS)
