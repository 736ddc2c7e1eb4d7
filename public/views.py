"""Views of the public site (being built; see public/urls.py)."""

from django.http import Http404


def fact_check(request, pk: int, slug: str):
    raise Http404("not built yet")
