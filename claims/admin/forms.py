"""Forms of the reviewer workspace in the admin. They collect input; the services decide."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from claims.errors import EditMessage, Stale
from claims.models import Claim, ClaimStatus, Stance, span_errors
from claims.review.ratings import rating_choices
from claimtracker.numbers import ascii_digits


def whole_number(value: str) -> int | None:
    """An id or offset a client sent: ASCII digits ("²" is a digit to str.isdigit), and below 10**9."""
    return int(value) if ascii_digits(value) and len(value) < 10 else None


class AdminMessage:
    """Messages of the admin that tests match."""

    STALE = "This claim was changed by someone else after you opened it (your version {expected}, now {current}). Nothing was saved; reload the page and try again."
    PUBLISHED = EditMessage.PUBLISHED


PICK_FIRST = "Select the claim's text in the article first."


class VersionField(forms.IntegerField):
    """The claim's version when the page was rendered, sent back to refuse stale forms."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)


class ClaimAdminForm(forms.ModelForm):
    """Hand edits of a claim. Status, rating and version are not fields: only the workflow sets them.

    A new span re-takes the text from the article body; an out-of-range span is refused.
    """

    version = VersionField(required=False)

    class Meta:
        model = Claim
        fields = ["article", "start", "end", "claimant", "kind"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
            # What the page shows of the claim is what is stored, whatever a refused form put on the instance.
            self.instance.stored_span = (self.instance.start, self.instance.end)
        elif not self.is_bound:  # the span picker of a new claim shows the chosen article and the span so far
            # (a posted form's valid values reach the instance through validation)
            for name, attribute in (("article", "article_id"), ("start", "start"), ("end", "end")):
                value = str(self.initial.get(name) or "")
                if whole_number(value) is not None:
                    setattr(self.instance, attribute, whole_number(value))

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            expected = cleaned.get("version")
            if expected is not None and expected != self.instance.version:
                raise ValidationError(
                    AdminMessage.STALE.format(expected=expected, current=self.instance.version), code=Stale.code)
            if self.instance.status == ClaimStatus.PUBLISHED and self.has_changed_content():
                raise ValidationError(AdminMessage.PUBLISHED, code="published")
        article = cleaned.get("article") or (self.instance.article if self.instance.pk else None)
        start, end = cleaned.get("start"), cleaned.get("end")
        if article is not None and start is not None and end is not None:
            errors = span_errors(article.body, start, end, None)
            if errors:
                raise ValidationError(errors)
            # The model's own clean() compares text with the body; the text follows the span.
            self.instance.text = article.body[start:end]
        return cleaned

    def _update_errors(self, errors):
        # The model's clean() judges its text, which is no field here: with start or end refused, a text
        # mismatch only repeats that; otherwise it is the form's error, never a 500 (Django's add_error).
        stray = [name for name in getattr(errors, "error_dict", {}) if name != NON_FIELD_ERRORS and name not in self.fields]
        for name in stray:
            messages = errors.error_dict.pop(name)
            if not self._errors:
                self.add_error(None, messages)
        super()._update_errors(errors)

    def _post_clean(self):
        super()._post_clean()
        # Picked by selecting text, start and end (and the article picked in) are hidden: their errors
        # belong to the selection, shown above the form.
        for name in ("article", "start", "end"):
            if name in self.fields and isinstance(self.fields[name].widget, forms.HiddenInput) and name in self._errors:
                for error in self._errors.pop(name).as_data():
                    if name == "article":
                        self.add_error(None, f"The article: {' '.join(error.messages)}")
                    else:
                        self.add_error(None, PICK_FIRST if error.code == "required" else
                                       f"The selected text does not make a claim: {' '.join(error.messages)}")

    def has_changed_content(self) -> bool:
        return bool(self.content_changes())

    def content_changes(self) -> list[str]:
        return [name for name in ("start", "end", "claimant", "kind") if name in self.changed_data]


class TransitionForm(forms.Form):
    """A workflow move with an optional note (start, release, publish, restore, dismiss)."""

    version = VersionField()
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
                           help_text="Optional: why, for the history.")

    def service_kwargs(self) -> dict:
        return {"expected_version": self.cleaned_data["version"], "note": self.cleaned_data["note"]}


class ReopenForm(TransitionForm):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
                           help_text="Required: why the verdict goes back to review.")


def _rating_choices():
    return [("", "---------"), *rating_choices()]


class RateForm(TransitionForm):
    rating = forms.ChoiceField(choices=_rating_choices)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
                              help_text="The explanation a reader sees.")
    field_order = ["rating", "summary", "note"]

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "rating": self.cleaned_data["rating"],
                "summary": self.cleaned_data["summary"]}


class EvidenceForm(forms.Form):
    url = forms.URLField(max_length=2000, label="URL", assume_scheme="https")
    title = forms.CharField(max_length=500, required=False)
    excerpt = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 40}))
    stance = forms.ChoiceField(choices=Stance.choices, initial=Stance.CONTEXT)


EvidenceFormSet = forms.formset_factory(EvidenceForm, extra=3)


def evidence_rows(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if form.cleaned_data]


class BulkRateForm(forms.Form):
    """The intermediate page of the bulk "rate" action: one rating and summary for all."""

    rating = forms.ChoiceField(choices=_rating_choices)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
                              help_text="Shared by every selected claim.")
    evidence_url = forms.URLField(max_length=2000, required=False, label="Evidence URL", assume_scheme="https")
    evidence_title = forms.CharField(max_length=500, required=False, label="Evidence title")

    def evidence(self) -> list[dict]:
        url = self.cleaned_data.get("evidence_url")
        return [{"url": url, "title": self.cleaned_data.get("evidence_title", "")}] if url else []


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return " ".join(f"{field}: {' '.join(messages_)}" for field, messages_ in error.message_dict.items())
        return " ".join(error.messages)
    return str(error)
