"""Who asserts each claim (claimant) and what sort of claim it is (kind), for English news text.

Rules, not a parser: the subject of a reporting verb ("Petro emphasized that ..."), "According to
X, ...", the speaker of a quotation ("..., stating, ‘...’", "‘...,’ she said"), a quotation
continued from the previous sentence, and short references ("he", "the Colombian leader")
resolved to the person named before. None means the outlet itself asserts the claim.

Every claimant passes one final guard, `ClaimantGuard.clean` (`clean_claimant` for a single name):
no control or format characters, no leading function or time word (CLAIMANT_STOP_WORDS), and it
appears in the body (whole words, case-insensitively, white space collapsed) -- else its longest
contiguous part that does, else None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

KINDS = ("quote", "statistic", "event", "attribution", "prediction", "opinion", "other")
# A quotation needs this many words to be speech rather than scare quotes (‘illegal drug trafficker’).
MIN_QUOTATION_WORDS = 4
# A quotation with no speaker of its own keeps the previous one if it fills this share of the sentence.
QUOTE_CARRY_SHARE = 0.6
# A subject longer than this many words is not a speaker's name.
MAX_SUBJECT_WORDS = 7

_ALWAYS_REPORTING = (
    "said|says|say|told|tells|added|adds|wrote|writes|tweeted|posted|stated|states|declared|declares|"
    "insisted|insists|argued|argues|asserted|asserts|alleged|alleges|claimed|claims|warned|warns|"
    "contended|contends|predicted|predicts|estimated|estimates|announced|announces"
)
_REPORTING_WITH_CLAUSE = (
    "emphasized|emphasised|emphasizes|emphasises|stressed|stresses|noted|notes|note|suggested|suggests|"
    "suggest|acknowledged|acknowledges|admitted|admits|confirmed|confirms|denied|denies|explained|"
    "explains|revealed|reveals|maintained|maintains|believe|believes|believed|think|thinks|thought|said|says|say|told|"
    "reported|reports|report|argue|claim|warn|insist|predict|estimate|found|find|finds|show|shows|showed"
)
_PARTICIPLES = "stating|saying|adding|noting|warning|arguing|insisting|claiming|declaring|explaining|writing|telling"
_CLAUSE_OPENERS = "that|he|she|it|they|we|i|the|this|there|his|her|its|their|a|an|if|whether"
_FINITE_VERB = re.compile(
    rf"\b(?:(?P<always>{_ALWAYS_REPORTING})\b(?=\s*[:,]?\s*[\w“\"‘'])"
    rf"|(?P<clause>{_REPORTING_WITH_CLAUSE})(?=\s*:|\s*,?\s*[“\"‘']|\s+(?:{_CLAUSE_OPENERS})\b))",
)
_LOWER_WORD = re.compile(r"[a-z]+")
_REPORTING_WORDS = frozenset(
    f"{_ALWAYS_REPORTING}|{_REPORTING_WITH_CLAUSE}|{_PARTICIPLES}|according".split("|")
)
_PARTICIPLE = re.compile(rf",\s+(?:{_PARTICIPLES})\b(?=\s*(?:that\b|:|,?\s*[“\"‘']))", re.IGNORECASE)
# Quoted text masked by `_outside_quotes`: no phrase taken from masked text crosses it.
_MASK = "\x00"
_ACCORDING_TO = re.compile(r"\baccording to\s+(?P<source>[^,.;:\x00]+)", re.IGNORECASE)
_AFTER_QUOTE = re.compile(
    rf"^[\s,]*(?:(?P<verb_first>{_ALWAYS_REPORTING})\s+(?P<speaker_after>[^,.;:!?]+)"
    rf"|(?P<speaker_before>[^,.;:!?\"“”‘’]+?)\s+(?:(?:also|later|then)\s+)?(?:{_ALWAYS_REPORTING}))\b",
    re.IGNORECASE,
)
_TRAILING_ATTRIBUTION = re.compile(
    rf"(?:,\s+|\x00\s*)(?P<speaker>[^,;:\x00]{{2,60}}?)\s+(?:{_ALWAYS_REPORTING})(?:\s+(?:on|in|at|last)\s+[^,.;]+)?\s*[.!?]?$",
    re.IGNORECASE,
)
_CLAUSE_DELIMITER = re.compile(r"[,;:—–”\"»’]\s|\sthat\s|—")
_ADVERB = re.compile(r"^(?:\w+ly|also|even|then|later|again|once|now|had|has|have|was|were|is|are|repeatedly|both)$", re.IGNORECASE)
_DETERMINER = re.compile(r"^(?:the|a|an|some|many|several|other|most)\s+", re.IGNORECASE)
_TITLE_WORDS = frozenset(
    "president vice prime minister senator sen. rep. representative gov. governor secretary mr. mrs. ms. "
    "dr. chancellor general gen. king queen pope judge justice mayor ambassador leader chairman chairwoman "
    "spokesman spokeswoman spokesperson ceo premier commissioner director chief officer".split()
)
_ROLE_NOUNS = frozenset(
    "president leader minister premier chancellor senator governor mayor secretary ambassador official "
    "spokesman spokeswoman spokesperson king queen pope judge chairman chairwoman chief director".split()
)
_GROUP_NOUNS = frozenset(
    "analysts officials experts sources critics economists observers researchers scientists authorities "
    "police residents witnesses diplomats lawmakers investigators aides advisers advisors prosecutors "
    "doctors activists campaigners opponents supporters people voters leaders ministers government "
    "ministry administration company spokesperson spokesman spokeswoman statement report study data "
    "survey poll court agency department office committee commission union party campaign bank military "
    "army embassy spokesperson insiders".split()
)
_GROUP_NOUNS = _GROUP_NOUNS | {w[:-1] for w in _GROUP_NOUNS if w.endswith("s")} | _ROLE_NOUNS
_NOT_A_SUBJECT = frozenset("whose which who whom where when what it this that there i we you they".split())
_PRONOUNS = frozenset("he she him her".split())
# Lower-case words kept inside names ("Bank of England", "Federico de Jesus"), never at their ends.
_NAME_CONNECTORS = frozenset("of for and de da del della der di du dos van von bin ibn al".split())
_TITLES_BEFORE_NAMES = frozenset(
    "President Senator Sen. Rep. Gov. Governor Minister Secretary Mr. Mrs. Ms. Dr. Chancellor General Gen. "
    "King Queen Pope Judge Justice Mayor Ambassador Premier Commissioner Chairman Chairwoman CEO leader "
    "spokesman spokeswoman Prof. Professor".split()
)
_DEFINITE_ROLE = re.compile(r"^(?:the|this|that)\s+((?:[\w.’'-]+\s+){0,3})(" + "|".join(sorted(_ROLE_NOUNS)) + r")$", re.IGNORECASE)

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

_KIND_WORD = re.compile(r"[a-z0-9%$€£¥']+")
_DIGIT = re.compile(r"\d")
_SUPERLATIVE_OF_PLACE = re.compile(r"(?:world|country|nation|region|continent)['’]s\s+\w+est\b", re.IGNORECASE)
_QUANTITY_WORDS = frozenset(
    "% percent $ € £ ¥ hundred hundreds thousand thousands million millions billion billions trillion trillions "
    "dozen dozens twice double doubled triple tripled half largest biggest highest lowest smallest greatest "
    "fastest most least record".split()
)
_CHANGE_WORDS = frozenset(
    "increase increased increasing decrease decreased rose risen rising fell fallen falling grew grown growing "
    "doubled tripled halved decline declined declining surge surged plunge plunged dropped".split()
)
_COMPARATIVE_WORDS = frozenset("more less fewer higher lower greater smaller bigger larger better worse".split())
_FUTURE_WORDS = frozenset(
    "will won't shall could might may would expects expect forecast forecasts projected predicts predict anticipates".split()
)
_FUTURE_PHRASES = ("going to", "expected to", "likely to", "set to", "poised to")
_OPINION_WORDS = frozenset(
    "represents represent remarkable substantial significant crucial important should must ought unfortunately "
    "clearly obviously arguably seems seem appears appear believes believe think feel hope great terrible good "
    "bad best worst wrong right shameful welcome deserves deserve fair unfair vital essential key".split()
)
_EVENT_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july august "
    "september october november december yesterday today tonight earlier week".split()
)


@dataclass
class Person:
    name: str
    descriptors: set[str] = field(default_factory=set)
    last_seen: int = -1


@dataclass
class ArticleContext:
    """What earlier sentences said: people named, the last quotation's speaker."""

    people: dict[str, Person] = field(default_factory=dict)
    previous_people: list[str] = field(default_factory=list)
    previous_claimant: str | None = None
    previous_ends_with_colon: bool = False
    previous_was_quote: bool = False
    quotation_speakers: dict[int, str | None] = field(default_factory=dict)

    def note_people(self, sentence: str, index: int) -> list[str]:
        """Register people named in the sentence ("Colombian President Gustavo Petro"); return them in order of mention."""
        words = [w.strip(",;:()[]\"“”‘’") for w in sentence.split()]
        ordered: list[str] = []
        for i, word in enumerate(words):
            if word in _TITLES_BEFORE_NAMES:
                name = []
                for following in words[i + 1 : i + 4]:
                    if not following[:1].isupper() or following in _TITLES_BEFORE_NAMES:
                        break
                    name.append(following)
                if not name:
                    continue
                surname = _possessive_free(name[-1]).rstrip(".")
                person = self.people.setdefault(surname, Person(surname))
                person.descriptors.add(word.lower())
                for preceding in reversed(words[max(i - 3, 0) : i]):
                    if not preceding[:1].isupper():
                        break
                    person.descriptors.add(preceding.lower())
            elif word[:1].isupper():
                surname = _possessive_free(word).rstrip(".")
                if surname not in self.people:
                    continue
            else:
                continue
            self.people[surname].last_seen = index
            if surname not in ordered:
                ordered.append(surname)
        return ordered


def _possessive_free(word: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


# "Jane Smith, an economist at the bank, said ...": the appositive is not the subject.
_TRAILING_APPOSITIVE = re.compile(r",\s+(?:a|an|the|who|whose|its|his|her|their)\b[^,]*,\s*$", re.IGNORECASE)


def _subject_before(sentence: str, position: int) -> str:
    """The noun phrase right before a verb at `position`, within its clause (a masked quotation ends one)."""
    prefix = _TRAILING_APPOSITIVE.sub(" ", sentence[:position])  # 'Hemsley, the co-author of "Going Viral," said'
    prefix = prefix[prefix.rfind(_MASK) + 1 :]
    delimiters = list(_CLAUSE_DELIMITER.finditer(prefix))
    if delimiters:
        prefix = prefix[delimiters[-1].end() :]
    words = prefix.split()
    while words and _ADVERB.match(words[-1]):
        words.pop()
    if not words:
        return ""
    if len(words) > MAX_SUBJECT_WORDS:
        trailing: list[str] = []
        for word in reversed(words):
            if not word[:1].isupper():
                break
            trailing.insert(0, word)
        words = trailing
    return " ".join(words).strip(" \"“”‘’'")


def _sentence_subject(sentence: str) -> str:
    """The opening noun phrase of a sentence: capitalised words and a role noun ("The Colombian leader").

    It ends where a masked quotation begins.
    """
    words: list[str] = []
    for word in sentence.split(_MASK, 1)[0].split():
        bare = word.strip(",;:")
        if bare[:1].isupper() or (words and bare.lower() in _ROLE_NOUNS) or (not words and bare.lower() == "the"):
            words.append(bare)
            if bare != word:
                break
        else:
            break
    return " ".join(words)


def _collapsed(text: str) -> str:
    return " ".join(text.split()).casefold()


def _occurs_as_words(wanted: str, text: str) -> bool:
    """`wanted` occurs in `text` and neither runs on into a letter or digit at either end."""
    if not wanted:
        return False
    bounded_start, bounded_end = wanted[0].isalnum(), wanted[-1].isalnum()
    start = text.find(wanted)
    while start != -1:
        end = start + len(wanted)
        if not (bounded_start and start and text[start - 1].isalnum()) and not (
            bounded_end and end < len(text) and text[end].isalnum()
        ):
            return True
        start = text.find(wanted, start + 1)
    return False


def _has_forbidden_character(word: str) -> bool:
    return not word.isprintable() and any(unicodedata.category(c) in _FORBIDDEN_CATEGORIES for c in word)


class ClaimantGuard:
    """The last word on every claimant of one body: `clean(name)` is the name, a contiguous part of it, or None."""

    def __init__(self, body: str):
        self.body = body
        self._collapsed_body: str | None = None  # built on first use: most names are found verbatim
        self._cleaned: dict[str, str | None] = {}

    def appears(self, words: list[str]) -> bool:
        """The words occur in the body as whole words, case-insensitively, with white space collapsed."""
        if _occurs_as_words(" ".join(words), self.body):
            return True
        if self._collapsed_body is None:
            self._collapsed_body = _collapsed(self.body)
        return _occurs_as_words(_collapsed(" ".join(words)), self._collapsed_body)

    def acceptable(self, words: list[str]) -> bool:
        first = _possessive_free(words[0].rstrip(".,")).lower()  # "That's" is "that"
        if first in CLAIMANT_STOP_WORDS and not _is_group_form(words):
            return False
        if words[-1] in _NAME_CONNECTORS or not any(c.isalnum() for w in words for c in w):
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
    return words[i] in _NAME_CONNECTORS or (words[i] == "the" and i > 0 and words[i - 1] == "of")


def _name_run(words: list[str]) -> list[str]:
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
            while start < end and _possessive_free(words[start].rstrip(".,")).lower() in CLAIMANT_STOP_WORDS:
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


class ClaimantResolver:
    def __init__(self, context: ArticleContext, guard: ClaimantGuard):
        self.context = context
        self.guard = guard

    def canonical(self, phrase: str, people_here: list[str]) -> str | None:
        """A claimant name for a subject phrase, or None when it names nobody; always through the guard."""
        return self.guard.clean(self._name(phrase, people_here))

    def _name(self, phrase: str, people_here: list[str]) -> str | None:
        phrase = phrase.strip(" ,;:\"“”‘’'()")
        if not phrase or phrase.isspace():  # "\n" or "\x1c" survive the strip above
            return None
        lowered = phrase.lower()
        if lowered.split()[0] in _NOT_A_SUBJECT:
            return None
        if lowered in _PRONOUNS:
            candidates = people_here or self.context.previous_people
            return candidates[0] if candidates else None
        role = _DEFINITE_ROLE.match(phrase)
        if role:
            return self._resolve_role(role.group(1).lower().split(), role.group(2).lower())
        determiner = _DETERMINER.match(phrase)
        words = phrase[determiner.end() if determiner else 0 :].split()
        if not words:
            return None
        if words[-1].lower() in _GROUP_NOUNS and not words[-1][:1].isupper():
            if len(words) > 1 or words[-1].endswith("s"):
                return " ".join(words)
            # "the ministry" as the body has it; "a spokesman" is just "spokesman"
            with_the = determiner is not None and determiner.group(0).strip().lower() == "the"
            return "the " + words[-1] if with_the else words[-1]
        name_words = [w for w in words if w[:1].isupper() and w.lower() not in _TITLE_WORDS]
        if not name_words:
            return None
        last = _possessive_free(name_words[-1])
        if last in self.context.people:
            return last
        if len(words) >= 2 and words[-2].lower() in _TITLE_WORDS and len(name_words) >= 1:
            return last
        # Organisations and unknown names keep their capitalised words ("Caracol", "White House").
        return " ".join(_name_run(words)) or None

    def _resolve_role(self, modifiers: list[str], role: str) -> str | None:
        people = sorted(self.context.people.values(), key=lambda p: -p.last_seen)
        wanted = set(modifiers)
        matching = [p for p in people if wanted & p.descriptors]
        if not matching:
            matching = [p for p in people if role in p.descriptors] or people
        if matching:
            return matching[0].name
        return " ".join(["the", *modifiers, role])


def _is_speech(body: str, span: tuple[int, int]) -> bool:
    """Speech, not scare quotes: long enough, or closing on punctuation (“It is over,” she said)."""
    quoted = body[span[0] : span[1]]
    return len(quoted.split()) >= MIN_QUOTATION_WORDS or quoted.rstrip("\"'”’»")[-1:] in {",", ".", "!", "?"}


def attribute(body: str, sentences: list[tuple[int, int]], quotations: list[tuple[int, int]]):
    """Yield (claimant, is_quote) for each sentence, in order."""
    context = ArticleContext()
    guard = ClaimantGuard(body)
    resolver = ClaimantResolver(context, guard)
    real_quotes = [q for q in quotations if _is_speech(body, q)]
    quote_index = 0
    results: list[tuple[str | None, bool]] = []
    for index, (start, end) in enumerate(sentences):
        sentence = body[start:end]
        people_here = context.note_people(sentence, index)
        while quote_index < len(real_quotes) and real_quotes[quote_index][1] <= start:
            quote_index += 1
        inside: list[tuple[int, int]] = []
        j = quote_index
        while j < len(real_quotes) and real_quotes[j][0] < end:
            inside.append(real_quotes[j])
            j += 1
        continued = [q for q in inside if q[0] < start]
        claimant: str | None = None
        is_quote = bool(inside)
        if continued:
            claimant = context.quotation_speakers.get(continued[0][0])
        if claimant is None and inside:
            claimant = _quotation_speaker(body, sentence, start, inside, resolver, people_here)
            quoted = sum(min(q[1], end) - max(q[0], start) for q in inside)
            mostly_quoted = quoted >= QUOTE_CARRY_SHARE * (end - start)
            if claimant is None and (context.previous_ends_with_colon or (mostly_quoted and (continued or context.previous_was_quote))):
                claimant = context.previous_claimant
        if claimant is None:
            claimant = _reported_speaker(sentence, start, inside, resolver, people_here)
        claimant = guard.clean(claimant)  # every claimant, whatever path found it
        for quote in inside:
            context.quotation_speakers.setdefault(quote[0], claimant)
        results.append((claimant, is_quote))
        context.previous_people = people_here or context.previous_people
        context.previous_claimant = claimant
        context.previous_ends_with_colon = sentence.rstrip().endswith(":")
        context.previous_was_quote = is_quote and claimant is not None
    return results


def _outside_quotes(sentence: str, offset: int, quotes: list[tuple[int, int]]) -> str:
    """The sentence with quoted text masked, same length, so positions still line up.

    The mask is NUL, not a space: long runs of spaces would make the `\\s*` patterns backtrack.
    Every phrase taken from the masked text stops at the mask (a quotation ends a clause), so no
    masked character ever reaches a claimant.
    """
    characters = list(sentence)
    for quote_start, quote_end in quotes:
        for i in range(max(quote_start - offset, 0), min(quote_end - offset, len(sentence))):
            characters[i] = "\x00"
    return "".join(characters)


def _quotation_speaker(body, sentence, offset, quotes, resolver, people_here) -> str | None:
    quote_start, quote_end = quotes[0]
    after = body[quote_end : offset + len(sentence)]
    match = _AFTER_QUOTE.match(after)
    if match:
        phrase = match.group("speaker_after") or match.group("speaker_before") or ""
        if len(phrase.split()) <= MAX_SUBJECT_WORDS:
            found = resolver.canonical(phrase, people_here)
            if found:
                return found
    # Up to and including the opening quote mark, so "stating, ‘" and "said: “" are seen whole.
    before = sentence[: max(quote_start - offset + 1, 0)]
    participle = _PARTICIPLE.search(before)
    if participle:
        return resolver.canonical(_sentence_subject(before), people_here)
    verb = None
    for verb in _FINITE_VERB.finditer(before):
        pass
    if verb is not None:
        return resolver.canonical(_subject_before(before, verb.start()), people_here)
    return None


def _reported_speaker(sentence, offset, quotes, resolver, people_here) -> str | None:
    if _REPORTING_WORDS.isdisjoint(_LOWER_WORD.findall(sentence.lower())):
        return None  # most sentences: no reporting verb, skip the slower patterns
    text = _outside_quotes(sentence, offset, quotes) if quotes else sentence
    according = _ACCORDING_TO.search(text)
    if according:
        found = resolver.canonical(according.group("source"), people_here)
        if found:
            return found
    participle = _PARTICIPLE.search(text)
    if participle:
        found = resolver.canonical(_sentence_subject(text), people_here)
        if found:
            return found
    verb = _FINITE_VERB.search(text)
    if verb:
        found = resolver.canonical(_subject_before(text, verb.start()), people_here)
        if found:
            return found
    trailing = _TRAILING_ATTRIBUTION.search(text)
    if trailing:
        return resolver.canonical(trailing.group("speaker"), people_here)
    return None


def claim_kind(text: str, claimant: str | None, is_quote: bool) -> str:
    """One of KINDS, most specific first."""
    if is_quote and claimant:
        return "quote"
    lowered = text.lower()
    words = set(_KIND_WORD.findall(lowered.replace("’", "'")))
    if _DIGIT.search(text) or not words.isdisjoint(_QUANTITY_WORDS) or _SUPERLATIVE_OF_PLACE.search(text):
        return "statistic"
    if claimant:
        return "attribution"
    if not words.isdisjoint(_FUTURE_WORDS) or any(phrase in lowered for phrase in _FUTURE_PHRASES):
        return "prediction"
    if not words.isdisjoint(_CHANGE_WORDS) or ("than" in words and not words.isdisjoint(_COMPARATIVE_WORDS)):
        return "statistic"
    if not words.isdisjoint(_EVENT_WORDS):
        return "event"  # dated: "on Tuesday", "in October"
    if not words.isdisjoint(_OPINION_WORDS):
        return "opinion"
    if any(len(w) > 4 and w.endswith("ed") for w in words):
        return "event"
    return "other"
