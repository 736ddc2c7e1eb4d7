"""The API's request bodies: each validated by its own serializer, unknown fields refused."""

import re
from collections.abc import Mapping

from django.core.validators import MaxLengthValidator
from rest_framework import serializers

from claims.errors import IngestMessage, WorkflowMessage
from claims.ingest.articles import LANGUAGE_CODE_PATTERN, moment_in_utc
from claims.models import Article, ClaimAction, ClaimKind, RatingLevel, Stance
from claims.review.events import NOTE_MAX_LENGTH
from claims.review.workflow import (
    EVIDENCE_EXCERPT_MAX_LENGTH, EVIDENCE_MAX_ITEMS, EVIDENCE_TITLE_MAX_LENGTH, EVIDENCE_URL_MAX_LENGTH,
    SUMMARY_MAX_LENGTH, TRANSITIONS
)


MAX_INT = 2**31 - 1


class InputMessage:
    """Messages of the input serializers (named so that tests can check them)."""

    UNKNOWN_FIELD = "Unknown field."
    FIXED_AFTER_CREATION = (
        "The {field} cannot be changed after the article was created: claims point into the body "
        "and the content hash identifies the article. Post the new version as a new article."
    )
    VERSION_CONFLICT = "The version in the body ({body}) and in If-Match ({header}) differ."
    NOT_A_STRING = "Not a valid string."


class StrictStringMixin:
    """A text field that takes JSON strings only: DRF's CharField would store the number 0 as "0"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class StrictCharField(StrictStringMixin, serializers.CharField):
    default_error_messages = {"not_a_string": InputMessage.NOT_A_STRING}


class StrictURLField(StrictStringMixin, serializers.URLField):
    default_error_messages = {"not_a_string": InputMessage.NOT_A_STRING}


class StrictRegexField(StrictStringMixin, serializers.RegexField):
    default_error_messages = {"not_a_string": InputMessage.NOT_A_STRING}


class LanguageField(StrictRegexField):
    """An ISO 639-1 code, with its pattern in the schema (ingest checks the same pattern)."""

    def __init__(self, **kwargs):
        super().__init__(LANGUAGE_CODE_PATTERN, required=False, allow_blank=True, **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and data and not re.fullmatch(LANGUAGE_CODE_PATTERN, data):
            raise serializers.ValidationError(IngestMessage.LANGUAGE_INVALID.format(language=data))
        return super().to_internal_value(data)


class BoundedDateTimeField(serializers.DateTimeField):
    """A date-time a stored article may carry: the one rule of `moment_in_utc` (offset within ±14 h)."""

    def enforce_timezone(self, value):
        # Parsed, with the offset as given (the base class converts it next).
        if value.utcoffset() is not None:
            try:
                value = moment_in_utc(value)
            except ValueError as error:
                raise serializers.ValidationError(str(error)) from None
        return super().enforce_timezone(value)


class StrictInputMixin:
    """Refuse fields the serializer does not know: a typo must not pass silently."""

    fixed_fields: tuple[str, ...] = ()

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            errors = {}
            for name in data:
                if name in self.fixed_fields:
                    errors[name] = [InputMessage.FIXED_AFTER_CREATION.format(field=name)]
                elif name not in writable:
                    errors[name] = [InputMessage.UNKNOWN_FIELD]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class ArticleCreateSerializer(StrictInputMixin, serializers.Serializer):
    title = StrictCharField(trim_whitespace=False, max_length=Article._meta.get_field("title").max_length)
    body = StrictCharField(trim_whitespace=False)
    url = StrictURLField(required=False, allow_null=True, allow_blank=True,
                         max_length=Article._meta.get_field("url").max_length)
    source = StrictCharField(required=False, allow_null=True, allow_blank=True, max_length=200,
                             help_text="The outlet's name.")
    published_at = BoundedDateTimeField(required=False, allow_null=True)
    language = LanguageField(allow_null=True, help_text="ISO 639-1 code of the body; detected when not given.")


class ArticleUpdateSerializer(StrictInputMixin, serializers.Serializer):
    fixed_fields = ("title", "body")

    url = StrictURLField(required=False, allow_null=True, allow_blank=True,
                         max_length=Article._meta.get_field("url").max_length)
    source = StrictCharField(required=False, allow_null=True, allow_blank=True, max_length=200,
                             help_text="The outlet's name; empty to clear.")
    published_at = BoundedDateTimeField(required=False, allow_null=True)
    language = LanguageField(help_text="ISO 639-1 code of the body.")


class ClaimCreateSerializer(StrictInputMixin, serializers.Serializer):
    article = serializers.PrimaryKeyRelatedField(queryset=Article.objects.all())
    start = serializers.IntegerField(min_value=0, max_value=MAX_INT)
    end = serializers.IntegerField(min_value=0, max_value=MAX_INT)
    text = StrictCharField(required=False, trim_whitespace=False,
                           help_text="Optional; must equal the body between start and end.")
    claimant = StrictCharField(required=False, allow_null=True, allow_blank=True, max_length=200,
                               help_text="Who makes the claim (a name).")
    kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False)
    check_worthiness = serializers.FloatField(required=False, min_value=0.0, max_value=1.0,
                                              help_text="Scored by the extraction model when not given.")
    note = StrictCharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)


class VersionedInputMixin(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_INT,
        help_text="The version you loaded; a stale one answers 409. The If-Match header works too.")


class ClaimUpdateSerializer(StrictInputMixin, VersionedInputMixin):
    start = serializers.IntegerField(required=False, min_value=0, max_value=MAX_INT)
    end = serializers.IntegerField(required=False, min_value=0, max_value=MAX_INT)
    claimant = StrictCharField(required=False, allow_null=True, allow_blank=True, max_length=200,
                               help_text="Who makes the claim (a name); null or empty to clear.")
    kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False)
    note = StrictCharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH)


class EvidenceListSerializer(serializers.ListSerializer):
    """A verdict's evidence: too many items is refused as the workflow refuses it, before each is
    validated; the limit is in the schema (maxItems) too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", EVIDENCE_MAX_ITEMS)
        super().__init__(*args, **kwargs)
        self.validators = [*self.validators, MaxLengthValidator(self.max_length)]  # for the schema

    def to_internal_value(self, data):
        if isinstance(data, list) and len(data) > self.max_length:
            raise serializers.ValidationError([WorkflowMessage.EVIDENCE_TOO_MANY.format(
                count=len(data), limit=self.max_length)])
        return super().to_internal_value(data)


# The limits of evidence, summary and note are the workflow's (claims/review/workflow.py), which
# checks them for the admin as well; the serializers repeat them so that the schema documents them.
class EvidenceInputSerializer(StrictInputMixin, serializers.Serializer):
    url = StrictCharField(max_length=EVIDENCE_URL_MAX_LENGTH,
                          help_text="An http or https URL; stored percent-encoded where RFC 3986 requires.")
    title = StrictCharField(required=False, allow_blank=True, max_length=EVIDENCE_TITLE_MAX_LENGTH)
    excerpt = StrictCharField(required=False, allow_blank=True, max_length=EVIDENCE_EXCERPT_MAX_LENGTH)
    stance = serializers.ChoiceField(choices=Stance.choices, required=False)

    class Meta:
        list_serializer_class = EvidenceListSerializer


class TransitionSerializer(StrictInputMixin, VersionedInputMixin):
    action = serializers.ChoiceField(choices=[(action, ClaimAction(action).label) for action in TRANSITIONS])
    # The workflow checks it against the scale, which editors change (so no enum here).
    rating = StrictCharField(required=False, allow_null=True, max_length=RatingLevel._meta.get_field("slug").max_length,
                             help_text="For rate: a slug of the rating scale (GET /api/ratings/).")
    summary = StrictCharField(required=False, allow_blank=True, max_length=SUMMARY_MAX_LENGTH,
                              help_text="For rate: the explanation.")
    evidence = EvidenceInputSerializer(many=True, required=False, help_text="For rate.")
    note = StrictCharField(required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH,
                           help_text="Required for reopen.")


