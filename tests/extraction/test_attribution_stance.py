"""Claimants of stance, evaluation and cognition verbs (issue 14): PolNeAR credits the subject of
"embraced", "ripped", "lists", "believes" as the source of what follows. Sentences are shaped on
PolNeAR train and Reuters-21578 train; no database, no datasets needed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.extraction import extract
from claims.extraction.attribution import _STANCE_WORDS
from claims.extraction.quotes import quotation_spans


def claimant_of(body: str, fragment: str) -> str | None:
    found = [c for c in extract(body, precise=False) if fragment in c.text]
    assert found, f"no claim contains {fragment!r}"
    return found[0].claimant


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Trump also embraced enhanced interrogation techniques at the rally in Manchester.", "Trump"),
        ("On Saturday, Senator Bernie Sanders, a Democratic rival, assailed her for supporting the war.", "Bernie Sanders"),
        ("Mr. Obama has long opposed the pipeline, and environmental groups welcomed the decision.", "Obama"),
        ("The Wisconsin governor, Scott Walker, did not deny the report on Tuesday.", "Scott Walker"),
        ("S and P cited Navistar's recent issuance of 104 mln shares of common stock.", "S and P"),
        ("Democrats believe the bill will pass the Senate before the recess.", "Democrats"),
    ],
)
def test_subject_of_a_stance_verb_is_the_claimant(body, expected):
    assert claimant_of(body, body[:20]) == expected


@pytest.mark.parametrize(
    "body",
    [
        # a noun, not a verb: after a possessive, a determiner, "to", or a base form after one name
        "Trump's support among evangelicals has held steady since the primary in Iowa.",
        "The campaign asked voters to support the measure in the fall election.",
        "Sanders support among young voters rose again in the latest national poll.",
        # a participle after a comma, a passive
        "Regan, expected to resign or be fired shortly, was savaged by the commission.",
        "The rule was criticized by utilities across the state of New York.",
    ],
)
def test_a_stance_word_that_is_no_verb_of_a_subject_gives_no_claimant(body):
    assert claimant_of(body, body[:20]) is None


def test_a_trailing_said_x_beats_a_stance_verb_before_it():
    # Reuters: the source is the SEC, not Continental, the subject of "listed"
    body = (
        "Continental had originally listed 565 mln dlrs of the loan loss provision as a credit loss, "
        "the SEC said."
    )
    assert claimant_of(body, "Continental") == "SEC"


_SURNAMES = st.sampled_from(["Sanders", "Clinton", "Kasich", "Rubio", "Warren", "Pelosi"])
_THIRD_PERSON = sorted(w for w in _STANCE_WORDS if w.endswith("s") and not w.endswith("ss"))


@given(surname=_SURNAMES, verb=st.sampled_from(_THIRD_PERSON))
def test_any_third_person_stance_verb_credits_the_named_subject(surname, verb):
    body = f"Senator Jane {surname} {verb} the new trade agreement with Mexico and Canada."
    assert claimant_of(body, "trade agreement") == f"Jane {surname}"


@given(determiner=st.sampled_from(["Its", "The", "Their", "For", "With"]), verb=st.sampled_from(_THIRD_PERSON))
def test_a_stance_word_after_a_determiner_or_preposition_credits_no_one(determiner, verb):
    body = f"{determiner} {verb} of the new trade agreement with Mexico and Canada were many."
    assert claimant_of(body, "trade agreement") is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a participle right after its subject, also after "is"
        ("Democratic candidates went further, with former Maryland Gov. Martin O’Malley calling Trump a fascist.", "Martin O’Malley"),
        ("Bernie Sanders is thanking supporters at a victory rally in his home state of Vermont.", "Bernie Sanders"),
        # a subordinator before the subject
        (
            "Mr. Ailes faced another issue shortly before his ouster, when CNN reported that the host had provided "
            "Newt Gingrich with private jet travel to Indiana.",
            "CNN",
        ),
        # an opening participial phrase is not the subject
        (
            "Rattling off promises to lower student debt and improve education, Clinton promised a country of new "
            "opportunities.",
            "Clinton",
        ),
        # a dateline before the subject and its parenthesis
        (
            "WASHINGTON — Sen. Bernie Sanders (I-Vt.) defended his call to raise the federal minimum wage to $15 an "
            "hour, saying the positives in economic stimulus would outweigh the job losses.",
            "Bernie Sanders",
        ),
        # whose statement or plan it is, when it opens the sentence
        ("Jeb Bush's proposal for a radical overhaul of the federal student loan program won praise.", "Jeb Bush"),
    ],
)
def test_more_subjects_of_stance(body, expected):
    assert claimant_of(body, body[:20]) == expected


def test_a_possessive_that_is_no_statement_credits_no_one():
    assert claimant_of("Trump's support among evangelicals has held steady since Iowa.", "evangelicals") is None


def test_it_is_never_a_claimant():
    assert claimant_of("It’s been two months since Republicans confirmed a judge.", "two months") is None


def test_a_transcript_speaker_speaks_the_whole_paragraph():
    # cnn transcript shape: "NAME: ..." paragraphs
    body = (
        "Governor Mary Fallin spoke to Jake Tapper on Sunday.\n\n"
        "TAPPER: Do you think Donald Trump has campaigned as a racial healer?\n\n"
        "FALLIN: Well, I think the whole nation needs to work together. If you watch what he said this week, "
        "he talked about how devastating it was for Dallas.\n\n"
        "Note: This transcript has been edited for length."
    )
    assert "Tapper" in (claimant_of(body, "racial healer") or "")
    assert "Fallin" in (claimant_of(body, "whole nation") or "")
    assert "Fallin" in (claimant_of(body, "devastating it was") or "")
    assert claimant_of(body, "edited for length") is None


def test_a_titled_speaker_between_two_parts_of_a_quotation():
    # nyt_2016 shape: the NYT archive quotes with two apostrophes; "Mr." holds a full stop
    body = (
        "''I think they'll do the right thing,'' Mr. Rendell said, ''and the right thing here is, without "
        "question, that the first gentleman have nothing to do with raising money for the foundation.''"
    )
    assert claimant_of(body, "right thing") == "Rendell"


def test_a_quotation_whose_speaker_opens_the_next_sentence():
    body = (
        "Laughter and cheers erupted from the audience.\n\n“What kind of people do I have here?” Trump asked, "
        "looking far from displeased."
    )
    assert claimant_of(body, "What kind of people") == "Trump"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Sanders has made clear that he expects the Clinton camp to unleash all its opposition research.", "Sanders"),
        ("Ted Cruz took aim at Donald Trump on Saturday, casting him as a false conservative.", "Ted Cruz"),
        ("Mr. Trump even offered some kind words about Mr. Bush, whom he attacked viciously.", "Trump"),
        ("House Republicans issued a report from a two-year investigation into the Benghazi attacks.", "House Republicans"),
        ("Jeb Bush tried to portray himself as the steady hand in a field of untested rivals.", "Jeb Bush"),
    ],
)
def test_a_phrase_of_stance_credits_its_subject(body, expected):
    assert claimant_of(body, body[:20]) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Shares of Texaco made gains in early trading on Wall Street after the ruling.",
        "The Central Bank issued 2.14 billion dlrs of bills at its weekly tender.",
        "Exports continued to rise in the first quarter of the year.",
    ],
)
def test_the_same_verbs_in_no_phrase_of_stance_credit_no_one(body):
    assert claimant_of(body, body[:20]) is None


def test_an_organisation_is_not_cut_to_its_generic_noun():
    # wash-post_2015-12-04_a-killing-and-video-test-emanuel: "Justice" is a title word, "Department" alone is generic
    body = (
        "Madigan asserted that trust in the Chicago Police Department is broken. The U.S. attorney's office is "
        "investigating the Chicago police and the Justice Department is considering a request to open a civil "
        "rights investigation."
    )
    assert claimant_of(body, "is considering a request") == "Justice Department"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Sanders was confident that he would win the state by a wide margin.", "Sanders"),
        ("Republicans are increasingly wary of the nominee and his rhetoric on trade.", "Republicans"),
        ("Trump sees a path to victory in Ohio and Pennsylvania this fall.", "Trump"),
        ("In his proposed legislation to ban Trump, Salceda cited a 2001 memorandum of the agency.", "Salceda"),
        (
            "Donald Trump, who is vying to be the next president, tweeted on Friday to say he had never suggested a "
            "database of Muslims.",
            "Donald Trump",
        ),
        ("Jeb Bush decided to skip the debate in Iowa and campaign in New Hampshire instead.", "Jeb Bush"),
    ],
)
def test_stance_adjectives_intentions_and_no_verb_after_a_determiner(body, expected):
    assert claimant_of(body, body[:20]) == expected


def test_a_pronoun_opening_a_clause_is_the_person_before():
    # "He extolled ..., applauding ...": the clause's subject is "he", never a claimant "He"
    body = (
        "Bernie Sanders spoke in Burlington on Tuesday night. He extolled the small-town virtues of Vermont, "
        "applauding the state’s town halls which he said could not be corrupted by billionaires."
    )
    assert claimant_of(body, "small-town virtues") == "Bernie Sanders"


@given(adjective=st.sampled_from(["confident", "wary", "critical", "skeptical", "eager", "hopeful"]))
def test_a_stance_adjective_without_a_named_subject_credits_no_one(adjective):
    body = f"It was {adjective} enough, and the market was {adjective} of more rate cuts this year."
    assert claimant_of(body, "market") is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The plan will fail, said Mr King.", "King"),
        ("The plan will fail, said Mr. King.", "King"),
        ("The bank will cut rates, Mr. King said.", "King"),
        ("Mervyn King spoke in London. The bank will cut rates, said Mr King, the governor.", "Mervyn King"),
    ],
)
def test_a_surname_that_is_a_title_word_after_an_honorific(body, expected):
    assert claimant_of(body, "will") == expected


def test_a_lone_said_x_after_a_quotation_ended_at_its_question_mark():
    # politico shape: the segmenter ends the quotation at "?", "Rubio said." stands alone
    body = (
        'Rubio criticized the moderators.\n"On abortion, the Democrats are extremists. Why does the media not ask '
        'Hillary Clinton why she believes all abortion should be legal?" Rubio said.'
    )
    assert claimant_of(body, "extremists") == "Rubio"
    assert claimant_of(body, "Why does the media") == "Rubio"


def test_a_misprinted_closing_quotation_mark():
    # politico shape: “It's unusual,“ with an opening mark that closes
    body = (
        "Candidates have rarely done this.\n\n“It's unusual,“ said Larry Noble, an attorney with the Campaign Legal "
        "Center. “It's a hard thing to do and pull off without stepping over one line or another.”"
    )
    assert claimant_of(body, "unusual") == "Larry Noble"
    assert claimant_of(body, "hard thing") == "Larry Noble"


def test_an_opening_mark_after_a_word_closes_an_open_quotation():
    text = "“It's unusual,“ said Larry Noble. “Not rare.”"
    assert quotation_spans(text) == [(0, 15), (34, 45)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("France’s Marine Le Pen Backs Trump And Denounces Clinton.\n\nPARIS — The leader spoke on Monday.", "Marine Le Pen"),
        ("Bernie Sanders To Release Medical Records After Pressure From Clinton Ally.\n\nThe letter came on Friday.", "Bernie Sanders"),
    ],
)
def test_a_title_case_headline_with_a_verb_of_stance(body, expected):
    assert expected in (claimant_of(body, body[:15]) or "")


def test_a_title_case_headline_without_a_verb_credits_no_one():
    body = "The Best Of The Week In Politics And Culture From Our Desk.\n\nHere is what you missed this week."
    assert claimant_of(body, "Best Of") is None
