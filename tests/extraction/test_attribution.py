"""Claimants on real news sentences (issue 14): each case is quoted from PolNeAR train
(../shared/datasets/attribution/polnear/train/text, the file named above it) or Reuters-21578 train.
No database, no datasets needed (the text is here)."""

from __future__ import annotations

import pytest

from claims.extraction import extract
from claims.extraction.claimants import is_generic_description, merge_subforms


def claimant_of(body: str, fragment: str) -> str | None:
    found = [c for c in extract(body) if fragment in c.text]
    assert found, f"no claim contains {fragment!r}"
    return found[0].claimant


@pytest.mark.parametrize(
    ("body", "fragment", "expected"),
    [
        # usa-today_2016-01-22_some-republicans-promote-sanders: an appositive between speaker and verb
        (
            "Tad Devine, Sanders' senior media adviser, said Republicans are engaged in misguided \"mischief\" "
            "that shows their \"disconnect with what's going on with voters.\"",
            "Tad Devine",
            "Tad Devine",
        ),
        # huff-post_2016-06-09_clinton-and-sanders-aren-t-butti: a title, a parenthesis and an appositive
        (
            "Rep. Elijah Cummings (D-Md.), chair of the Platform Committee, said that it was “100 percent "
            "committed to an open and transparent process” and “open to every viewpoint being expressed.”",
            "Cummings",
            "Elijah Cummings",
        ),
        # usa-today_2016-01-12_energy-guns-top-young-voters-age: a place after the name, "of Huntsville, Ala."
        ("Brianne Stone, 29, of Huntsville, Ala., says her biggest concern is global warming.", "Stone", "Brianne Stone"),
    ],
)
def test_speaker_before_an_appositive(body, fragment, expected):
    assert claimant_of(body, fragment) == expected


def test_trailing_said_x_without_quotation_marks():
    # politico_2015-11-24_clinton-s-iowa-dilemma: "..., said Steve Grubbs, an Iowa operative ..."
    body = (
        "In a year when arguments against big government are resonating with voters, candidates have more room "
        "to walk away from the program, said Steve Grubbs, an Iowa operative currently working for Rand Paul’s campaign."
    )
    assert claimant_of(body, "candidates have more room") == "Steve Grubbs"


def test_trailing_said_mr_x_after_a_double_apostrophe_quotation():
    # nyt_2016-08-26_u-s-nominates-jim-yong-kim-for-n: the NYT archive quotes with two apostrophes;
    # "said Mr. Morris" is the Scott Morris of the paragraph before
    body = (
        "Scott Morris, a former Treasury official who is now a senior fellow at the Center for Global Development, "
        "which works to alleviate poverty and inequality, said that support for Mr. Kim among emerging nations that "
        "include China, Brazil and India should show that his nomination is ''not just the Americans jamming someone "
        "through.''\n''I think he's worked very hard during his first term to cultivate his relationships, "
        "particularly with the large emerging market countries,'' said Mr. Morris."
    )
    assert claimant_of(body, "support for Mr. Kim") == "Scott Morris"
    assert claimant_of(body, "cultivate his relationships") == "Scott Morris"


def test_speaker_in_the_next_sentence_of_the_quotation():
    # breitbart_2016-04-01_hillary-clinton-gets-testy-on-ca: the speaker comes after the quotation's second sentence
    body = (
        "Clinton supporters responded with chants of “I’m with her” until Clinton herself spoke up, and took on "
        "the protesters again.\n\n“I have earned 9 million votes in this election. I have 1 million more votes "
        "than Donald Trump and I have 2.5 million more votes than Bernie Sanders,” Clinton said."
    )
    assert claimant_of(body, "I have earned 9 million votes") == "Clinton"
    assert claimant_of(body, "2.5 million more votes") == "Clinton"


def test_pronoun_is_the_person_of_the_sentences_before():
    # politico_2016-05-05_paul-ryan-says-he-s-not-ready-to
    body = (
        "Ryan was diplomatic, but firm — Trump must prove that he deserves the nomination.\n\n"
        "“Well, to be perfectly candid with you, I’m just not ready to do that at this point,” Ryan told CNN's "
        "Jake Tapper about extending his support to Trump. “I’m not there right now. And I hope to, though, and "
        "I want to.”\n\n"
        "It was a partial reversal for the Wisconsin Republican, who had previously pledged to support the nominee. "
        "He said on Thursday that Trump needs to do more work to show that he is a true conservative who can unify "
        "the different wings of the Republican Party.\n\n"
        "“I think what a lot of Republicans want to see is that we have a standard-bearer that bears our "
        "standards,” he said."
    )
    assert claimant_of(body, "He said on Thursday") == "Ryan"
    assert claimant_of(body, "standard-bearer") == "Ryan"


def test_title_only_description_is_the_person_named_before():
    # wash-post_2016-04-18_sanders-says-his-private-meeting
    body = (
        "ROME - Bernie Sanders met privately with Pope Francis on Saturday, the capstone to an unusual detour "
        "from the American election.\n\nThe Democratic presidential candidate said the meeting was for personal "
        "reasons and does not constitute an endorsement from the Holy See."
    )
    assert claimant_of(body, "personal reasons") == "Bernie Sanders"


def test_while_clause_has_its_own_speaker():
    # wash-post_2016-03-04_blistering-attacks-upend-trump-s: the ", while" clause is Cruz's, not Rubio's
    body = (
        "Rubio suggested that someone who doesn't answer questions can't be president, while Cruz said that the "
        '"stakes in this election are too high" for Trump to be the nominee.'
    )
    claims = extract(body)
    assert [c.claimant for c in claims] == ["Rubio", "Cruz"]


def test_claimant_never_starts_with_but():
    # nyt_2016-04-28_nomination-almost-certain-clinto: "But ..." opens the sentence, the speaker trails it
    body = (
        "But Mrs. Clinton would do well to begin ''building bridges'' to Mr. Sanders, said David Axelrod, a former "
        "senior strategist for the Obama campaign."
    )
    assert claimant_of(body, "building bridges") == "David Axelrod"


def test_one_person_one_claimant_named_by_the_fullest_name():
    # nyt_2015-11-16_social-sites-overflow-when-crisi
    body = (
        "Facebook created the tool to help in times of crisis, a spokeswoman, Anna Richardson White, said on "
        "Saturday, and it has activated it five times in the last year after natural disasters. ''People turn to "
        "Facebook to check on loved ones and get updates, which is why we created Safety Check,'' Ms. White said."
    )
    assert {c.claimant for c in extract(body) if c.claimant} == {"Anna Richardson White"}


def test_generic_description_is_the_company_named_before_or_no_one():
    # Reuters-21578 train, article 3 (TEXAS COMMERCE BANCSHARES <TCB> FILES PLAN)
    body = (
        "Texas Commerce Bancshares Inc's Texas\nCommerce Bank-Houston said it filed an application with the\n"
        "Comptroller of the Currency in an effort to create the largest\nbanking network in Harris County.\n"
        "    The bank said the network would link 31 banks having\n13.5 billion dlrs in assets and 7.5 billion dlrs in deposits."
    )
    claimant = claimant_of(body, "link 31 banks")
    assert claimant is None or "Bank" in claimant
    # a description with no name for it in the article has no claimant
    assert claimant_of("Prices rose 3 pct in March, officials said.", "Prices") is None


@pytest.mark.parametrize("name", ["the company", "officials", "the report", "a spokesman", "company spokesman", "Analysts"])
def test_generic_descriptions(name):
    assert is_generic_description(name)


@pytest.mark.parametrize("name", ["Pentagon officials", "Regional security analysts", "Gustavo Petro", "Reuters"])
def test_not_generic_descriptions(name):
    assert not is_generic_description(name)


def test_sub_forms_merge_into_the_fullest_name():
    assert merge_subforms(["Petro", None, "Gustavo Petro", "Anna", "Anna Vries"]) == [
        "Gustavo Petro", None, "Gustavo Petro", "Anna Vries", "Anna Vries"
    ]


def test_heading_and_table_lines_in_capitals_are_not_claims():
    # Reuters-21578 train, article 93 (SUGAR QUOTA IMPORTS DETAILED -- USDA), its first lines
    body = (
        "The U.S. Agriculture Department said\ncumulative sugar imports from individual countries during the\n"
        "1987 quota year, which began January 1, 1987 and ends December\n31, 1987 were as follows, with quota "
        "allocations for the quota\nyear in short tons, raw value --\n            CUMULATIVE     QUOTA 1987\n"
        "              IMPORTS     ALLOCATIONS\n ARGENTINA        nil          39,130\n"
    )
    texts = [c.text for c in extract(body)]
    assert not [t for t in texts if "ALLOCATIONS" in t or t.startswith("CUMULATIVE")]
    assert texts[0].startswith("The U.S. Agriculture Department said")


@pytest.mark.parametrize(
    "body",
    [
        # Reuters-21578 train (Bank of England money market): a clock time is no quantity
        "The Bank of England said it had offered\nborrowing facilities to those discount houses wishing to use\nthem at 1430 GMT.",
        # PolNeAR train, nyt_2016-04-21_espn-fires-schilling-over-an-off: a score among sports words is no statistic
        "Schilling pitched seven innings, and the Red Sox won, 4-2.",
        # PolNeAR train, huff-post_2015-12-22_of-the-most-powerful-things-lati (its no-break space kept):
        # a year is no quantity, and "best actress" is an award
        "In 2007, America Ferrera became\u00a0the first Latina to take home a Golden Globe in the best actress category.",
    ],
)
def test_dates_times_scores_and_awards_are_not_statistics_or_opinions(body):
    assert all(c.kind not in ("statistic", "opinion") for c in extract(body))


def test_a_quantity_is_still_a_statistic():
    assert extract("Exports rose 5% in 1986 to 3.2 billion dlrs.")[0].kind == "statistic"


def test_an_attribution_trailing_a_sentence_covers_all_its_clauses():
    # huff-post_2016-08-23_donald-trump-jacked-up-his-campa
    body = (
        "On May 18, the day the fundraising deal was announced, Trump International Golf Club in West Palm Beach "
        "was paid $29,715; Trump National Golf Club in Jupiter, Florida, was paid $35,845; and Trump Restaurants "
        "LLC was paid $125,080, according to FEC records."
    )
    claims = extract(body)
    assert len(claims) == 3 and {c.claimant for c in claims} == {"FEC"}


def test_headline_speakers():
    # politico_2015-11-09_sanders-endorsements-prove-clint: "Name: ..." and an appositive "meanwhile"
    body = (
        "Sanders: Endorsements prove Clinton 'candidate of the establishment.'\n\nHillary Clinton has 31 "
        "endorsements in the United States Senate, a body in which her chief rival Bernie Sanders serves. Sanders, "
        "meanwhile, who sits at zero such endorsements, said that fact speaks volumes about which of the two "
        'Democratic presidential candidates is "prepared to take on the establishment."'
    )
    assert claimant_of(body, "Endorsements prove") == "Bernie Sanders"
    assert claimant_of(body, "speaks volumes") == "Bernie Sanders"
    # huff-post_2016-08-01_hillary-clinton-campaign-wants-a: a headline in title case
    body = (
        "Hillary Clinton Campaign Wants A Progressive DNC Chair.\n\nPHILADELPHIA ― Hillary Clinton’s campaign said "
        "it is looking for a progressive replacement to Rep. Debbie Wasserman Schultz (D-Fla.) to chair the "
        "Democratic National Committee."
    )
    assert "Clinton" in (claimant_of(body, "Wants A Progressive") or "")
