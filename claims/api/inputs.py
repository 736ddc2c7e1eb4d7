"""The API's request bodies: each validated by its own serializer, unknown fields refused."""

from collections.abc import Mapping

from rest_framework import serializers

from claims.models import Article, ClaimAction, ClaimKind, Evidence, Rating, Stance
from claims.review.workflow import TRANSITIONS


MAX_INT = 2**31 - 1


class InputMessage:
    """Messages of the input serializers (named so that tests can check them)."""

    UNKNOWN_FIELD = "Unknown field."
    FIXED_AFTER_CREATION = (
        "The {field} cannot be changed after the article was created: claims point into the body "
        "and the content hash identifies the article. Post the new version as a new article."
    )
    VERSION_CONFLICT = "The version in the body ({body}) and in If-Match ({header}) differ."


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
    title = serializers.CharField(trim_whitespace=False)
    body = serializers.CharField(trim_whitespace=False)
    url = serializers.CharField(required=False, allow_null=True, allow_blank=True,
                                max_length=Article._meta.get_field("url").max_length)
    source = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=200,
                                   help_text="The outlet's name.")
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    language = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=8,
                                     help_text="ISO 639-1 code of the body; detected when not given.")


class ArticleUpdateSerializer(StrictInputMixin, serializers.Serializer):
    fixed_fields = ("title", "body")

    url = serializers.URLField(required=False, allow_null=True, allow_blank=True,
                               max_length=Article._meta.get_field("url").max_length)
    source = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=200,
                                   help_text="The outlet's name; empty to clear.")
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    language = serializers.RegexField(r"^[a-z]{2}$", required=False, allow_blank=True,
                                      help_text="ISO 639-1 code of the body.")


class ClaimCreateSerializer(StrictInputMixin, serializers.Serializer):
    article = serializers.PrimaryKeyRelatedField(queryset=Article.objects.all())
    start = serializers.IntegerField(min_value=0, max_value=MAX_INT)
    end = serializers.IntegerField(min_value=0, max_value=MAX_INT)
    text = serializers.CharField(required=False, trim_whitespace=False,
                                 help_text="Optional; must equal the body between start and end.")
    claimant = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=200,
                                     help_text="Who makes the claim (a name).")
    kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False)
    check_worthiness = serializers.FloatField(required=False, min_value=0.0, max_value=1.0,
                                              help_text="Scored by the extraction model when not given.")
    note = serializers.CharField(required=False, allow_blank=True)


class VersionedInputMixin(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_INT,
        help_text="The version you loaded; a stale one answers 409. The If-Match header works too.")


class ClaimUpdateSerializer(StrictInputMixin, VersionedInputMixin):
    start = serializers.IntegerField(required=False, min_value=0, max_value=MAX_INT)
    end = serializers.IntegerField(required=False, min_value=0, max_value=MAX_INT)
    claimant = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=200,
                                     help_text="Who makes the claim (a name); null or empty to clear.")
    kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class EvidenceInputSerializer(StrictInputMixin, serializers.Serializer):
    url = serializers.CharField(max_length=Evidence._meta.get_field("url").max_length)
    title = serializers.CharField(required=False, allow_blank=True,
                                  max_length=Evidence._meta.get_field("title").max_length)
    excerpt = serializers.CharField(required=False, allow_blank=True)
    stance = serializers.ChoiceField(choices=Stance.choices, required=False)


class TransitionSerializer(StrictInputMixin, VersionedInputMixin):
    action = serializers.ChoiceField(choices=[(action, ClaimAction(action).label) for action in TRANSITIONS])
    rating = serializers.ChoiceField(choices=Rating.choices, required=False, allow_null=True,
                                     help_text="For rate.")
    summary = serializers.CharField(required=False, allow_blank=True, help_text="For rate: the explanation.")
    evidence = EvidenceInputSerializer(many=True, required=False, help_text="For rate.")
    note = serializers.CharField(required=False, allow_blank=True, help_text="Required for reopen.")


