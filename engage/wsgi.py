"""WSGI entry point: production serves ordinary HTTP through this (see docs/deploy.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")
application = get_wsgi_application()
