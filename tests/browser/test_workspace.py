"""The reviewer's workspace in a real browser: a claim list built for reading at common screen sizes,
and a publish that shows the verdict about to go public before it happens."""

import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimStatus, Rating
from claims.review.workflow import claim_rate
from tests.browser.conftest import PASSWORD
from tests.factories import EditorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db(transaction=True)

# What the list's layout is measured by, in the page itself.
LAYOUT = """() => {
    const table = document.querySelector("#result_list");
    const claim = table.querySelector("thead th.column-claim_cell");
    const rows = [...table.querySelectorAll("tbody tr")];
    return {
        share: claim.getBoundingClientRect().width / table.getBoundingClientRect().width,
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        tableRight: table.getBoundingClientRect().right,
        rows: rows.length,
        visible: rows.filter(row => row.getBoundingClientRect().bottom <= window.innerHeight).length,
        textLines: Math.max(...rows.map(row => {
            const text = row.querySelector(".claim-text");
            return Math.round(text.getBoundingClientRect().height / parseFloat(getComputedStyle(text).lineHeight));
        })),
    };
}"""


NO_HORIZONTAL_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def seeded(db):
    call_command("load_seeds", verbosity=0)
    return Claim.objects.count()


@pytest.mark.parametrize(("width", "height", "least_visible"), [(1366, 768, 12), (1920, 1080, 12)])
def test_the_claim_list_is_built_for_reading(login, artifacts_dir, seeded, width, height, least_visible):
    assert seeded >= 20
    page = login(ReviewerFactory(username="rita-reviewer", password=PASSWORD))
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/admin/claims/claim/")

    layout = page.evaluate(LAYOUT)
    print(f"{width}x{height}: {layout}")  # the measures, for the report (pytest -s)
    page.screenshot(path=str(artifacts_dir / f"browser_claim_list_{width}x{height}.png"))

    assert layout["share"] >= 0.45, layout  # the claim's text is the widest thing on the row
    assert layout["scrollWidth"] <= layout["innerWidth"], layout  # no horizontal scrolling
    assert layout["visible"] >= min(least_visible, layout["rows"]), layout
    assert layout["textLines"] <= 2, layout  # clamped to two lines
    # Check-worthiness as a band, status as a badge; the queue and "already checked" one click away.
    assert page.locator("#result_list .worthiness-bar").count() == layout["rows"]
    assert page.locator("#result_list .claim-status.status-unreviewed").count() >= 1
    assert page.locator("#my-open-claims").get_attribute("href") == "?assigned=mine"
    assert page.locator("#already-checked-claims").get_attribute("href") == "?already_checked=yes"


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_an_editor_sees_the_verdict_before_publishing_it(login, artifacts_dir, seeded, width, height):
    claim = Claim.objects.order_by("-check_worthiness", "-id").first()
    reviewer = ReviewerFactory(username="rita-reviewer", password=PASSWORD)
    claim_rate(claim=claim, actor=reviewer, rating=Rating.FALSE, summary="The ministry's own figures say otherwise.",
               evidence=[{"url": "https://stats.example/exports-2024", "title": "Exports 2024", "stance": "refutes"}])
    page = login(EditorFactory(username="eddie-editor", password=PASSWORD))
    page.set_viewport_size({"width": width, "height": height})

    page.goto(f"/admin/claims/claim/{claim.pk}/change/")
    page.screenshot(path=str(artifacts_dir / f"browser_claim_page_{width}x{height}.png"), full_page=True)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.click("#claim-workflow a[data-action=publish]")
    page.wait_for_url(f"**/admin/claims/claim/{claim.pk}/move/publish/")

    # Nothing is public yet; the page shows what would be.
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REVIEWED
    confirm = page.locator("#claim-confirm")
    assert confirm.locator(".claim-verdict strong").first.inner_text() == "False"
    assert confirm.get_by_text("The ministry's own figures say otherwise.").count() == 1
    assert confirm.locator("a[href='https://stats.example/exports-2024']").inner_text() == "Exports 2024"
    page.screenshot(path=str(artifacts_dir / f"browser_publish_confirmation_{width}x{height}.png"), full_page=True)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)

    page.click("input[name=_confirm][value=Publish]")
    page.wait_for_selector("text=Claim published")
    assert page.locator("#claim-workflow .claim-status").inner_text() == "Published"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PUBLISHED
