"""A claim from the seed, reviewed by a reviewer and published by an editor, in a real browser."""

import re

import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimStatus, Rating
from tests.browser.conftest import PASSWORD
from tests.factories import EditorFactory, ReviewerFactory

# live_server needs real transactions (tests/conftest.py restores the groups of migration 0004).
pytestmark = pytest.mark.django_db(transaction=True)

WHEN = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC")


def history_rows(page) -> list[str]:
    return [row.inner_text() for row in page.locator("table.claim-history tbody tr").all()]


def test_reviewer_rates_the_top_seed_claim_and_an_editor_publishes_it(login, artifacts_dir):
    call_command("load_seeds", verbosity=0)
    top = Claim.objects.order_by("-check_worthiness", "-id").first()
    reviewer = ReviewerFactory(username="rita-reviewer", password=PASSWORD)
    editor = EditorFactory(username="eddie-editor", password=PASSWORD)

    # The reviewer opens the queue: unreviewed claims, most check-worthy first.
    page = login(reviewer)
    page.locator("#content-main a[href=\"/admin/claims/claim/\"]").first.click()
    page.wait_for_url("**/admin/claims/claim/")
    page.locator("#result_list tbody tr").first.locator("th a").click()
    page.wait_for_url(f"**/admin/claims/claim/{top.pk}/change/")

    # The claim is shown highlighted inside its article.
    assert page.locator(".claim-context mark.claim-span").inner_text() == top.text

    page.click("#claim-workflow button[data-action=start]")
    page.wait_for_selector("text=Claim started")
    assert page.locator("#claim-workflow .claim-status").inner_text() == "In review"

    # It is now in the reviewer's own queue, one click from the list.
    page.goto("/admin/claims/claim/")
    page.click("#my-open-claims")
    page.wait_for_url("**/admin/claims/claim/?*assigned=mine*")
    page.wait_for_load_state()
    assert page.locator("#result_list tbody tr").count() == 1
    page.locator("#result_list tbody tr th a").first.click()

    page.click("#claim-workflow a[data-action=rate]")
    page.select_option("#id_rating", Rating.FALSE)
    page.fill("#id_summary", "The figures say otherwise.")
    page.fill("input[name=evidence-0-url]", "https://evidence.example/report")
    page.select_option("select[name=evidence-0-stance]", "refutes")
    page.click("input[name=_confirm]")
    page.wait_for_selector("text=Claim rated")
    assert page.locator("#claim-workflow .claim-status").inner_text() == "Reviewed"
    assert page.locator(".claim-verdict").get_by_text("The figures say otherwise.").count() == 1

    # The reviewer is offered no way to publish their own verdict.
    assert page.locator("[data-action=publish]").count() == 0
    page.screenshot(path=str(artifacts_dir / "browser_claim_reviewed.png"), full_page=True)

    # An editor publishes it.
    editor_page = login(editor)
    editor_page.goto(f"/admin/claims/claim/{top.pk}/change/")
    editor_page.click("#claim-workflow a[data-action=publish]")  # a confirmation page first
    editor_page.wait_for_url(f"**/admin/claims/claim/{top.pk}/move/publish/")
    assert editor_page.locator("#claim-confirm").get_by_text("The figures say otherwise.").count() == 1
    editor_page.click("input[name=_confirm]")
    editor_page.wait_for_selector("text=Claim published")
    assert editor_page.locator("#claim-workflow .claim-status").inner_text() == "Published"

    # The history shows every step, with who and when, newest first: back to the extractor's creation.
    rows = history_rows(editor_page)
    assert [row.split("\t")[2] for row in rows] == ["Published", "Rated", "Started review", "Created"]
    assert ["eddie-editor", "rita-reviewer", "rita-reviewer", "system"] == [row.split("\t")[1] for row in rows]
    assert all(WHEN.search(row) for row in rows)
    editor_page.screenshot(path=str(artifacts_dir / "browser_claim_published.png"), full_page=True)

    top.refresh_from_db()
    assert (top.status, top.rating) == (ClaimStatus.PUBLISHED, Rating.FALSE)
    assert (artifacts_dir / "browser_claim_published.png").stat().st_size > 10_000
