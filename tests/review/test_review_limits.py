"""The workflow's limits on what a move takes (issue 13, findings 10 and 11).

The limits live in the workflow service, so the API, the admin's pages and its bulk actions share
them: these tests call the service itself.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings, strategies as st

from claims.errors import WorkflowMessage
from claims.models import Claim, ClaimAction, ClaimStatus, Evidence, Rating, Verdict
from claims.review import workflow

S = ClaimStatus
pytestmark = pytest.mark.django_db

MAX_EVIDENCE, MAX_SUMMARY, MAX_NOTE, MAX_TITLE, MAX_EXCERPT = 50, 10_000, 2_000, 500, 5_000


# --- RFC 3986, strictly: what the OpenAPI `format: uri` of the claim's detail promises ---

_UNRESERVED = r"A-Za-z0-9\-._~"
_SUB_DELIMS = r"!$&'()*+,;="
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_USERINFO = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*"
_REG_NAME = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})*"
_IP_LITERAL = r"\[[0-9A-Fa-f:.]+\]"
_AUTHORITY = rf"(?:{_USERINFO}@)?(?:{_IP_LITERAL}|{_REG_NAME})(?::[0-9]*)?"
_QUERY = rf"(?:{_PCHAR}|[/?])*"
RFC3986_URI = re.compile(
    rf"[A-Za-z][A-Za-z0-9+\-.]*://{_AUTHORITY}(?:/{_PCHAR}*)*(?:\?{_QUERY})?(?:#{_QUERY})?")


def is_rfc3986_uri(value: str) -> bool:
    """An absolute URI with an authority, per RFC 3986's ABNF (and rfc3986-validator, when installed)."""
    if not RFC3986_URI.fullmatch(value):
        return False
    try:
        from rfc3986_validator import validate_rfc3986
    except ImportError:
        return True
    return bool(validate_rfc3986(value, rule="URI"))


def test_the_uri_check_itself_refuses_what_the_schema_refuses():
    assert is_rfc3986_uri("https://example.org/a?q=%3Cscript%3E#top")
    for bad in ("https://example.org/a?q=<script>", "https://example.org/a b", "https://example.org/%zz",
                "https://example.org/a#b#c", "https://example.org/caf\u00e9", "https://b\u00fccher.example/"):
        assert not is_rfc3986_uri(bad), bad


# --- helpers ---

def rate(claim, reviewer, **arguments):
    return workflow.claim_rate(claim=claim, actor=reviewer, **{"rating": Rating.FALSE, "summary": "Wrong.",
                                                              **arguments})


def evidence(count: int) -> list[dict]:
    return [{"url": f"https://stats.example/report/{number}", "title": f"Report {number}"}
            for number in range(count)]


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


def assert_nothing_written(claim: Claim, status: str = S.UNREVIEWED, events: int = 0):
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.status == status
    assert fresh.events.count() == events
    if events == 0:
        assert not Verdict.objects.exists() and not Evidence.objects.exists()


# --- finding 10: how much a verdict may carry ---

def test_fifty_evidence_items_are_taken(claim, reviewer):
    rate(claim, reviewer, evidence=evidence(MAX_EVIDENCE))
    assert Evidence.objects.count() == MAX_EVIDENCE


@pytest.mark.parametrize("count", [MAX_EVIDENCE + 1, 2_000])
def test_more_than_fifty_evidence_items_are_refused(claim, reviewer, count):
    errors = refusal(lambda: rate(claim, reviewer, evidence=evidence(count)))
    assert errors == {"evidence": [WorkflowMessage.EVIDENCE_TOO_MANY.format(count=count, limit=MAX_EVIDENCE)]}
    assert_nothing_written(claim)


def test_more_than_fifty_evidence_items_are_refused_from_a_generator_too(claim, reviewer):
    errors = refusal(lambda: rate(claim, reviewer, evidence=(item for item in evidence(MAX_EVIDENCE + 1))))
    assert list(errors) == ["evidence"]
    assert_nothing_written(claim)


def test_identical_evidence_items_are_refused(claim, reviewer):
    item = {"url": "https://stats.example/report", "title": "Report", "excerpt": "Exports fell."}
    errors = refusal(lambda: rate(claim, reviewer, evidence=[item, item, item]))
    assert errors == {"evidence": [
        WorkflowMessage.EVIDENCE_ITEM.format(number=number, field="url",
                                             message=WorkflowMessage.EVIDENCE_DUPLICATE_URL.format(first=1))
        for number in (2, 3)]}
    assert_nothing_written(claim)


@pytest.mark.parametrize("second", [
    "https://stats.example/report?q=%3Cx%3E",  # what the first one is stored as
    "HTTPS://Stats.Example/report?q=<x>",  # scheme and host are case-insensitive
    "  https://stats.example/report?q=%3cx%3e  ",  # lower-case escapes, spaces around
])
def test_evidence_urls_that_are_the_same_after_normalising_are_refused(claim, reviewer, second):
    errors = refusal(lambda: rate(claim, reviewer, evidence=[
        {"url": "https://stats.example/report?q=<x>"}, {"url": second}]))
    assert errors == {"evidence": [WorkflowMessage.EVIDENCE_ITEM.format(
        number=2, field="url", message=WorkflowMessage.EVIDENCE_DUPLICATE_URL.format(first=1))]}
    assert_nothing_written(claim)


def test_different_urls_on_the_same_site_are_taken(claim, reviewer):
    rate(claim, reviewer, evidence=[{"url": "https://stats.example/report"},
                                    {"url": "https://stats.example/report?page=2"},
                                    {"url": "https://stats.example/report#table-3"}])
    assert Evidence.objects.count() == 3


def test_a_summary_at_the_limit_is_taken_and_one_over_it_refused(claim, reviewer, other_reviewer):
    errors = refusal(lambda: rate(claim, reviewer, summary="x" * (MAX_SUMMARY + 1)))
    assert errors == {"summary": [WorkflowMessage.SUMMARY_TOO_LONG.format(length=MAX_SUMMARY + 1,
                                                                          limit=MAX_SUMMARY)]}
    assert_nothing_written(claim)
    rate(claim, reviewer, summary="  " + "x" * MAX_SUMMARY + "  ")  # stored stripped: at the limit
    assert Claim.objects.get(pk=claim.pk).current_verdict.summary == "x" * MAX_SUMMARY


def test_a_megabyte_summary_and_note_are_refused_together(claim, reviewer):
    megabyte = "x" * 1_000_000
    errors = refusal(lambda: rate(claim, reviewer, summary=megabyte, note=megabyte))
    assert set(errors) == {"summary", "note"}
    assert_nothing_written(claim)


def test_every_field_error_of_a_verdict_comes_in_one_refusal(claim, reviewer):
    errors = refusal(lambda: rate(claim, reviewer, rating=None, summary="x" * (MAX_SUMMARY + 1),
                                  note="n" * (MAX_NOTE + 1), evidence=[{"url": "javascript:alert(1)"}]))
    assert set(errors) == {"rating", "summary", "note", "evidence"}
    assert_nothing_written(claim)


@pytest.mark.parametrize(("field", "limit"), [("title", MAX_TITLE), ("excerpt", MAX_EXCERPT)])
def test_evidence_title_and_excerpt_have_limits(claim, reviewer, field, limit):
    too_long = {"url": "https://stats.example/report", field: "x" * (limit + 1)}
    errors = refusal(lambda: rate(claim, reviewer, evidence=[too_long]))
    assert errors == {"evidence": [WorkflowMessage.EVIDENCE_ITEM.format(
        number=1, field=field, message=WorkflowMessage.TEXT_TOO_LONG.format(length=limit + 1, limit=limit))]}
    assert_nothing_written(claim)
    rate(claim, reviewer, evidence=[{"url": "https://stats.example/report", field: "x" * limit}])
    assert len(getattr(Evidence.objects.get(), field)) == limit


def put_in(claim, status, *, reviewer, editor):
    if status in (S.IN_REVIEW, S.REVIEWED, S.PUBLISHED):
        workflow.claim_start(claim=claim, actor=reviewer)
    if status in (S.REVIEWED, S.PUBLISHED):
        rate(claim, reviewer)
    if status == S.PUBLISHED:
        workflow.claim_publish(claim=claim, actor=editor)
    if status == S.DISMISSED:
        workflow.claim_dismiss(claim=claim, actor=reviewer)
    return Claim.objects.get(pk=claim.pk)


@pytest.mark.parametrize(("action", "source"), [
    (ClaimAction.START, S.UNREVIEWED), (ClaimAction.RELEASE, S.IN_REVIEW), (ClaimAction.RATE, S.IN_REVIEW),
    (ClaimAction.PUBLISH, S.REVIEWED), (ClaimAction.REOPEN, S.PUBLISHED), (ClaimAction.DISMISS, S.UNREVIEWED),
    (ClaimAction.RESTORE, S.DISMISSED),
])
def test_every_move_limits_its_note(claim, reviewer, editor, action, source):
    claim = put_in(claim, source, reviewer=reviewer, editor=editor)
    version, events = claim.version, claim.events.count()
    actor = editor if action in (ClaimAction.PUBLISH, ClaimAction.REOPEN) else reviewer
    extra = {"rating": Rating.FALSE, "summary": "Wrong."} if action == ClaimAction.RATE else {}

    errors = refusal(lambda: workflow.claim_transition(claim=claim, actor=actor, action=action,
                                                       note="n" * (MAX_NOTE + 1), **extra))
    assert errors == {"note": [WorkflowMessage.NOTE_TOO_LONG.format(length=MAX_NOTE + 1, limit=MAX_NOTE)]}
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.version, fresh.events.count()) == (source, version, events)

    workflow.claim_transition(claim=claim, actor=actor, action=action, note="n" * MAX_NOTE, **extra)
    assert Claim.objects.get(pk=claim.pk).events.order_by("-id").first().note == "n" * MAX_NOTE


# --- finding 11: evidence URLs are stored as valid URIs ---

@pytest.mark.parametrize(("given_url", "stored"), [
    ("https://example.org/a?q=<script>", "https://example.org/a?q=%3Cscript%3E"),
    ('https://example.org/"quoted"/{x}|^`\\', "https://example.org/%22quoted%22/%7Bx%7D%7C%5E%60%5C"),
    ("https://example.org/a b?c d#e f", "https://example.org/a%20b?c%20d#e%20f"),
    ("https://example.org/caf\u00e9?q=\u00fc", "https://example.org/caf%C3%A9?q=%C3%BC"),
    ("https://b\u00fccher.example/", "https://xn--bcher-kva.example/"),
    ("https://example.org/100%/x?p=50%", "https://example.org/100%25/x?p=50%25"),
    ("https://example.org/a?q=[1]#x#y", "https://example.org/a?q=%5B1%5D#x%23y"),
    # kept as given: existing escapes, reserved characters where they are allowed, ports, user info
    ("https://example.org/a%20b?q=%3C", "https://example.org/a%20b?q=%3C"),
    ("https://example.org/p;v=1/a:b@c/!$&'()*+,=?x=1&y=2/3?#s/?:@",
     "https://example.org/p;v=1/a:b@c/!$&'()*+,=?x=1&y=2/3?#s/?:@"),
    ("http://user@example.org:8080/x", "http://user@example.org:8080/x"),
    ("https://[2001:db8::1]/x", "https://[2001:db8::1]/x"),
])
def test_evidence_urls_are_stored_percent_encoded(claim, reviewer, given_url, stored):
    rate(claim, reviewer, evidence=[{"url": given_url}])
    url = Evidence.objects.get().url
    assert url == stored
    assert is_rfc3986_uri(url)


@pytest.mark.parametrize("bad_url", [
    "not a url", "javascript:alert(1)", "ftp://example.org/file", "mailto:someone@example.org",
    "https://exa mple.org/", "https://<script>.example/", "https://example.org/a\nb", "https://example.org/\x00",
    "https://[not-ipv6/", "//example.org/a", "https:///a", "https://" + "a" * 2_000 + ".example/",
])
def test_what_is_not_an_http_url_is_refused_naming_the_item(claim, reviewer, bad_url):
    errors = refusal(lambda: rate(claim, reviewer, evidence=[{"url": "https://example.org/ok"}, {"url": bad_url}]))
    assert list(errors) == ["evidence"]
    assert len(errors["evidence"]) == 1 and errors["evidence"][0].startswith("Evidence 2, url: ")
    assert_nothing_written(claim)


@pytest.mark.parametrize("bad_url", ["not a url", "javascript:alert(1)", "https://exa mple.org/"])
def test_an_invalid_url_is_refused_with_the_url_message(claim, reviewer, bad_url):
    errors = refusal(lambda: rate(claim, reviewer, evidence=[{"url": bad_url}]))
    assert errors == {"evidence": [WorkflowMessage.EVIDENCE_ITEM.format(
        number=1, field="url", message=WorkflowMessage.EVIDENCE_URL_INVALID)]}


_URL_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=_URL_TEXT, query=_URL_TEXT, fragment=_URL_TEXT)
def test_any_evidence_url_is_refused_or_validated_into_a_valid_uri(path, query, fragment):
    url = f"https://example.org/{path}?{query}#{fragment}"
    try:
        rows = workflow._validated_evidence([{"url": url}])
    except ValidationError as error:
        assert list(error.message_dict) == ["evidence"]
        return
    assert is_rfc3986_uri(rows[0].url), rows[0].url
