"""Claimant names: the final guard every claimant passes, how a name is cut out of a phrase, and one
claimant per person in an article (`NameBook`, `merge_subforms`, `is_generic_description`).

A claimant holds no control, format, surrogate or private-use character, does not start with a
function or time word (CLAIMANT_STOP_WORDS, save the lower-case group form "the bank"), and appears
in the body as whole words, compared case-insensitively with white space collapsed; else it is its
longest contiguous part that does, else None.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

# A subject longer than this many words is not a speaker's name.
MAX_SUBJECT_WORDS = 7

# Lower-case words kept inside names ("Bank of England", "Federico de Jesus"), never at their ends.
NAME_CONNECTORS = frozenset("of for and de da del della der di du dos van von bin ibn al".split())
# A claimant never starts with one of these: function words and time words ("But Mizrahi", "On Asian",
# "Saturday", "The"). "May" is left out (Theresa May), and so are "he"/"she" (the surname He).
CLAIMANT_STOP_WORDS = frozenset(
    (
        "a an the and but or nor so yet if as at on in by for from to of with into onto over under after before "
        "since during about against among amid between through until unless upon via per than like unlike despite "
        "throughout toward towards within without across along around behind beyond near off out up down "
        "when while where whereas whether although though because once then also however meanwhile moreover "
        "furthermore thus hence still even only just not no yes this that these those such there here "
        "his her its their our my your some many several most other another each every all any both either neither "
        "few whose which who whom what why how "
        "monday tuesday wednesday thursday friday saturday sunday january february march april june july august "
        "september october november december jan feb mar apr jun jul aug sep sept oct nov dec "
        "yesterday today tonight tomorrow earlier later last next recently currently previously now"
    ).split()
)
# Characters a claimant never holds (control, format, surrogate, private use), whatever the body holds.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})


def possessive_free(word: str) -> str:
    if word[-1:] not in ("s", "’", "'"):
        return word  # most words: no possessive to look for
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _collapsed(text: str) -> str:
    return " ".join(text.split()).casefold()


# A maximal run of letters and digits (str.isalnum, which is what \\w is, less the underscore).
_WORD_RUN = re.compile(r"[^\W_]+")


class _WordIndex:
    """Where each run of letters and digits of a text starts, so that a phrase is found as whole words
    by looking only where its rarest run occurs: scanning the text for each name made a 5 MB article,
    with thousands of names, quadratic."""

    def __init__(self, text: str):
        self.text = text
        self.starts: dict[str, list[int]] = defaultdict(list)
        for run in _WORD_RUN.finditer(text):
            self.starts[run.group()].append(run.start())

    def occurs_as_words(self, wanted: str) -> bool:
        """`wanted` occurs in the text and neither runs on into a letter or digit at either end."""
        if not wanted:
            return False
        text = self.text
        bounded_start, bounded_end = wanted[0].isalnum(), wanted[-1].isalnum()
        runs = list(_WORD_RUN.finditer(wanted))
        if runs:
            # Where `wanted` occurs so bounded, each of its runs is a whole run of the text too.
            rarest = min(runs, key=lambda run: len(self.starts.get(run.group(), ())))
            candidates = (at - rarest.start() for at in self.starts.get(rarest.group(), ()))
        else:
            candidates = _find_all(wanted, text)
        for start in candidates:
            end = start + len(wanted)
            if start < 0 or not text.startswith(wanted, start):
                continue
            if not (bounded_start and start and text[start - 1].isalnum()) and not (
                bounded_end and end < len(text) and text[end].isalnum()
            ):
                return True
        return False


def _find_all(wanted: str, text: str):
    start = text.find(wanted)
    while start != -1:
        yield start
        start = text.find(wanted, start + 1)


def _has_forbidden_character(word: str) -> bool:
    return not word.isprintable() and any(unicodedata.category(c) in _FORBIDDEN_CATEGORIES for c in word)


class ClaimantGuard:
    """The last word on every claimant of one body: `clean(name)` is the name, a contiguous part of it, or None."""

    def __init__(self, body: str):
        # One index, of the body as names are compared with it: wire copy breaks names across lines
        # ("BP North America\nInc"), so a verbatim index first made two indexes of many bodies.
        self._collapsed_body = _WordIndex(_collapsed(body))
        self._cleaned: dict[str, str | None] = {}

    def appears(self, words: list[str]) -> bool:
        """The words occur in the body as whole words, case-insensitively, with white space collapsed."""
        return self._collapsed_body.occurs_as_words(_collapsed(" ".join(words)))

    def acceptable(self, words: list[str]) -> bool:
        first = possessive_free(words[0].rstrip(".,")).lower()  # "That's" is "that"
        if first in CLAIMANT_STOP_WORDS and not _is_group_form(words):
            return False
        if words[0][:1].islower() and not (_is_group_form(words) or _is_particle_name(words) or _is_partitive(words)):
            return False  # "claims the Colombian president": a lower-case word opens no name
        if words[-1] in NAME_CONNECTORS or not any(c.isalnum() for w in words for c in w):
            return False
        return self.appears(words)

    def clean(self, name: str | None) -> str | None:
        """The name if it may be a claimant of this body, else its longest contiguous part that may, else None.

        Of equally long parts the rightmost wins (an English name ends on its head word); a word with a
        forbidden character is never part of one.
        """
        if not name:
            return None
        if name not in self._cleaned:
            self._cleaned[name] = self._clean(name.split())
        return self._cleaned[name]

    def _clean(self, words: list[str]) -> str | None:
        if not words:
            return None
        if not any(map(_has_forbidden_character, words)) and self.acceptable(words):
            return " ".join(words)
        runs: list[list[str]] = [[]]
        for word in words:
            if _has_forbidden_character(word):
                runs.append([])
            else:
                runs[-1].append(word)
        for size in range(min(max(map(len, runs)), MAX_SUBJECT_WORDS), 0, -1):
            for run in reversed(runs):
                for first in range(len(run) - size, -1, -1):
                    part = run[first : first + size]
                    if part != words and self.acceptable(part):
                        return " ".join(part)
        return None


_NAME_PARTICLES = frozenset("de da di du del della van von der den bin ibn al el la le".split())


def _is_particle_name(words: list[str]) -> bool:
    """"de Blasio", "van der Leyen": a name that opens with its lower-case particle."""
    return words[0] in _NAME_PARTICLES and len(words) > 1 and any(w[:1].isupper() for w in words[1:])


def _is_partitive(words: list[str]) -> bool:
    """"one of the Pentagon officials": some of a group, as the article names them."""
    return len(words) > 2 and words[1] == "of" and words[0] in {"one", "two", "three", "some", "several", "many", "most"}


def _is_group_form(words: list[str]) -> bool:
    """"the bank", "the colombian leader": the claimant made on purpose for a group or role noun."""
    return words[0] == "the" and len(words) > 1 and not any(w[:1].isupper() for w in words[1:])


def clean_claimant(name: str | None, body: str) -> str | None:
    """`name` as a claimant of `body`: itself, its longest contiguous part that may be one, or None.

    A claimant holds no control, format, surrogate or private-use character, does not start with a
    word of CLAIMANT_STOP_WORDS (save the lower-case group form "the bank"), and appears in the body
    as whole words, compared case-insensitively with white space collapsed.
    """
    return ClaimantGuard(body).clean(name)


def _connects(words: list[str], i: int) -> bool:
    """words[i] is a lower-case word inside a name: "of", "de", or "the" after "of" ("Chancellor of the Exchequer")."""
    return words[i] in NAME_CONNECTORS or (words[i] == "the" and i > 0 and words[i - 1] == "of")


def name_run(words: list[str]) -> list[str]:
    """The name in a subject phrase: one contiguous run of capitalised words (and connectors inside them).

    After a descriptor the name at the end is the head ("Fed chairman Alan Greenspan" -> "Alan Greenspan");
    otherwise the longest run, the first of equals ("Economists polled by Reuters" -> "Economists").
    """
    runs: list[tuple[int, int]] = []
    start = None
    for i, word in enumerate([*words, ""]):
        if word[:1].isupper() or (start is not None and word and _connects(words, i)):
            start = i if start is None else start
            continue
        if start is not None:
            end = i
            while _connects(words, end - 1):  # "Robert Rubin and" -> "Robert Rubin"
                end -= 1
            while start < end and possessive_free(words[start].rstrip(".,")).lower() in CLAIMANT_STOP_WORDS:
                start += 1
            if start < end:
                runs.append((start, end))
        start = None
    if not runs:
        return []
    last_start, last_end = runs[-1]
    if len(runs) > 1 and last_end == len(words) and words[last_start - 1].lower() not in CLAIMANT_STOP_WORDS:
        return words[last_start:last_end]
    first, end = max(runs, key=lambda run: run[1] - run[0])
    return words[first:end]




# ---------------------------------------------------------------------------------------------
# One claimant per person within an article, and no generic descriptions.

# Titles dropped from a claimant before its name ("President Gustavo Petro" -> "Gustavo Petro"), and the
# role words of generic descriptions. Lower-cased, full stops stripped.
TITLE_WORDS = frozenset(
    "mr mrs ms mx miss dr prof professor sen senator rep representative gov governor president vice minister "
    "prime secretary chancellor general gen judge justice mayor ambassador chairman chairwoman ceo premier "
    "commissioner director king queen pope rev sir dame lord lady former then-president spokesman spokeswoman "
    "spokesperson attorney lt col sgt capt adm maj supt det insp".split()
)
# A description is GENERIC when, determiners dropped, it is one or two lower-case words ending in one of
# these: "the company", "officials", "the report", "a spokesman", "company spokesman", "senior officials".
GENERIC_NOUNS = frozenset(
    "company companies firm group report study statement survey poll data official officials spokesman "
    "spokeswoman spokesperson source sources analyst analysts expert experts economist economists authorities "
    "government ministry department agency bank court police administration campaign committee commission "
    "union party military army people residents witnesses critics observers researchers scientists "
    "investigators prosecutors lawyers diplomats aides advisers advisors insiders dealers traders executives "
    "executive newspaper paper officer officers leaders members embassy office statement letter filing "
    "prospectus announcement release plan sources owner owners board management prosecutors doctors activists "
    "campaigners opponents supporters voters lawmakers ministers judge judges"
    " ministry".split()
)
GENERIC_NOUNS = GENERIC_NOUNS | {w[:-1] for w in GENERIC_NOUNS if w.endswith("s")} | {w + "s" for w in GENERIC_NOUNS}
_GENERIC_DETERMINERS = frozenset("the a an some many several other most two three one of these those its their his her".split())
# What a generic noun resolves to in the article: the nearest preceding name with one of these words.
_ORGANISATION_WORDS = {
    "company": "Inc Corp Co Ltd Plc PLC Company Corporation Group AG NV SA SpA LLC Holdings Industries Cos Bancorp",
    "firm": "Inc Corp Co Ltd Plc PLC Company Corporation Group AG NV SA LLC Holdings",
    "group": "Group Inc Corp Co Ltd Plc PLC Holdings",
    "bank": "Bank Bancorp Banque",
    "ministry": "Ministry",
    "agency": "Agency",
    "department": "Department",
    "court": "Court",
    "commission": "Commission",
    "committee": "Committee",
    "union": "Union",
    "party": "Party",
    "embassy": "Embassy",
    "board": "Board",
    "administration": "Administration",
    "newspaper": "Times Post Journal News Herald Tribune",
    "paper": "Times Post Journal News Herald Tribune",
}
# Two to six capitalised words (one word is no full name and no organisation to resolve to).
_NAME_RUN = re.compile(r"\b[A-Z][\w.’'&-]*(?:[ \t]+(?:(?:of|de|del|da|du|van|von|bin|al)[ \t]+)?[A-Z][\w.’'&-]*){1,5}")
# Names whose words are these are institutions, not a person's full name ("Senate Democrats").
_INSTITUTION_WORDS = frozenset(
    "house senate party committee department state states national republican republicans democratic democrat "
    "democrats united new american federal city county court university college institute foundation "
    "bank group company corp inc co ltd association council news times post journal campaign office report "
    "organization street north south east west supreme congress gop".split()
)


_NO_FULL_NAME_WORDS = _INSTITUTION_WORDS | TITLE_WORDS


def is_generic_description(name: str) -> bool:
    """"the company", "officials", "a spokesman", "company spokesman": no name, only a description."""
    words = name.split()
    while words and words[0].lower() in _GENERIC_DETERMINERS:
        words = words[1:]
    if not words or len(words) > 2 or any(w[:1].isupper() for w in words[1:]):
        return False
    if len(words) == 2 and words[0][:1].isupper():
        return False  # "Pentagon officials"
    return words[-1].lower() in GENERIC_NOUNS


def _bare(word: str) -> str:
    return possessive_free(word.strip(",;:()[]\"“”‘’")).rstrip(".").lower()


def without_titles(words: list[str]) -> list[str]:
    """The name after the last title word ("Colombian President Gustavo Petro" -> "Gustavo Petro"), if one follows."""
    last_title = -1
    for i, word in enumerate(words):
        if _bare(word) in TITLE_WORDS and i < len(words) - 1:
            last_title = i
    rest = words[last_title + 1 :]
    if rest and rest[0] in NAME_CONNECTORS and last_title >= 0:
        # "Chancellor of the Exchequer Nigel Lawson": the title runs on; the name is its last two words
        rest = [w for w in rest[-2:] if w[:1].isupper()] if rest[-1][:1].isupper() else []
    while rest and _bare(rest[0]) in CLAIMANT_STOP_WORDS:
        rest = rest[1:]
    return rest if rest and rest[0][:1].isupper() else words


class NameBook:
    """The fullest name of each person or body an article names, to make one claimant of one person.

    Built on first use from runs of capitalised words of the body, titles dropped ("Mayor Anna Vries"
    -> "Anna Vries"). A claimant of one word is the earliest full name (two to four words, no
    institution word) that ends with it ("Petro" -> "Gustavo Petro"), else that starts with it ("Anna"
    -> "Anna Vries"); titles are dropped from every claimant first ("President Petro" -> "Petro").
    """

    def __init__(self, body: str):
        self.body = body
        self._by_last: dict[str, str] | None = None
        self._by_first: dict[str, str] = {}
        self._organisations: list[tuple[int, str]] = []

    def _build(self) -> None:
        self._by_last = {}
        for match in _NAME_RUN.finditer(self.body):
            words = match.group().split()
            for i, word in enumerate(words[:-1]):
                if word.endswith(".") and len(word) > 3 and "." not in word[:-1] and _bare(word) not in TITLE_WORDS:
                    words = words[: i + 1]  # "Ikea. Forbes": a full stop ends the name
                    break
            words[-1] = possessive_free(words[-1])
            while words and _bare(words[0]) in CLAIMANT_STOP_WORDS:
                words = words[1:]
            if not words:
                continue
            self._organisations.append((match.start(), " ".join(words)))
            name = without_titles(words)
            if not 2 <= len(name) <= 4 or any(_bare(w) in _NO_FULL_NAME_WORDS for w in name):
                continue
            if name[-1].rstrip(".").isupper() and len(name[-1]) > 1:
                continue  # "Fujitsu LTD", "GM <GM>": an acronym ends organisations, not people
            full = " ".join(name)
            self._by_last.setdefault(name[-1].lower(), full)
            self._by_first.setdefault(name[0].lower(), full)

    def fullest(self, claimant: str) -> str:
        words = without_titles(claimant.split())
        if len(words) != 1 or not words[0][:1].isupper():
            return " ".join(words)
        if self._by_last is None:
            self._build()
        key = possessive_free(words[0]).lower()
        return self._by_last.get(key) or self._by_first.get(key) or words[0]

    def organisation_before(self, noun: str, position: int) -> str | None:
        """The nearest name before `position` that a generic noun stands for ("the company" -> "Fujitsu Ltd"), or None."""
        noun = noun.lower()
        wanted = _ORGANISATION_WORDS.get(noun) or _ORGANISATION_WORDS.get(noun[:-1] if noun.endswith("s") else noun)
        if not wanted:
            return None
        if self._by_last is None:
            self._build()
        suffixes = set(wanted.split())
        for start, name in reversed(self._organisations):
            if start >= position:
                continue
            words = [w.rstrip(".,") for w in name.split()]
            if len(words) >= 2 and suffixes.intersection(words):
                return name
        return None


def is_name(claimant: str) -> bool:
    """Every word capitalised or a connector inside a name ("Bank of England"): a name, not a description."""
    words = claimant.split()
    return bool(words) and all(w[:1].isupper() or w in NAME_CONNECTORS or w == "the" for w in words)


def merge_subforms(claimants: list[str | None]) -> list[str | None]:
    """Within one article, a claimant whose words are a strict sub-sequence of a longer NAME's becomes that
    name ("Petro" -> "Gustavo Petro"; "Clinton" stays beside "Clinton supporters", a description).

    Of several longer names the longest wins.
    """
    distinct = list(dict.fromkeys(c for c in claimants if c))
    forms = {c: [possessive_free(w).rstrip(".,").lower() for w in c.split()] for c in distinct}
    names = {c for c in distinct if is_name(c)}

    def within(short: list[str], long: list[str]) -> bool:
        it = iter(long)
        return all(w in it for w in short)

    target: dict[str, str] = {}
    for name in distinct:
        longer = [o for o in names if len(forms[o]) > len(forms[name]) and within(forms[name], forms[o])]
        if longer:
            target[name] = max(longer, key=lambda o: len(forms[o]))
    for name in list(target):  # follow chains to the longest form
        seen = {name}
        while target[name] in target and target[name] not in seen:
            seen.add(target[name])
            target[name] = target[target[name]]
    return [target.get(c, c) if c else c for c in claimants]
