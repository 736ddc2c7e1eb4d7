"""Who asserts each claim (its claimant), for English news text; what sort of claim it is lives in `kinds`.

Rules, not a parser: the subject of a reporting verb ("Petro emphasized that ..."), "According to
X, ...", the speaker of a quotation ("..., stating, ‘...’", "‘...,’ she said"), a quotation
continued from the previous sentence, and short references ("he", "the Colombian leader")
resolved to the person named before. None means the outlet itself asserts the claim.

Every claimant passes one final guard, `claimants.ClaimantGuard.clean` (`clean_claimant` for one name):
no control or format characters, no leading function or time word (CLAIMANT_STOP_WORDS), and it
appears in the body (whole words, case-insensitively, white space collapsed) -- else its longest
contiguous part that does, else None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.extraction.claimants import MAX_SUBJECT_WORDS, ClaimantGuard, name_run, possessive_free

# A quotation needs this many words to be speech rather than scare quotes (‘illegal drug trafficker’).
MIN_QUOTATION_WORDS = 4
# A quotation with no speaker of its own keeps the previous one if it fills this share of the sentence.
QUOTE_CARRY_SHARE = 0.6
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
_TITLES_BEFORE_NAMES = frozenset(
    "President Senator Sen. Rep. Gov. Governor Minister Secretary Mr. Mrs. Ms. Dr. Chancellor General Gen. "
    "King Queen Pope Judge Justice Mayor Ambassador Premier Commissioner Chairman Chairwoman CEO leader "
    "spokesman spokeswoman Prof. Professor".split()
)
_DEFINITE_ROLE = re.compile(r"^(?:the|this|that)\s+((?:[\w.’'-]+\s+){0,3})(" + "|".join(sorted(_ROLE_NOUNS)) + r")$", re.IGNORECASE)

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
                surname = possessive_free(name[-1]).rstrip(".")
                person = self.people.setdefault(surname, Person(surname))
                person.descriptors.add(word.lower())
                for preceding in reversed(words[max(i - 3, 0) : i]):
                    if not preceding[:1].isupper():
                        break
                    person.descriptors.add(preceding.lower())
            elif word[:1].isupper():
                surname = possessive_free(word).rstrip(".")
                if surname not in self.people:
                    continue
            else:
                continue
            self.people[surname].last_seen = index
            if surname not in ordered:
                ordered.append(surname)
        return ordered


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
        last = possessive_free(name_words[-1])
        if last in self.context.people:
            return last
        if len(words) >= 2 and words[-2].lower() in _TITLE_WORDS and len(name_words) >= 1:
            return last
        # Organisations and unknown names keep their capitalised words ("Caracol", "White House").
        return " ".join(name_run(words)) or None

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


