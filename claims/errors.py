"""Refusals, named once: the exceptions the two roads raise and the messages they carry.

Exceptions (each with a `code` that API clients can rely on):
- `Refused`: the base of every refusal of a request (a move, an edit, a deletion);
- `Forbidden`: the actor lacks a permission or the rule forbids it (the API's 403);
- `Conflict`: the thing is not in a state that allows it (409);
- `Stale`: the client's version is out of date (409 / 412);
- `Protected`: it is part of the record and cannot be deleted (409);
- `AnalysisError`, `SeedFileError`: ingest could not analyse an article, or read a file.
Messages are constants, grouped by what they are about, so that tests and clients can match them.
"""

from pathlib import Path


class Refused(Exception):
    """A request that ClaimTracker will not carry out. `code` is stable for API clients."""

    code = "refused"


class Conflict(Refused):
    """`action` cannot be done to a claim that is `from_status`."""

    code = "move_not_allowed"

    def __init__(self, action: str, from_status: str, reason: str):
        self.action, self.from_status, self.reason = action, from_status, reason
        super().__init__(f"Cannot {action} a claim that is {from_status}: {reason}")


class Forbidden(Refused):
    code = "permission_denied"

    def __init__(self, action: str, reason: str):
        self.action, self.reason = action, reason
        super().__init__(f"You may not {action} this claim: {reason}")


class Stale(Refused):
    code = "stale_version"

    def __init__(self, *, expected: int, current: int, status: str):
        self.expected, self.current, self.status = expected, current, status
        super().__init__(
            f"The claim has changed since you loaded it (your version {expected}, current version "
            f"{current}, status {status}). Reload it and try again."
        )


class Protected(Refused):
    code = "delete_refused"


class AnalysisError(Exception):
    """Extraction or language detection raised on an article: a defect to fix, reported, never stored half-way."""

    code = "analysis_failed"
    MESSAGE = "The article could not be analysed ({problem}); nothing was stored."

    def __init__(self, problem: str, trace: str = ""):
        super().__init__(self.MESSAGE.format(problem=problem))
        self.problem, self.trace = problem, trace


class SeedFileError(Exception):
    """A seed file that cannot be loaded: which file, which line, and why."""

    def __init__(self, path: Path, line: int | None, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


class WorkflowMessage:
    """Why a workflow move is refused."""

    WRONG_STATUS = "allowed only from {sources}"
    NO_PERMISSION = "your account lacks the permission {permission}"
    OWN_VERDICT = "a verdict must be published by someone other than the reviewer who wrote it"
    RATING_REQUIRED = "A rating is required."
    RATING_INVALID = "{rating!r} is not a rating; choose one of {choices}."
    SUMMARY_REQUIRED = "A summary explaining the rating is required."
    NOTE_REQUIRED = "A note saying why is required."
    # The limits on what a move takes (their numbers: the *_MAX_* constants of claims/review/workflow.py).
    SUMMARY_TOO_LONG = "The summary is {length} characters long; the limit is {limit}."
    NOTE_TOO_LONG = "The note is {length} characters long; the limit is {limit}."
    EVIDENCE_TOO_MANY = "{count} evidence items were given; a verdict takes at most {limit}."
    # One evidence item's problem: "Evidence 2, url: ..." (field is url, title, excerpt or stance).
    EVIDENCE_ITEM = "Evidence {number}, {field}: {message}"
    EVIDENCE_DUPLICATE_URL = "the same URL as evidence {first}; give each source once."
    EVIDENCE_URL_INVALID = "Enter a valid URL. Evidence is an http or https address."
    TEXT_TOO_LONG = "{length} characters long; the limit is {limit}."


class EditMessage:
    """Why a hand-made claim or an edit is refused."""

    SPAN_TAKEN = "The article already has a claim at {start}:{end} (claim {id})."
    PUBLISHED = "A published claim cannot be edited; reopen it first."
    VERDICT_ON_TEXT = "The claim's verdict judges this text; reopen the claim to change its span."


class SpanMessage:
    """Why a claim span does not fit its article."""

    START_NEGATIVE = "start must be 0 or more."
    EMPTY = "end must be greater than start."
    OUT_OF_RANGE = "end ({end}) is past the end of the article body ({length} characters)."
    INSIDE_GRAPHEME = ("{field} ({position}) falls inside a character as readers see it (a letter with its accent, "
                       "or an emoji sequence); move it before or after.")
    TEXT_MISMATCH = "text does not match the article body at {start}:{end} (the body there reads {actual!r})."


class DeleteMessage:
    CLAIM_REVIEWED = "only unreviewed or dismissed claims can be deleted; dismiss it instead"
    ARTICLE_REVIEWED = (
        "Article {id} has claims in review, reviewed or published ({count}); it cannot be deleted."
    )


class IngestMessage:
    """Why an article is refused."""

    TITLE_REQUIRED = "The article has no title."
    BODY_REQUIRED = "The article has no body."
    TITLE_TOO_LONG = "The title is {length} characters long; the limit is {limit}."
    TOO_LARGE = "The article is {size} bytes; the limit is {limit} bytes."
    NUL_BYTE = "The text contains NUL bytes, which are not text."
    SURROGATE = "The text contains a lone surrogate (U+{code:04X}), which is not text."
    URL_TAKEN = "Another article (id {id}) already has this URL."
    URL_TAKEN_IN_RUN = "The article at {where} has this URL already."
    URL_INVALID = "Enter a valid URL."  # Django's words, as before; http and https only
    LANGUAGE_INVALID = "{language!r} is not an ISO 639-1 language code."
    DATETIME_OUT_OF_RANGE = "Enter a date-time between the years 1 and 9999 with a UTC offset of at most 14 hours."


class SeedFileMessage:
    """Why a seed file cannot be loaded."""

    MISSING = "no such file or folder"
    UNSUPPORTED = "unsupported file type; use .txt, .json or .jsonl"
    TOO_LARGE = "file is {size} bytes; the limit is {limit} bytes"
    RECORD_TOO_LARGE = "this article's JSON is over {limit} characters; an article's limit is {bytes} bytes"
    NOT_UTF8 = "not valid UTF-8 text (byte 0x{byte:02x} at column {column})"
    NUL_BYTE = "contains a NUL byte: this is binary data, not text"
    EMPTY = "file is empty"
    NO_BODY = "the title {title!r} has no body after it"
    INVALID_JSON = "invalid JSON: {reason}"
    NOT_OBJECT = "expected a JSON object with title and body, got {kind}"
    FIELD_MISSING = "the article has no {field!r}"
    FIELD_NOT_TEXT = "{field!r} must be a string, got {kind}"
    BAD_DATE = "published_at {value!r} is not an ISO 8601 date or date-time"
    AFTER_LIST = "invalid JSON: expected ',' or ']' after an article"
    EXTRA_DATA = "invalid JSON: extra data after the end of the document"
