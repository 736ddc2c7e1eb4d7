"""Who asserts each claim (its claimant), for English news text; what sort of claim it is lives in `kinds`.

Rules, not a parser, per sentence (a sentence's clauses that stand alone are sentences here, see
`segment.sentence_spans`):

* the subject of a reporting verb ("Petro emphasized that ...", "Trump denounced her record and
  said ..."), skipping appositives, parentheses and time phrases between them ("Tad Devine, Sanders'
  senior media adviser, said", "Feinstein (D-Calif.) last week said"); never a passive verb or one
  inside a relative clause;
* a trailing attribution, with or without quotation marks: "..., said Steve Grubbs, an Iowa
  operative.", "..., Mr. King said.", "..., according to X."; it covers every clause of its sentence;
* the speaker of a quotation ("..., stating, ‘...’", "‘...,’ she said", "X gloated: ‘...’"); a
  quotation's speaker found in any of its sentences speaks all of them (the speaker may come in the
  next sentence); a quotation continued from the previous sentence keeps its speaker;
* headlines "Name: ..." and "Name Says ..." (title case) in the first sentences;
* "he" and "she" are the last person who spoke or opened a sentence as its subject, at most
  PRONOUN_REACH sentences back; a role ("the Colombian leader", "the Democratic presidential
  candidate") is the person whose title matches, else that last person, else no one.

Then, per article (`_one_claimant_per_person`): one person is one claimant, named by the fullest name
the article uses, titles dropped ("President Petro", "Petro" -> "Gustavo Petro"), and a claimant
whose words are a strict sub-sequence of another name claimant's becomes that name. A GENERIC
description ("the company", "officials", "the report", "a spokesman", `claimants.is_generic_description`)
becomes the nearest organisation named before it that it stands for ("the company" -> "Standard
Oil Co", by its suffix; "the ministry" -> "Finance Ministry"), else None.

None means the claim has no named claimant: the outlet itself asserts it, or an unnamed source does
("officials said"). The claim is still extracted; only its claimant is empty.

Every claimant passes one final guard, `claimants.ClaimantGuard.clean` (`clean_claimant` for one name):
no control or format characters, no leading function or time word (CLAIMANT_STOP_WORDS), and it
appears in the body (whole words, case-insensitively, white space collapsed) -- else its longest
contiguous part that does, else None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.extraction.claimants import (
    CLAIMANT_STOP_WORDS,
    MAX_SUBJECT_WORDS,
    NAME_CONNECTORS,
    TITLE_WORDS,
    ClaimantGuard,
    NameBook,
    is_generic_description,
    merge_subforms,
    name_run,
    possessive_free,
)

# A quotation needs this many words to be speech rather than scare quotes (‘illegal drug trafficker’).
MIN_QUOTATION_WORDS = 4
# "he" or "she" is the last person who spoke or was a sentence's subject, this many sentences back at most.
PRONOUN_REACH = 4
# A quotation with no speaker of its own keeps the previous one if it fills this share of the sentence.
QUOTE_CARRY_SHARE = 0.6
_ALWAYS_REPORTING = (
    "said|says|say|told|tells|added|adds|wrote|writes|tweeted|posted|stated|states|declared|declares|"
    "insisted|insists|argued|argues|asserted|asserts|alleged|alleges|claimed|claims|warned|warns|"
    "contended|contends|predicted|predicts|estimated|estimates|announced|announces|"
    "replied|replies|responded|responds|recalled|recalls|remarked|remarks|explained|explains|noted|notes|"
    "countered|counters|conceded|concedes|acknowledged|acknowledges|asked|asks|joked|jokes|quipped|observed|"
    "concluded|concludes|cautioned|cautions|complained|complains|"
    "urged|urges|vowed|vows|promised|promises|pledged|pledges|criticized|criticised|criticizes|praised|praises|"
    "accused|accuses|blamed|blames|called|calls|described|describes|touted|touts|questioned|questions|"
    "dismissed|dismisses|rejected|rejects|denounced|denounces|slammed|slams|attacked|attacks|defended|defends|"
    "endorsed|endorses|proposed|proposes|recommended|recommends|demanded|demands|boasted|boasts|lamented|laments|"
    "apologized|apologised|apologizes|thanked|hoped|hopes|wants|wanted|want|expressed|expresses|spoke|speaks|"
    "showed|shows|found|finds|"
    "pointed out|points out|repeated|repeats|reiterated|reiterates|testified|testifies"
)
_REPORTING_WITH_CLAUSE = (
    "emphasized|emphasised|emphasizes|emphasises|stressed|stresses|noted|notes|note|suggested|suggests|"
    "suggest|acknowledged|acknowledges|admitted|admits|confirmed|confirms|denied|denies|explained|"
    "explains|revealed|reveals|maintained|maintains|believe|believes|believed|think|thinks|thought|said|says|say|told|"
    "reported|reports|report|argue|claim|warn|insist|predict|estimate|found|find|finds|show|shows|showed"
)
_PARTICIPLES = (
    "stating|saying|adding|noting|warning|arguing|insisting|claiming|declaring|explaining|writing|telling|"
    "calling|asking|urging|accusing|blaming|describing|suggesting|promising|vowing|tweeting|praising|criticizing|"
    "criticising|citing|pointing out|referring|predicting|acknowledging|conceding|recalling|"
    "countering|replying|responding|insisting|complaining"
)
_TO_VERBS = (
    "declined|refused|agreed|plans|planned|sought|seeks|offered|vowed|promised|pledged|threatened|intends|"
    "tried|tries|decided|decides|chose|chooses|opted|opts|attempted|attempts|aimed|aims|moved|rushed|scrambled|"
    "worked|fought|campaigned|voted|dared|hopes|hoped|wants|wanted|expects|needs|prefers"
)
_CLAUSE_OPENERS = "that|he|she|it|they|we|i|the|this|there|his|her|its|their|a|an|if|whether"
_FINITE_VERB = re.compile(
    rf"\b(?:(?P<always>{_ALWAYS_REPORTING})\b(?=\s*[:,]?\s*[\w“\"‘'])|(?P<to>{_TO_VERBS})(?=\s+(?:to|with|that)\b)"
    rf"|(?P<clause>{_REPORTING_WITH_CLAUSE})(?=\s*:|\s*,?\s*[“\"‘']|\s+(?:{_CLAUSE_OPENERS})\b))",
)
_LOWER_WORD = re.compile(r"[a-z]+")
_REPORTING_WORDS = frozenset(
    f"{_ALWAYS_REPORTING}|{_REPORTING_WITH_CLAUSE}|{_PARTICIPLES}|{_TO_VERBS}|according".replace(" ", "|").split("|")
)
def _inflected(lemma: str) -> tuple[str, str, str]:
    """(base, third person, past) of a regular English verb: "deny" -> deny, denies, denied."""
    if lemma.endswith("e"):
        return lemma, lemma + "s", lemma + "d"
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma, lemma[:-1] + "ies", lemma[:-1] + "ied"
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return lemma, lemma + "es", lemma + "ed"
    return lemma, lemma + "s", lemma + "ed"


def _present_participle(lemma: str) -> str:
    """"deny" -> denying, "argue" -> arguing, "agree" -> agreeing."""
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        return lemma[:-1] + "ing"
    return lemma + "ing"


# Verbs of stance, evaluation, cognition and communication whose subject is the source of what follows
# ("Trump embraced ...", "Clinton ripped into Sanders", "Forbes lists ..."): PolNeAR's "who is the source".
# Tried only right after a subject (`_after_subject`), never in a quotation's tail or a trailing "said X".
_STANCE_LEMMAS = (
    "support oppose endorse embrace condemn decry assail lambaste chide scold fault rebuke mock ridicule "
    "blast hail applaud commend congratulate welcome celebrate credit challenge dispute doubt deny admit "
    "agree disagree confirm reveal disclose unveil publish cite mention characterize characterise label brand "
    "insist plead propose suggest recommend advise warn caution threaten predict forecast expect anticipate "
    "estimate hope wish want worry believe consider suspect assume wonder recognize recognise realize "
    "realise understand contend assert argue claim allege vow pledge tout boast brag highlight stress "
    "emphasize emphasise underscore observe tweet inform assure remind reassure clarify indicate imply hint "
    "demonstrate conclude testify seek intend refuse reply respond retort rebut discuss defend "
    "champion advocate encourage complain protest lament apologize apologise joke declare proclaim accuse blame "
    "criticize criticise praise urge demand denounce attack reject dismiss question describe explain announce "
    "thank hammer bash skewer berate taunt deride disparage belittle insult smear vilify demonize demonise downplay "
    "depict portray liken deem regard term recount echo implore beg counsel speculate posit reckon guarantee "
    "retweet email quote refer interject opine laud vouch dub utter lecture bemoan articulate bark reference "
    "request comment mull trumpet shout react distance"
)
# Also nouns ("Apple shares", "the votes"): their -s form is no verb here, only the past is.
_STANCE_PAST_ONLY = "back vote list signal voice charge favor favour pressure lobby answer fear name file order learn"
_STANCE_IRREGULAR = (
    "think thinks thought know knows knew feel feels felt see sees saw seek seeks sought swear swears swore "
    "rip rips ripped regret regrets regretted plan plans planned "
    "write writes wrote tell tells told speak speaks spoke"
)
_STANCE_BASE = frozenset(
    [form for lemma in _STANCE_LEMMAS.split() for form in _inflected(lemma)[:1]]
    + "think know feel see seek swear regret plan".split()
)
# After a copula, an adjective of stance: "Sanders was confident that", "Republicans are wary of".
_STANCE_ADJECTIVES = frozenset(
    "eager confident concerned critical ready quick skeptical sceptical optimistic pessimistic convinced adamant "
    "unhappy satisfied thrilled supportive wary opposed determined doubtful hopeful upset angry furious frustrated "
    "disappointed pleased proud worried dismissive sympathetic hostile enthusiastic receptive reluctant unwilling "
    "willing keen vocal outspoken emphatic insistent candid blunt mum".split()
)
_COPULA_BEFORE = re.compile(
    r"(?<![\w’'-])(?:is|are|was|were|remains|remained|seems|seemed|appears|appeared|(?:has|have|had)\s+been)\s+"
    r"(?:(?:also|still|now|not|very|more|less|increasingly|particularly|clearly|deeply|highly|openly|publicly|"
    r"equally|quite|so|too|all|already)\s+){0,2}$"
)
_STANCE_WORDS = frozenset(
    [form for lemma in _STANCE_LEMMAS.split() for form in _inflected(lemma)]
    + [_inflected(lemma)[2] for lemma in _STANCE_PAST_ONLY.split()]
    + ["favored", "favoured", "backed", "ripped"]
    + _STANCE_IRREGULAR.split()
) - {"plan", "plans", "feel", "feels", "saw"}
# "with Gov. Martin O'Malley calling Trump a fascist", "Cruz is making a pitch ..., saying": right after a subject.
_STANCE_PARTICIPLES = frozenset(
    [
        _present_participle(lemma)
        for lemma in (
            _STANCE_LEMMAS + " " + _STANCE_PAST_ONLY + " say call ask tell add note write promise recall concede "
            "acknowledge remark reiterate repeat"
        ).split()
    ]
    + "ripping thinking knowing seeking planning".split()
) - {"planning", "voting", "pushing"}
_STANCE_WORDS = _STANCE_WORDS | _STANCE_PARTICIPLES
# Phrases that are acts of stance or speech though their verb alone is not ("made clear", "took aim at").
_STANCE_PHRASE = re.compile(
    r"(?:make|makes|made|making)\s+(?:it\s+)?(?:clear|plain|(?:the|a|his|her|their|its)\s+(?:case|argument|point|pitch|plea|appeal)|"
    r"(?:similar\s+|the\s+|his\s+|her\s+)?(?:comments|remarks|statements|promises|claims|accusations)|no\s+secret|no\s+mention)\b"
    r"|(?:take|takes|took|taking)\s+(?:aim|issue|a\s+(?:swipe|shot|jab|dig|stand|hard\s+line)|to\s+(?:Twitter|Facebook|the\s+airwaves))\b"
    r"|(?:go|goes|went|going)\s+(?:on\s+to\s+(?:say|call|argue|praise|criticize|attack|accuse|claim|suggest)|after)\b"
    r"|(?:point|points|pointed|pointing)\s+(?:to|at)\b"
    r"|(?:rail|rails|railed|railing|lash|lashes|lashed|lashing)\s+(?:against|out)\b"
    r"|(?:press|presses|pressed|pressing|push|pushes|pushed|pushing)\s+(?:for|back)\b"
    r"|(?:talk|talks|talked|talking|spoke|speaks|speak|speaking)\s+(?:about|of|out)\b"
    r"|(?:raise|raises|raised|raising)\s+(?:concerns?|questions?|doubts?|objections?|alarms?|the\s+(?:possibility|prospect|issue))\b"
    r"|(?:issue|issues|issued|issuing|release|releases|released|releasing|send|sends|sent|sending|deliver|delivers|"
    r"delivered|delivering|give|gives|gave|giving|put|puts|putting|post|posted|posting)\s+(?:out\s+)?(?:an?|the|his|her|their|its)\s+"
    r"(?:[a-z-]+\s+){0,2}(?:statement|letter|memo|speech|address|report|video|message|warning|plea|apology|interview|"
    r"response|rebuttal|remarks|ad|advertisement|tweet|op-ed|endorsement|ultimatum|analysis|estimate|forecast)\b"
    r"|(?:offer|offers|offered|offering|voice|voices|voiced|voicing|express|expressed|expressing)\s+(?:(?:a|an|his|her|their|its|some|no|strong|"
    r"full|qualified|only|tepid|high|rare|kind|faint|lukewarm)\s+){0,2}(?:praise|support|criticism|condolences|defen[cs]e|"
    r"apology|thoughts|details|assurances|words|endorsement|opposition|concern|concerns|doubts|skepticism|sympathy|"
    r"encouragement|advice|a\s+(?:glimpse|preview))\b"
    r"|(?:weigh|weighs|weighed|weighing|chime|chimes|chimed|chiming)\s+in\b"
    r"|(?:fire|fires|fired|firing|shoot|shoots|shot|hit|hits|hitting|strike|strikes|struck|striking)\s+back\b"
    r"|(?:double|doubles|doubled|doubling)\s+down\b"
    r"|(?:side|sides|sided|siding)\s+with\b"
    r"|(?:campaign|campaigns|campaigned|campaigning|vote|votes|voted|voting|fight|fights|fought|fighting)\s+(?:for|against)\b"
    r"|(?:stand|stands|stood|standing)\s+by\b"
    r"|(?:sign|signs|signed|signing)\s+on\s+to\b"
    r"|(?:try|tries|tried|trying|seek|seeks|sought|seeking|decide|decides|decided|deciding|vow|vowed|aim|aims|aimed|"
    r"hope|hoped|continue|continues|continued|continuing|begin|begins|began|start|starts|started)\s+to\s+"
    r"(?:paint|portray|cast|frame|convince|persuade|argue|make\s+the\s+case|downplay|defend|reassure|explain|"
    r"distance|tie|link|blame|highlight|rally|woo|court|press|push|sell|pitch|attack|discredit|undermine|counter|"
    r"rebut|clarify|assure|warn|say|tell|criticize|criticise|praise|call|urge|question|challenge|deny|show|prove|"
    r"position|contrast|draw|emphasize|stress|promote|tout|appeal|reach\s+out|win\s+over|shift|change|soften)\b"
)
_PHRASE_HEADS = frozenset(
    "make makes made making take takes took taking go goes went going point points pointed pointing rail rails "
    "railed railing lash lashes lashed lashing press presses pressed pressing push pushes pushed pushing talk talks "
    "talked talking spoke speaks speak speaking raise raises raised raising issue issues issued issuing release "
    "releases released releasing send sends sent sending deliver delivers delivered delivering give gives gave "
    "giving put puts putting post posted posting offer offers offered offering voice voices voiced voicing express "
    "expressed expressing weigh weighs weighed weighing chime chimes chimed chiming fire fires fired firing shoot "
    "shoots shot hit hits hitting strike strikes struck striking double doubles doubled doubling side sides sided "
    "siding stand stands stood standing sign signs signed signing try tries tried trying seek seeks sought seeking "
    "decide decides decided deciding vow vowed aim aims aimed hope hoped continue continues continued continuing "
    "begin begins began start starts started campaign campaigns campaigned campaigning vote votes voted voting fight "
    "fights fought fighting".split()
)
_VERB_WORDS = _REPORTING_WORDS | _STANCE_WORDS | _PHRASE_HEADS | _STANCE_ADJECTIVES
# A title-case headline's verb ("Marine Le Pen Backs Trump", "Bernie Sanders To Release Medical Records").
_HEADLINE_VERBS = frozenset(_ALWAYS_REPORTING.split("|")) | _STANCE_WORDS | frozenset(
    "backs back pulls pull release releases unveils unveil makes sets launches launch".split()
)
# Reporting verbs that are plural nouns too: a verb only right after a subject (`_after_subject`).
_REPORTING_NOUNS = frozenset(
    "promises claims calls questions attacks demands hopes remarks notes states estimates reports pledges vows "
    "praises blames touts defends".split()
)
# Between a subject and its verb: adverbs and auxiliaries ("Trump has long opposed", "she did not deny").
_AUXILIARIES = frozenset(
    "will would could should can may might must do does did has have had not never don't doesn't didn't won't "
    "wouldn't can't couldn't don’t doesn’t didn’t won’t wouldn’t can’t couldn’t".split()
)
_SKIPPED_BEFORE_VERB = _AUXILIARIES | frozenset(
    "also now still already just even again later then repeatedly recently often long once first previously "
    "initially quickly publicly privately openly since soon".split()
)
_SKIPPED_BEFORE_PARTICIPLE = _SKIPPED_BEFORE_VERB | frozenset("is are was were be been am".split())
_PLURAL_PRONOUNS = frozenset("i we they you".split())
# Capitalised plurals that are a group, not a surname ("Democrats believe"; "Sanders support" is a noun).
_PLURAL_ENDINGS = ("ans", "ats", "als", "ives", "ists", "ites")
_SUBJECT_PRONOUNS = frozenset("he she".split()) | _PLURAL_PRONOUNS
_TOKEN = re.compile(r"[\w.’'-]+")
_TO_OR_BY = re.compile(r"\s+(?:to|by)\b")


def _after_subject(text: str, verb) -> bool:
    """A stance verb at `verb` has a subject right before it: a name, a pronoun or a group noun.

    "Trump embraced", "Clinton has long opposed", "Democrats believe", "they did not deny"; not "its
    support", "to support", "Sanders support" (a base form after one name is a noun), nor "released by".
    """
    word = verb.group(0)
    if word.endswith("ed") and text.startswith(" by ", verb.end()):
        return False
    before = text[max(0, verb.start() - 60) : verb.start()].split()
    auxiliary = False
    skipped = _SKIPPED_BEFORE_PARTICIPLE if word in _STANCE_PARTICIPLES else _SKIPPED_BEFORE_VERB
    while before and (before[-1].lower() in skipped or before[-1].endswith("ly") and before[-1].islower()):
        auxiliary = auxiliary or before[-1].lower() in _AUXILIARIES
        before.pop()
    if before and before[-1][-1:] in ",)":
        # "Bernie Sanders, a Democratic rival, assailed": `_subject_before` skips the appositive;
        # not "Regan, expected to resign", "..., backed by"
        return not (word.endswith("ed") and _TO_OR_BY.match(text, verb.end())) and (auxiliary or word not in _STANCE_BASE)
    if not before or not _TOKEN.fullmatch(before[-1]) or before[-1].endswith(("n't", "n’t")):
        return False
    subject = before[-1]
    lowered = subject.lower()
    if subject != possessive_free(subject) or text[verb.start() - 1 : verb.start()] not in (" ",):
        return False  # "Trump's plan", "Trump-backed"
    if word in _STANCE_BASE and not (auxiliary or lowered in _PLURAL_PRONOUNS or (subject[:1].isupper() and lowered.endswith(_PLURAL_ENDINGS))):
        return False
    if lowered in _SUBJECT_PRONOUNS:
        return True
    if subject[:1].isupper():
        return lowered not in CLAIMANT_STOP_WORDS and lowered not in _NOT_A_SUBJECT
    return lowered in _GROUP_NOUNS


_PARTICIPLE = re.compile(rf"(?:,|\s[–—-]|\sby)\s+(?:{_PARTICIPLES})\b(?=\s*\S)", re.IGNORECASE)
# Quoted text masked by `_outside_quotes`: no phrase taken from masked text crosses it.
_MASK = "\x00"
_ACCORDING_TO = re.compile(r"\baccording to\s+(?P<source>[^,.;:\x00]+)", re.IGNORECASE)
# "''...,'' Mr. Rendell said, ''...''": the full stop of an abbreviation hidden from `_AFTER_QUOTE`, same length.
_ABBREVIATION_STOP = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Prof|St|Jr|Sr|[A-Z])\.(?=\s)")
_HIDDEN_STOP = "\x01"


def _HIDE_STOP(match: re.Match) -> str:
    return match.group()[:-1] + _HIDDEN_STOP


_AFTER_QUOTE = re.compile(
    rf"^[\s,]*(?:(?P<verb_first>{_ALWAYS_REPORTING})\s+(?P<speaker_after>[^,.;:!?]+)"
    rf"|(?P<speaker_before>[^,.;:!?\"“”‘’]+?)\s+(?:(?:also|later|then)\s+)?(?:{_ALWAYS_REPORTING}))\b",
    re.IGNORECASE,
)
_TRAILING_ATTRIBUTION = re.compile(
    rf"(?:,\s+|\x00\s*)(?P<speaker>[^,;:\x00]{{2,60}}?)\s+(?:{_ALWAYS_REPORTING}|reported|reports|found|finds|showed|shows|believes|thinks)(?:\s+(?:on|in|at|last)\s+[^,.;]+)?\s*[.!?]?$",
    re.IGNORECASE,
)
_CLAUSE_DELIMITER = re.compile(r"[,;:—–”\"»]\s|(?<![sS])’\s|\sthat\s|—")  # "Sanders’ aides": a possessive
# Lower case only: "Schlafly" and "Connolly" are names.
_ADVERB = re.compile(r"^(?:[a-z]\w*ly|also|even|then|later|again|once|now|had|has|have|was|were|is|are|repeatedly|both)$")
_DETERMINER = re.compile(r"^(?:the|a|an|some|many|several|other|most)\s+", re.IGNORECASE)
_TITLE_WORDS = frozenset(
    "president vice prime minister senator sen. rep. representative gov. governor secretary mr. mrs. ms. "
    "dr. chancellor general gen. king queen pope judge justice mayor ambassador leader chairman chairwoman "
    "spokesman spokeswoman spokesperson ceo premier commissioner director chief officer".split()
)
_ROLE_NOUNS = frozenset(
    "president leader minister premier chancellor senator governor mayor secretary ambassador official "
    "spokesman spokeswoman spokesperson king queen pope judge chairman chairwoman chief director candidate "
    "nominee front-runner frontrunner congressman congresswoman lawmaker businessman billionaire mogul "
    "speaker host strategist adviser".split()
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
_SUBORDINATORS = frozenset("when while as after before because since although though if until whereas where once ever".split())
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


_TWO_CAPITALISED = re.compile(r"[A-Z][\w.’'-]*\s[A-Z]")


@dataclass
class ArticleContext:
    """What earlier sentences said: people named, the last quotation's speaker."""

    people: dict[str, Person] = field(default_factory=dict)
    previous_people: list[str] = field(default_factory=list)
    previous_claimant: str | None = None
    previous_ends_with_colon: bool = False
    previous_was_quote: bool = False
    quotation_speakers: dict[int, str | None] = field(default_factory=dict)
    # The last sentences' claimants and texts, for "he" and "she": the last person who spoke or opened
    # a sentence as its subject (worked out only when a pronoun or role asks, most sentences never do).
    recent: list[tuple[int, str | None, str]] = field(default_factory=list)
    sentence_index: int = 0

    def note_subject(self, claimant: str | None, sentence: str, index: int) -> None:
        self.recent.append((index, claimant, sentence))
        if len(self.recent) > PRONOUN_REACH + 1:
            del self.recent[0]

    def last_person(self) -> str | None:
        """The person who spoke or opened a sentence last, at most PRONOUN_REACH sentences back."""
        for index, claimant, sentence in reversed(self.recent):
            if self.sentence_index - index > PRONOUN_REACH:
                break
            if claimant and claimant[:1].isupper() and not is_generic_description(claimant):
                return claimant
            head = sentence[:160]
            first = head.split(None, 1)[0] if head.strip() else ""
            if possessive_free(first) not in self.people and not _TWO_CAPITALISED.search(head):
                continue  # no name of two words near the start, and no known person opening it
            subject = _clause_subject(sentence)
            words = subject.split()
            if words and words[-1][:1].isupper() and (len(words) >= 2 or possessive_free(words[-1]) in self.people):
                if possessive_free(words[0].rstrip(".,")).lower() not in CLAIMANT_STOP_WORDS:
                    return possessive_free(subject)
        return None

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


_SEGMENT_BREAK = re.compile(r",\s+|,(?=\x00)|\s+[—–-]{1,2}\s+|\s*—\s*|\s+\(|\)\s*")
_PARENTHETICAL = re.compile(r"\([^()\x00]{0,40}\)")
_COORDINATED = re.compile(r"(?:,\s*|\s)(?:and|but|then|and then|but then|yet)\s*$", re.IGNORECASE)
# Adverbs and auxiliaries right before a verb ("Clinton, ..., initially said", "..., have said").
_BEFORE_VERB = re.compile(
    r"(?:\s+(?:[a-z]+ly|also|earlier|later|then|again|once|still|never|ever|now|first|not|have|has|had|would|will|"
    r"could|did|does|do|previously|recently))+\s*$"
)
_TIME_BEFORE_VERB = re.compile(
    r"(?:\s+(?:on\s+\w+day|last\s+\w+|this\s+\w+|earlier|later|in\s+a\s+statement|in\s+an\s+interview|"
    r"on\s+\w+|in\s+\d{4}|today|yesterday|also|again|then|however|too))+\s*$",
    re.IGNORECASE,
)
_FUNCTION_START = frozenset("and but so yet then still however meanwhile also".split())
# Words that open an introductory phrase before the subject ("In an interview, Ms. Conway said").
_INTRODUCTORY = frozenset(
    "in on at after before during when while as since with without despite although though if because for "
    "from by over under later earlier last this that speaking asked meanwhile still however yet but and so "
    "then also instead once unlike like according".split()
)


def _is_name_segment(segment: str) -> bool:
    """A comma-delimited piece that is a name only: capitalised words and connectors ("Peter Welch", "Ms. White")."""
    words = _PARENTHETICAL.sub(" ", segment).split()
    while words and words[0].lower() in _FUNCTION_START:
        words = words[1:]
    if not words or len(words) > MAX_SUBJECT_WORDS or _MASK in segment:
        return False
    if possessive_free(words[0].rstrip(".,")).lower() in CLAIMANT_STOP_WORDS:
        return False
    if words[-1] != possessive_free(words[-1]):
        return False  # "Trump's rival": a possessive is a modifier, not the subject
    return all(w[:1].isupper() or w in NAME_CONNECTORS for w in words)


def _appositive_subject(segments: list[str]) -> str | None:
    """The subject before one or more appositives ("Tad Devine, Sanders' senior adviser, said").

    The leftmost piece that is a name only, skipping a place after "of"/"from" ("Brianne Stone, 29, of
    Huntsville, Ala., says"); else the first piece of the clause when it is short (a descriptor with the
    name at its end: "Trump campaign manager Corey Lewandowski, who ..., said").
    """
    after_place = False
    for i, segment in enumerate(segments):
        stripped = segment.strip()
        if _is_name_segment(stripped) and not after_place:
            return stripped
        after_place = i > 0 and stripped.lower().startswith(("of ", "from ", "in "))
    first = segments[0].strip() if segments else ""
    words = first.split()
    if words and len(words) <= MAX_SUBJECT_WORDS and (words[-1][:1].isupper() or words[-1].lower() in _GROUP_NOUNS):
        return first  # "Powell’s office, when contacted by Reuters, said"
    return None


def _subject_before(sentence: str, position: int) -> str:
    """The noun phrase right before a verb at `position`, within its clause (a masked quotation ends one).

    An appositive between them is skipped ("Jane Smith, an economist at the bank, said"); a verb
    coordinated with an earlier one takes the clause's subject ("Trump denounced her record and said").
    """
    raw = sentence[:position]
    raw = raw[: len(_BEFORE_VERB.sub("", raw))] + " " if _BEFORE_VERB.search(raw) else raw  # ", initially said"
    if _COORDINATED.search(raw):
        subject = _clause_subject(raw)
        if subject:
            return subject
    clause = raw[raw.rfind(_MASK) + 1 :]
    clause = clause[max(clause.rfind("; "), clause.rfind(": ")) + 1 :]
    clause = _DATELINE.sub("", clause, count=1)  # "WASHINGTON — Sen. Bernie Sanders (I-Vt.) defended"
    if clause.rstrip().endswith((",", "—", "-", ")")) or (raw.rstrip().endswith(",") and raw.rstrip()[-2:-1] == _MASK):
        segments = [p for p in _SEGMENT_BREAK.split(clause) if p and p.strip(" ,")]
        subject = _appositive_subject(segments)
        if subject:
            return subject.strip(" \"“”‘’'")
    prefix = _TRAILING_APPOSITIVE.sub(" ", raw)  # 'Hemsley, the co-author of "Going Viral," said'
    prefix = prefix[prefix.rfind(_MASK) + 1 :]
    prefix = _TIME_BEFORE_VERB.sub("", _PARENTHETICAL.sub("", prefix))  # "Feinstein (D-Calif.) last week said"
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


# "ROME - ", "BEDFORD, N.H. (AP) — ": a dateline opens the sentence, the subject follows it.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.’' ]{1,30}(?:,\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?(?:\s+\d{1,2})?\s*(?:\([^()]{1,20}\)\s*)?[-—–―]{1,2}\s+"
)


def _opens_with_participle(words: list[str]) -> bool:
    """"Rattling off promises, ...", "Pointing to the report, ...", "Ever since she endorsed ...": no subject yet."""
    if not words:
        return False
    first = words[0].lower()
    if first in ("ever", "even", "just", "only"):
        return True
    return first.endswith("ing") and len(words) > 1 and words[1][:1].islower()


def _clause_subject(text: str) -> str:
    """The subject opening a sentence, after an introductory phrase ("In a brief interview, Ms. Conway ...")."""
    text = text[: text.find(_MASK)] if _MASK in text else text
    text = _DATELINE.sub("", text, count=1)
    words = text.split()
    if words and (words[0].lower().strip(",") in _INTRODUCTORY or words[0].endswith("ly,") or _opens_with_participle(words)):
        comma = text.find(", ")
        if comma == -1 or len(text[:comma].split()) > 12:
            return ""
        text = text[comma + 2 :]
    words = text.split()
    while words and words[0].lower() in _FUNCTION_START:
        words = words[1:]
    name: list[str] = []
    for word in words:
        bare = word.rstrip(",;:")
        if bare[:1].isupper() or (name and (bare in NAME_CONNECTORS or bare.lower() in _ROLE_NOUNS)):
            name.append(bare)
            if bare != word:
                break
        else:
            break
    if not name or len(name) > MAX_SUBJECT_WORDS:
        return ""
    return " ".join(name)


# "..., said Steve Grubbs, an Iowa operative." / "..., said Mr King on Monday." / "..., says a spokeswoman, Anna White."
_VERB_FIRST_VERBS = (
    "said|says|added|adds|wrote|writes|stated|declared|insisted|argued|asserted|contended|noted|explained|"
    "recalled|remarked|replied|responded|countered|continued|concluded|observed|acknowledged|conceded|cautioned|"
    "warned|quipped|joked|tweeted|predicted|reported|reports|explains|notes|argues|insists|warns|recalls|"
    "asked|asks|wondered|added"
)
_VERB_FIRST = re.compile(
    rf"(?:,|\x00)\s*(?:{_VERB_FIRST_VERBS})\s+(?P<rest>[^\x00;:]{{2,240}}?)\s*[.!?]?\s*[\"”’']?\s*$",
    re.IGNORECASE,
)
_SPEAKER_TAIL = re.compile(
    r"\s+(?:on|in|at|last|this|after|before|during|when|while|who|whose|which|in\s+an?|of|from|to|told|adding|"
    r"citing|referring|according)\b.*$|\s*\(.*$",
    re.IGNORECASE | re.DOTALL,
)
_THAT = re.compile(r"\bthat\b")
_PREPOSITIONS = frozenset("of on in at to about for with from by after before during".split())
_FINITE_WORDS = frozenset("is are was were has have had will would could should can may might do does did be been".split())


def _speaker_after(text: str) -> str | None:
    """The speaker of a trailing "said X" ("..., said Steve Grubbs, an Iowa operative."), or None."""
    if "," not in text and _MASK not in text:
        return None
    match = _VERB_FIRST.search(text)
    if not match:
        return None
    segments = [p.strip() for p in match.group("rest").split(",") if p.strip()]
    if segments and _THAT.search(segments[0]):
        return None  # "..., said the company would ... that": a clause, not a speaker
    for i, segment in enumerate(segments[:3]):
        head = _SPEAKER_TAIL.sub("", segment).strip()
        words = head.split()
        if not words or len(words) > MAX_SUBJECT_WORDS or any(w.lower() in _FINITE_WORDS for w in words):
            return None
        if words[0].lower() in _PREPOSITIONS:
            return None  # "..., said of the Clintons": what was spoken of, not who spoke
        if words[-1][:1].isupper():
            return head
        if i == 0 and words[-1].lower() in _GROUP_NOUNS:
            # "says a spokeswoman, Anna Richardson White": the name that follows, else the description
            following = _SPEAKER_TAIL.sub("", segments[1]).strip() if len(segments) > 1 else ""
            return following if following and _is_name_segment(following) else head
        return None
    return None


def _sentence_subject(sentence: str) -> str:
    """The opening noun phrase of a sentence: capitalised words and a role noun ("The Colombian leader").

    It ends where a masked quotation begins.
    """
    words: list[str] = []
    opening = _DATELINE.sub("", sentence.split(_MASK, 1)[0], count=1).split()
    if _opens_with_participle(opening):
        return ""  # "Rattling off promises ..., Clinton promised": the subject comes after the phrase
    for word in opening:
        bare = word.strip(",;:")
        if (
            bare[:1].isupper()
            or (words and (bare.lower() in _GROUP_NOUNS or bare in NAME_CONNECTORS or (bare == "the" and words[-1] == "of")))
            or (not words and bare.lower() == "the")
        ):
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
        first, _, rest = lowered.partition(" ")
        while first in _SUBORDINATORS and rest:
            phrase = phrase.split(None, 1)[1]  # "..., when CNN reported that", "Ever since she endorsed"
            lowered = rest
            first, _, rest = lowered.partition(" ")
        if first in _FUNCTION_START and rest in _PRONOUNS:
            lowered = rest  # "But she said"
        if possessive_free(lowered.split()[0]) in _NOT_A_SUBJECT:
            return None  # "It’s been two months since ..."
        words = lowered.split()
        if len(words) > 1 and words[0] in _PRONOUNS and phrase.split()[1][:1].islower():
            lowered = words[0]  # "He extolled the virtues of Vermont": a clause, its subject the pronoun
        if lowered in _PRONOUNS:
            context = self.context
            person = context.last_person()
            if person:
                return person
            candidates = people_here or context.previous_people
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
        if not name_words and len(words) >= 2 and _is_honorific(words[-2]) and words[-1][:1].isupper():
            return f"{words[-2]} {words[-1]}"  # "said Mr. King": a surname that is also a title word
        if not name_words:
            return None
        last = possessive_free(name_words[-1])
        if last in self.context.people:
            return " ".join(name_run(words)) or last
        if len(words) >= 2 and words[-2].lower() in _TITLE_WORDS and len(name_words) >= 1:
            return last
        # Organisations and unknown names keep their capitalised words ("Caracol", "White House").
        return " ".join(name_run(words)) or None

    def _resolve_role(self, modifiers: list[str], role: str) -> str | None:
        people = sorted(self.context.people.values(), key=lambda p: -p.last_seen)
        wanted = set(modifiers)
        matching = [p for p in people if wanted & p.descriptors]
        context = self.context
        person = context.last_person() if not matching else None
        if person:
            return person  # "Bernie Sanders met ... The Democratic presidential candidate said"
        if not matching:
            matching = [p for p in people if role in p.descriptors] or people
        if matching:
            return matching[0].name
        return None  # a role with nobody named for it is no claimant


_HONORIFICS = frozenset("mr mrs ms mx miss dr".split())


def _is_honorific(word: str) -> bool:
    return word.rstrip(".").lower() in _HONORIFICS


def _is_speech(body: str, span: tuple[int, int]) -> bool:
    """Speech, not scare quotes: long enough, or closing on punctuation (“It is over,” she said)."""
    quoted = body[span[0] : span[1]]
    return len(quoted.split()) >= MIN_QUOTATION_WORDS or quoted.rstrip("\"'”’»“")[-1:] in {",", ".", "!", "?"}


# "Sanders: Endorsements prove Clinton ..." (a headline); "EXCLUSIVE – Roger Stone: Don't Trust ..."
# Paragraph labels that are no speaker: "Note: ...", "UPDATE: ...".
_NOT_SPEAKERS = frozenset(
    "note update updated editor editors photo photos video related watch read source sources correction q a "
    "question answer exclusive breaking opinion analysis editorial warning disclosure bottom full more also "
    "see click subscribe follow advertisement transcript background reporting".split()
)
_HEADLINE_SPEAKER = re.compile(r"^(?:[A-Z]+\s+[–—-]\s+)?(?!The\b)(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}):\s+(?=[A-Z\"“‘'])")


# A headline in title case: "Hillary Clinton Campaign Wants A Progressive DNC Chair", "Ted Cruz Says ...".
_TITLE_CASE_SPEAKER = re.compile(
    r"^(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,4}?)\s+(?:Says|Said|Wants|Shows|Reveals|Endorses|Warns|Calls|"
    r"Slams|Blasts|Urges|Vows|Claims|Admits|Denies|Defends|Praises|Accuses|Blames|Rips|Tells|Asks|Thinks|Believes|"
    r"Predicts|Insists|Suggests|Argues|Announces|Finds|Questions|Attacks|Mocks|Touts)\b"
)


# "Jeb Bush's proposal for ...", "Mr. Obama's decision not to ...": whose statement, plan or stance it is.
_STANCE_NOUNS = (
    "plan|plans|proposal|proposals|statement|statements|remarks|comments|comment|argument|arguments|view|views|"
    "position|claim|claims|promise|promises|pledge|pitch|pitches|message|speech|tweet|tweets|letter|suggestion|"
    "warning|warnings|accusation|accusations|endorsement|criticism|attack|attacks|defense|defence|call|calls|"
    "response|reply|announcement|decision|demand|demands|vow|insistence|assertion|assessment|prediction|"
    "testimony|disclosure|charge|charges|complaint|objection|objections|stance|answer|answers|admission|denial|"
    "rejection|refusal"
)
_POSSESSIVE_SOURCE = re.compile(
    rf"(?<![\w.’'-])(?P<name>(?:[A-Z][\w.-]*\s+){{0,3}}[A-Z][\w.-]*)(?:'s|’s)\s+(?:[a-z][\w-]*\s+)?(?:{_STANCE_NOUNS})\b"
)


# What may open a sentence before its subject: a dateline, "But", "And", "Then came".
_OPENING = re.compile(r"^(?:[A-Z][A-Z.’' ]{1,30}(?:\([^()]{1,20}\))?\s*[-—–―]{1,2}\s+)?(?:(?:But|And|Yet|So|Still|Then came|Instead|Meanwhile),?\s+)?")


def _possessive_source(sentence: str, resolver, people_here) -> str | None:
    """The owner of a statement, plan or stance named in the sentence ("Jeb Bush's proposal"), or None."""
    found = _POSSESSIVE_SOURCE.match(_OPENING.sub("", sentence, count=1))
    return resolver.canonical(found.group("name"), people_here) if found else None


def _opens_paragraph(body: str, start: int) -> bool:
    return not body[max(0, start - 20) : start].strip(" \t") or body[max(0, start - 20) : start].rstrip(" \t").endswith("\n")


def _turn_speaker(body: str, start: int, name: str, resolver, people_here) -> str | None:
    """The speaker of a "NAME: ..." paragraph: a transcript's capitals ("JAKE TAPPER:"), or a name the
    article has used before ("Matthews:"), not a label ("Note:", "Update:")."""
    words = name.split()
    if not (name.isupper() and len(name) > 2) and body.find(name, 0, start) == -1:
        return None
    if len(words) > 4 or words[0].lower() in _NOT_SPEAKERS:
        return None
    return resolver.canonical(name, people_here)


def _title_case_subject(sentence: str) -> str | None:
    """The name before a verb of stance in a title-case headline ("Marine Le Pen Backs Trump", "Sanders To Release")."""
    words = sentence.split()
    for i, word in enumerate(words[1:6], start=1):
        lowered = word.lower()
        if lowered in _HEADLINE_VERBS or (lowered == "to" and i + 1 < len(words) and words[i + 1].lower() in _HEADLINE_VERBS):
            return " ".join(words[:i])
    return None


def _is_title_case(sentence: str) -> bool:
    words = [w for w in sentence.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)


def attribute(body: str, sentences: list[tuple[int, int]], quotations: list[tuple[int, int]]):
    """(claimant, is_quote) for each sentence, in order.

    After the sentence rules: a quotation's speaker found in any of its sentences is the speaker of
    all of them (“A. B.” said X: the speaker comes in the next sentence); then every claimant is
    made one per person for the article (`_one_claimant_per_person`).
    """
    context = ArticleContext()
    guard = ClaimantGuard(body)
    resolver = ClaimantResolver(context, guard)
    real_quotes = [q for q in quotations if _is_speech(body, q)]
    quote_index = 0
    results: list[tuple[str | None, bool]] = []
    sentence_quotes: list[list[tuple[int, int]]] = []
    mostly: list[bool] = []
    turn_speaker: str | None = None
    for index, (start, end) in enumerate(sentences):
        sentence = body[start:end]
        people_here = context.note_people(sentence, index)
        context.sentence_index = index
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
        quoted = sum(min(q[1], end) - max(q[0], start) for q in inside)
        mostly_quoted = bool(inside) and quoted >= QUOTE_CARRY_SHARE * (end - start)
        if _opens_paragraph(body, start):
            turn = _HEADLINE_SPEAKER.match(sentence) if ":" in sentence[:40] else None
            turn_speaker = turn and _turn_speaker(body, start, turn.group("name"), resolver, people_here)
            claimant = turn_speaker  # "TAPPER: Do you think ...": a speaker's turn lasts its paragraph
        elif turn_speaker:
            claimant = turn_speaker
        if claimant is None and continued:
            claimant = context.quotation_speakers.get(continued[0][0])
        if claimant is None and inside:
            claimant = _quotation_speaker(body, sentence, start, inside, resolver, people_here)
            if claimant is None and (context.previous_ends_with_colon or (mostly_quoted and (continued or context.previous_was_quote))):
                claimant = context.previous_claimant
        if claimant is None:
            claimant = _reported_speaker(sentence, start, inside, resolver, people_here)
        if claimant is None and ("’s " in sentence or "'s " in sentence):
            claimant = _possessive_source(sentence, resolver, people_here)
        if claimant is None and index < 3:
            headline = _HEADLINE_SPEAKER.match(sentence) or _TITLE_CASE_SPEAKER.match(sentence)
            if headline and (headline.re is _HEADLINE_SPEAKER or _is_title_case(sentence)):
                claimant = resolver.canonical(headline.group("name"), people_here)
            elif _is_title_case(sentence):
                subject = _title_case_subject(sentence)
                claimant = resolver.canonical(subject, people_here) if subject else None
        claimant = guard.clean(claimant)  # every claimant, whatever path found it
        for quote in inside:
            if claimant is not None or quote[0] not in context.quotation_speakers:
                context.quotation_speakers.setdefault(quote[0], claimant)
                if context.quotation_speakers[quote[0]] is None:
                    context.quotation_speakers[quote[0]] = claimant
        results.append((claimant, is_quote))
        sentence_quotes.append(inside)
        mostly.append(mostly_quoted)
        context.previous_people = people_here or context.previous_people
        context.previous_claimant = claimant
        context.previous_ends_with_colon = sentence.rstrip().endswith(":")
        context.previous_was_quote = is_quote and claimant is not None
        context.note_subject(claimant, sentence, index)
    # The speaker of a quotation, wherever it was found, speaks all of it.
    for i in range(len(results) - 1, -1, -1):  # from the end: a speaker found later reaches back sentence by sentence
        claimant, is_quote = results[i]
        if claimant is None and sentence_quotes[i] and mostly[i]:
            speaker = context.quotation_speakers.get(sentence_quotes[i][0][0])
            if speaker is None and i + 1 < len(results) and body[sentences[i][1] : sentences[i + 1][0]].count("\n") < 2:
                following = body[sentences[i + 1][0] : sentences[i + 1][1]]
                if (mostly[i + 1] and sentence_quotes[i + 1]) or _AFTER_QUOTE.match(following):
                    # “A.” “B,” said X.: a quotation that ends one sentence, continued by the next;
                    # “What kind of people do I have here?” Trump asked, ...: the next one opens with its speaker
                    speaker = results[i + 1][0]
            if speaker is not None:
                results[i] = (speaker, is_quote)
    # "A; B, according to X." / "A, while B, X said.": an attribution trailing a sentence covers its clauses.
    carried = False
    for i in range(len(results) - 2, -1, -1):
        if results[i][0] is None and results[i + 1][0] is not None and _same_sentence(body, sentences[i], sentences[i + 1]):
            following = body[sentences[i + 1][0] : sentences[i + 1][1]]
            if carried or _ENDS_WITH_ATTRIBUTION.search(following):
                results[i] = (results[i + 1][0], results[i][1])
                carried = True
                continue
        carried = False
    return _one_claimant_per_person(body, sentences, results, guard)


_ENDS_WITH_ATTRIBUTION = re.compile(
    rf"(?:\baccording to [^,;\x00]{{2,80}}|,\s*(?:{_VERB_FIRST_VERBS})\s+[^,;]{{2,80}}|,\s*[^,;]{{2,60}}\s(?:{_VERB_FIRST_VERBS}))[.!?]?[\"”’']?\s*$",
    re.IGNORECASE,
)


def _same_sentence(body: str, first: tuple[int, int], second: tuple[int, int]) -> bool:
    """Two spans are clauses of one sentence: the first ends on no sentence punctuation, only space between."""
    return body[first[1] - 1] not in ".!?\"”’" and not body[first[1] : second[0]].strip(" \t\n,;")


def _one_claimant_per_person(body, sentences, results, guard):
    """Within the article one person is one claimant, named by the fullest name used there.

    Titles are dropped and a one-word name becomes the article's full name that ends (else starts)
    with it (`claimants.NameBook`); a generic description ("the company", "officials", "a
    spokesman") becomes the nearest organisation named before it that it stands for ("Fujitsu Ltd"),
    else None; then a claimant whose words are a strict sub-sequence of another's becomes that one.
    """
    if not any(claimant for claimant, _ in results):
        return results
    book = NameBook(body)
    fuller: dict[str, str | None] = {}
    named: list[str | None] = []
    for (claimant, _), (start, _end) in zip(results, sentences):
        if claimant is None:
            named.append(None)
            continue
        original = claimant
        if is_generic_description(claimant):
            noun = claimant.split()[-1]
            named.append(guard.clean(book.organisation_before(noun, start)))
            continue
        if claimant not in fuller:
            words = claimant.split()
            if all(possessive_free(w).rstrip(".").lower() in TITLE_WORDS for w in words) and not (
                len(words) == 2 and _is_honorific(words[0])
            ):
                fuller[claimant] = None  # "Mr", "President": a title names no one
                named.append(None)
                continue
            if words[-1] != possessive_free(words[-1]):
                claimant = guard.clean(" ".join([*words[:-1], possessive_free(words[-1])])) or claimant  # "Marathon's"
            full = claimant
            if claimant[:1].isupper() or claimant.split()[0].lower() in TITLE_WORDS:
                full = guard.clean(book.fullest(claimant)) or claimant
                if is_generic_description(full):
                    full = claimant  # "Justice Department" is no title before "Department"
            fuller[original] = full
        named.append(fuller[original])
    merged = merge_subforms(named)
    return [(claimant, is_quote) for claimant, (_, is_quote) in zip(merged, results)]


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
    trailing = _speaker_after(_MASK + after)
    if trailing:
        found = resolver.canonical(trailing, people_here)
        if found:
            return found
    match = _AFTER_QUOTE.match(_ABBREVIATION_STOP.sub(_HIDE_STOP, after)) if "." in after else _AFTER_QUOTE.match(after)
    if match:
        phrase = (match.group("speaker_after") or match.group("speaker_before") or "").replace(_HIDDEN_STOP, ".")
        if len(phrase.split()) <= MAX_SUBJECT_WORDS:
            found = resolver.canonical(phrase, people_here)
            if found:
                return found
    closing = _SPEAKER_THEN_VERB.match(after)
    if closing:  # '...,'' Mr. Mahaney, of RBC Capital Markets, said.'
        found = resolver.canonical(_subject_before(after, closing.start("verb")), people_here)
        if found:
            return found
    # Up to and including the opening quote mark, so "stating, ‘" and "said: “" are seen whole.
    before = sentence[: max(quote_start - offset + 1, 0)]
    if before[:-1].rstrip().endswith(":"):  # "Mr. Christie gloated: ''...''", "Donald Trump: “...”"
        words = before[:-1].rstrip()[:-1].rsplit(", ", 1)[-1].split()
        while words and words[-1][:1].islower() and words[-1] not in NAME_CONNECTORS:
            words.pop()  # "the Christie supporter retorted", "went so far as to say"
        subject = " ".join(words)
        if subject and len(subject.split()) <= MAX_SUBJECT_WORDS:
            found = resolver.canonical(subject, people_here)
            if found:
                return found
    participle = _PARTICIPLE.search(before)
    if participle:
        return resolver.canonical(_sentence_subject(before), people_here)
    verb = _main_verb(before, last=True)  # the verb nearest the quotation: 'X said, “...”'
    if verb is not None:
        return resolver.canonical(_subject_before(before, verb.start()), people_here)
    return None


# After a quotation: a speaker, perhaps with appositives, then the verb ending the sentence.
_SPEAKER_THEN_VERB = re.compile(
    rf"^[\s,]*[A-Z][^\x00;:!?\"“”]{{1,160}}?\s(?P<verb>{_VERB_FIRST_VERBS}|told|tells)\b(?:\s+(?:on|in|at|last|of|about)\b[^,.;]{{0,60}})?\s*[.!?]?\s*$"
)
_RELATIVE_BEFORE = re.compile(r"\b(?:who|which|whom)\s+(?:[a-z]+\s+){0,2}$")
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|be|been|being|am)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_CORE_VERBS = frozenset("said says say told tells added adds wrote writes stated".split())


_LOWER_RUN = re.compile(r"\b[a-z]+\b")
_NO_VERB_AFTER = re.compile(r"(?:^|\s)(?:the|a|an|his|her|its|their|our|my|your|to)\s+$", re.IGNORECASE)


def _verbs(text: str):
    """`_FINITE_VERB.finditer(text)`, faster: the pattern is tried only where a reporting word begins."""
    for word in _LOWER_RUN.finditer(text):
        found = word.group()
        if found not in _VERB_WORDS:
            continue
        if found in _REPORTING_NOUNS and not _after_subject(text, word):
            continue  # "Rattling off promises to ...": a noun
        if _NO_VERB_AFTER.search(text, max(0, word.start() - 7), word.start()):
            continue  # "his proposed legislation", "the alleged", "to say": no finite verb
        if found in _REPORTING_WORDS:
            verb = _FINITE_VERB.match(text, word.start())
            if verb:
                yield verb
                continue
        if found in _STANCE_WORDS and _after_subject(text, word):
            yield word
        elif found in _PHRASE_HEADS and _STANCE_PHRASE.match(text, word.start()) and _after_subject(text, word):
            yield word
        elif found in _STANCE_ADJECTIVES:
            copula = _COPULA_BEFORE.search(text, max(0, word.start() - 50), word.start())
            if copula and _after_subject(text, copula):
                yield copula


def _main_verb(text: str, last: bool = False):
    """The reporting verb whose subject is the speaker: the first (or last) "said"-like one, else the first
    (or last) of any; never a passive."""
    core = other = None
    for verb in _verbs(text):
        if not verb.group(0).endswith("ing") and _PASSIVE_BEFORE.search(text, max(0, verb.start() - 30), verb.start()):
            continue  # "Clinton was declared the winner"
        if _RELATIVE_BEFORE.search(text, max(0, verb.start() - 40), verb.start()):
            continue  # "Barkley, who said he typically votes democratic, said ..."
        if verb.group(0).lower() in _CORE_VERBS:
            if not last:
                return verb
            core = verb
        elif other is None or last:
            other = verb
    return core or other


def _reported_speaker(sentence, offset, quotes, resolver, people_here) -> str | None:
    if _VERB_WORDS.isdisjoint(_LOWER_WORD.findall(sentence.lower())):
        return None  # most sentences: no reporting verb, skip the slower patterns
    text = _outside_quotes(sentence, offset, quotes) if quotes else sentence
    according = _ACCORDING_TO.search(text)
    if according:
        found = resolver.canonical(according.group("source"), people_here)
        if found:
            return found
    trailing = _speaker_after(text)
    if trailing:
        found = resolver.canonical(trailing, people_here)
        if found:
            return found
    verb = _main_verb(text)
    if verb is not None and verb.re is _LOWER_RUN:  # a stance verb: a trailing "..., the SEC said." comes first
        trailing = _TRAILING_ATTRIBUTION.search(text)
        found = trailing and resolver.canonical(trailing.group("speaker"), people_here)
        if found:
            return found
    participle = _PARTICIPLE.search(text)
    tries = []
    if verb and verb.re is _LOWER_RUN and verb.group(0).endswith("ing") and text[: verb.start()].rstrip().endswith(","):
        tries.append(lambda: _sentence_subject(text) or _clause_subject(text))  # "He extolled ..., applauding"
    if verb:
        tries.append(lambda: _subject_before(text, verb.start()))
    if participle:
        tries.insert(0 if not (verb and verb.start() < participle.start()) else len(tries),
                     lambda: _sentence_subject(text) or _clause_subject(text))
    for phrase in tries:
        found = resolver.canonical(phrase(), people_here)
        if found:
            return found
    trailing = _TRAILING_ATTRIBUTION.search(text)
    if trailing:
        return resolver.canonical(trailing.group("speaker"), people_here)
    bare = _BARE_ATTRIBUTION.match(text)
    if bare:  # "Rubio said." after a quotation the segmenter ended at its "?"
        return resolver.canonical(bare.group("speaker"), people_here)
    return None


_BARE_ATTRIBUTION = re.compile(
    rf"^\s*(?P<speaker>[A-Z][^,;:!?\x00\"“”]{{0,60}}?)\s+(?:also\s+|then\s+|later\s+)?(?:{_VERB_FIRST_VERBS}|told|asked|tweeted)"
    r"(?:\s+(?:on|in|at|last|this)\b[^,.;]{0,40})?\s*[.!?]?\s*$"
)


