"""The article page and the span picker in a real browser: highlights that point at the check-worthy
claims, each claim listed once, a claim made or moved by selecting its text, and the dashboard.

The selection is made in the page with the DOM's Selection API over the text the reader sees, then
released like a mouse button: the offsets come from the page's own script, never from the test."""

import pytest
from django.core.management import call_command

from claims.extraction import CHECKWORTHY_THRESHOLD
from claims.models import Article, Claim, ClaimStatus
from claims.review.edits import claim_create
from tests.browser.conftest import PASSWORD
from tests.factories import ArticleFactory, ReviewerFactory


pytestmark = pytest.mark.django_db(transaction=True)

# Selects the first occurrence of `text` inside `root` (it may cross marks and links), then releases
# the mouse as a reader would after dragging over it.
SELECT = """([root, text]) => {
    const container = document.querySelector(root);
    const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let all = "";
    while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
    const at = all.indexOf(text);
    if (at < 0) throw new Error("not on the page: " + text);
    const locate = (position) => {
        const [node, begin] = nodes.filter(([, begin]) => begin <= position).pop();
        return [node, position - begin];
    };
    const range = document.createRange();
    range.setStart(...locate(at));
    range.setEnd(...locate(at + text.length));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    container.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""

BACKGROUND = """(selector) => [...document.querySelectorAll(selector)].map(
    element => getComputedStyle(element).backgroundColor)"""
TRANSPARENT = {"rgba(0, 0, 0, 0)", "transparent"}


@pytest.fixture
def seeded(db):
    call_command("load_seeds", verbosity=0)
    return Article.objects.get()


def reviewer_page(login, width=1366, height=768):
    page = login(ReviewerFactory(username="rita-reviewer", password=PASSWORD))
    page.set_viewport_size({"width": width, "height": height})
    return page


def test_the_article_page_highlights_the_check_worthy_claims_by_status(login, artifacts_dir, seeded):
    claims = list(seeded.claims.order_by("start"))
    worthy = [claim for claim in claims if claim.check_worthiness >= CHECKWORTHY_THRESHOLD]
    assert 0 < len(worthy) < len(claims)  # the seed has both, or this test would show nothing
    page = reviewer_page(login)
    page.goto(f"/admin/claims/article/{seeded.pk}/change/")

    body = ".claim-article-body"
    highlighted = page.evaluate(BACKGROUND, f"{body} mark.claim-span:not(.below)")
    faint = page.evaluate(BACKGROUND, f"{body} mark.claim-span.below")
    assert len(highlighted) == len(worthy) and len(faint) == len(claims) - len(worthy)
    assert not TRANSPARENT & set(highlighted)  # coloured by status
    assert set(faint) <= TRANSPARENT  # only underlined
    titles = page.locator(f"{body} mark.claim-span:not(.below)").evaluate_all("marks => marks.map(m => m.title)")
    assert sorted(titles) == sorted(f"Claim {c.pk}: {c.get_status_display()}, check-worthiness "
                                    f"{c.check_worthiness:.2f}" for c in worthy)
    # The legend names every status with the number highlighted, and the claims below the threshold.
    legend = page.locator(".claim-legend").inner_text()
    assert f"Unreviewed {len(worthy)}" in " ".join(legend.split())
    assert f"below {CHECKWORTHY_THRESHOLD:.2f} {len(claims) - len(worthy)}" in " ".join(legend.split())
    page.screenshot(path=str(artifacts_dir / "browser_article_page.png"), full_page=True)

    # On demand, the others are highlighted too.
    page.check(".claim-legend input.show-below")
    assert not TRANSPARENT & set(page.evaluate(BACKGROUND, f"{body} mark.claim-span.below"))

    # Each claim is listed once under the body, as a link to its page.
    for claim in claims:
        assert page.locator(f"a[href='/admin/claims/claim/{claim.pk}/change/']").count() == 2  # body and list
        assert page.locator(f"table.article-claims a[href='/admin/claims/claim/{claim.pk}/change/']").count() == 1
    assert page.locator("table.article-claims tbody tr").count() == len(claims)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_new_claim_is_made_by_selecting_its_text(login, artifacts_dir, db):
    # Astral characters and accents before the claim: offsets are code points, as Python counts them.
    body = "Señor 😀 González wrote first. 🇨🇴 The mayor said crime fell 20% in 2023. Then more followed."
    wanted = "The mayor said crime fell 20% in 2023."
    article = ArticleFactory(title="Crime", body=body)
    page = reviewer_page(login)
    page.goto(f"/admin/claims/article/{article.pk}/change/")

    new_claim = page.locator("a[data-new-claim]")
    assert new_claim.get_attribute("aria-disabled") == "true"  # nothing selected yet
    page.evaluate(SELECT, [".claim-article-body", wanted + " "])  # the trailing space is trimmed
    assert new_claim.get_attribute("aria-disabled") is None
    assert wanted in page.locator(".span-picked").inner_text()
    new_claim.click()
    page.wait_for_url("**/admin/claims/claim/add/**")

    # The add form shows the article with the picked span marked; start, end and the article itself
    # are not boxes to type in (the span belongs to the body shown).
    assert page.locator(".span-picker mark.picked").inner_text() == wanted
    for field in ("#id_start", "#id_end", "#id_article"):
        assert page.locator(field).get_attribute("type") == "hidden"
    page.screenshot(path=str(artifacts_dir / "browser_new_claim_by_selection.png"), full_page=True)
    page.select_option("#id_kind", "statistic")
    page.click("input[name=_save]")
    page.wait_for_selector("text=was added successfully")

    claim = Claim.objects.get(article=article)
    assert claim.text == wanted and body[claim.start:claim.end] == wanted
    assert claim.extractor == "manual"


def test_a_claims_span_is_moved_by_selecting_text_in_its_passage(login, artifacts_dir, db):
    body = ("Exports fell last year. Officials said exports rose 12% in 2024, the ministry said. "
            "Nobody expected that.")
    article = ArticleFactory(body=body)
    start = body.index("Officials")
    reviewer = ReviewerFactory(username="rita-reviewer", password=PASSWORD)
    claim = claim_create(article=article, start=start, end=body.index(" Nobody"), actor=reviewer)
    page = login(reviewer)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"/admin/claims/claim/{claim.pk}/change/")

    # One heading per section: the passage's panel has no second "claim in its article" label.
    headings = page.locator("fieldset h2").all_inner_texts()
    assert len(headings) == len(set(headings))
    assert page.locator("text=/claim in its article/i >> visible=true").count() == 1
    assert page.locator("#id_start").get_attribute("type") == "hidden"

    # A stray selection is undone by "Keep the span as it was".
    page.evaluate(SELECT, [".claim-context", "Nobody expected"])
    assert page.locator("#id_start").input_value() == str(body.index("Nobody"))
    page.click(".span-reset")
    assert (page.locator("#id_start").input_value(), page.locator("#id_end").input_value()) == (
        str(start), str(body.index(" Nobody")))
    assert page.locator(".span-reset").is_hidden()

    page.evaluate(SELECT, [".claim-context", "exports rose 12% in 2024"])
    assert "exports rose 12% in 2024" in page.locator(".span-picked").inner_text()
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")

    claim.refresh_from_db()
    assert claim.text == "exports rose 12% in 2024" and claim.edited_by_hand
    page.goto(f"/admin/claims/claim/{claim.pk}/change/")
    page.screenshot(path=str(artifacts_dir / "browser_claim_page_picker.png"), full_page=True)
    assert page.locator(".claim-context mark.claim-span").inner_text() == "exports rose 12% in 2024"


def test_the_dashboard_opens_the_admin(login, artifacts_dir, seeded):
    page = reviewer_page(login)
    page.goto("/admin/")
    assert page.locator("#ct-dashboard svg").count() == 4
    total = Claim.objects.count()
    assert page.locator("#ct-dashboard").get_by_text(f"{total} claims in all").count() == 1
    unreviewed = Claim.objects.filter(status=ClaimStatus.UNREVIEWED).count()
    titles = page.locator("#ct-dashboard svg title").evaluate_all("titles => titles.map(t => t.textContent)")
    assert f"Unreviewed: {unreviewed} claims" in titles
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artifacts_dir / "browser_dashboard.png"), full_page=True)


def test_a_span_is_picked_with_the_keyboard_too(login, db):
    body = "Before it. Exports rose 12% in 2024, the ministry said. After it."
    article = ArticleFactory(body=body)
    reviewer = ReviewerFactory(username="rita-reviewer", password=PASSWORD)
    claim = claim_create(article=article, start=0, end=len("Before it."), actor=reviewer)
    page = login(reviewer)
    page.goto(f"/admin/claims/claim/{claim.pk}/change/")
    wanted = "Exports rose 12%"

    # Its first letter selected (as a short drag would), then shift and the right arrow, letter by letter
    # (Chromium extends a selection from the keyboard; a bare caret only with caret browsing on).
    page.evaluate("""(word) => {
        const source = document.querySelector(".claim-context .span-source");
        const walker = document.createTreeWalker(source, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const at = walker.currentNode.data.indexOf(word);
            if (at >= 0) { window.getSelection().setBaseAndExtent(walker.currentNode, at, walker.currentNode, at + 1); return; }
        }
        throw new Error("not found");
    }""", "Exports")
    page.keyboard.down("Shift")
    for _ in wanted[1:]:
        page.keyboard.press("ArrowRight")
    page.keyboard.up("Shift")

    assert page.locator("#id_start").input_value() == str(body.index(wanted))
    assert page.locator("#id_end").input_value() == str(body.index(wanted) + len(wanted))
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    claim.refresh_from_db()
    assert claim.text == wanted
