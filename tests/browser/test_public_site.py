"""An anonymous reader on the public site, in a real browser: finds a published seed claim on /,
opens its page, whose JSON-LD passes Google's ClaimReview rules (structured-data-testing-tool);
a correction shows on the page and in the corrections feed."""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.models import Claim, Rating, Stance
from claims.review import workflow
from claims.review.publication import fact_check_path
from tests.factories import EditorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Installed by tests/browser/install_validator.sh (npm, into the git-ignored .local/node/).
SDTT = Path(__file__).resolve().parents[2] / ".local" / "node" / "node_modules" / ".bin" / "sdtt"


def validate_claim_review(html_file: Path) -> str:
    """Google's preset and the ClaimReview schema on the saved page; the report, or a failure with it."""
    result = subprocess.run([str(SDTT), "--file", str(html_file), "--presets", "Google",
                             "--schemas", "jsonld:ClaimReview"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def reader(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_a_reader_finds_a_published_seed_claim_and_its_page_carries_valid_claim_review(reader, artifacts_dir, settings,
                                                                                      live_server):
    settings.CLAIMTRACKER_SITE_URL = live_server.url + "/"
    call_command("load_seeds", verbosity=0)
    claim = Claim.objects.order_by("-check_worthiness", "-id").first()
    reviewer, editor = ReviewerFactory(username="rita-reviewer"), EditorFactory(username="eddie-editor")
    workflow.claim_rate(claim=claim, actor=reviewer, rating=Rating.FALSE, summary="The figures say otherwise.",
                        evidence=[{"url": "https://evidence.example/report", "title": "The report",
                                   "excerpt": "The figures.", "stance": Stance.REFUTES}])
    workflow.claim_publish(claim=claim, actor=editor)

    # The reader searches / for a word of the claim and opens its fact-check.
    word = max(re.findall(r"[A-Za-z]{4,}", claim.text), key=len)
    reader.goto("/")
    reader.get_by_label("Search claims and claimants").fill(word)
    reader.get_by_role("button", name="Search").click()
    reader.wait_for_url(re.compile(r"\?.*q="))
    reader.locator(f'.card-claim a[href="{fact_check_path(claim)}"]').click()
    reader.wait_for_url(f"**{fact_check_path(claim)}")
    assert reader.locator("h1.claim-quote").inner_text() == f"“{claim.text}”"
    assert reader.locator(".verdict .rating").inner_text().lower() == "false"
    assert reader.locator("link[rel=canonical]").get_attribute("href") == live_server.url + fact_check_path(claim)
    page_file = artifacts_dir / "public_fact_check.html"
    page_file.write_text(reader.content())
    reader.screenshot(path=str(artifacts_dir / "public_fact_check.png"), full_page=True)

    if SDTT.exists():
        report = validate_claim_review(page_file)
        assert "ClaimReview" in report
    else:  # CI installs it (.ci/run) and says so: there a missing validator is a failure, not a skip
        assert not os.environ.get("CLAIMTRACKER_REQUIRE_VALIDATOR"), f"{SDTT} is missing"
        print(f"structured-data-testing-tool is not installed ({SDTT}); run tests/browser/install_validator.sh. "
              "The ClaimReview was not validated.")

    # A correction: the page says what the rating was and is, and the corrections feed lists it.
    workflow.claim_reopen(claim=claim, actor=editor, note="New figures")
    workflow.claim_rate(claim=claim, actor=reviewer, rating=Rating.MOSTLY_TRUE, summary="New figures came out.")
    workflow.claim_publish(claim=claim, actor=editor)
    reader.reload()
    corrections = reader.locator("#corrections").inner_text().lower()  # badges are in capitals (CSS)
    assert "the rating was false" in corrections and "it is now mostly true" in corrections
    assert reader.locator(".verdict .rating").inner_text().lower() == "mostly true"
    feed = reader.request.get("/corrections/feed/").text()
    assert live_server.url + fact_check_path(claim) + "#corrections" in feed
    if SDTT.exists():
        page_file.write_text(reader.content())
        validate_claim_review(page_file)
    reader.screenshot(path=str(artifacts_dir / "public_fact_check_corrected.png"), full_page=True)
