import os

from django.core.wsgi import get_wsgi_application

from claimtracker.serving import bound_statements

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtracker.settings.production")
bound_statements()
application = get_wsgi_application()
