#!/usr/bin/env python
"""Django's command-line utility. Defaults to the local demo settings; production sets
DJANGO_SETTINGS_MODULE=claimtracker.settings.production."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings.demo")
    if sys.argv[1:2] == ["runserver"]:  # serving requests, as claimtracker.wsgi does
        from claimtracker.serving import bound_statements

        bound_statements()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
