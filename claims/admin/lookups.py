"""What the admin takes from a query string or a posted form: which fields a change list may filter
on, which values an add form may start with, which posted ids an autocomplete select looks up.

Django's admin lets any query string filter on any field of the model itself (`?events__gte=x`), and
passes the value to PostgreSQL as it is. For text, numbers and dates a bad value is Django's own error
page; for arrays, full-text vectors and bytes PostgreSQL refuses to parse it, and that was a 500. No
list filters on those fields, so the query string may not either (a 400, as for any lookup Django
refuses); an inet column takes addresses only. An add form's `?field=value` initial values that are
no value of their field are dropped (`?published_at=x` broke the date widget: a 500), and so are
posted autocomplete values that are no id (`article=abc` reached the widget's query: a 500).
"""

import ipaddress

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models


UNFILTERABLE = (ArrayField, SearchVectorField, models.BinaryField, models.JSONField)


def filterable(model, lookup: str, value) -> bool:
    try:
        field = model._meta.get_field(lookup.split("__", 1)[0])
    except FieldDoesNotExist:
        return True  # Django's own rules decide (relations, nonexistent fields)
    field = getattr(field, "output_field", None) or field  # a generated column: what it stores
    if isinstance(field, models.GenericIPAddressField):  # an inet column: an address, or nothing
        return all(_is_address(item) for item in (value if isinstance(value, list) else [value]))
    return not isinstance(field, UNFILTERABLE)


def _is_address(value) -> bool:
    try:
        ipaddress.ip_address(str(value))
    except ValueError:
        return False
    return True


def initial_value_fits(model, name: str, value) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return True  # not a field: the form ignores it
    target = field.target_field if field.is_relation and hasattr(field, "target_field") else field
    try:
        for item in value if isinstance(value, list) else [value]:
            target.to_python(item)
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class AutocompleteChoice(AutocompleteSelect):
    """Django's autocomplete select, minus a 500: re-showing a form posted with "article=abc" looked the
    raw value up as an id (ValueError). A value that is no id of the model shows as nothing chosen
    (the field's own error says why)."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [item for item in value if self._is_id(item)], attr)

    def _is_id(self, item) -> bool:
        try:
            self.field.target_field.to_python(item)
        except ValidationError:
            return False
        return True


class QueryStringRules(admin.ModelAdmin):
    """Mixed into every ModelAdmin by claimtracker.admin_site."""

    def lookup_allowed(self, lookup, value, request=None):
        return filterable(self.model, lookup, value) and super().lookup_allowed(lookup, value, request)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {name: value for name, value in initial.items() if initial_value_fits(self.model, name, value)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteChoice(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
