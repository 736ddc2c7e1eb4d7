"""ClaimTracker's admin theme (claims/static/claims/theme.css) in a real browser, light and dark: every
text measured against the background it is drawn on meets WCAG AA (4.5:1, 3:1 for large text), and
dark mode is dark. Both of Django's ways to dark mode are covered: the system's preference under the
theme switch's "auto", and the switch's explicit choice (localStorage "theme", as admin/js/theme.js
reads it) against the system's preference."""

import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimStatus, Rating
from claims.review.workflow import claim_dismiss, claim_publish, claim_rate, claim_start
from tests.browser.conftest import PASSWORD
from tests.factories import EditorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db(transaction=True)

# mode: (the system's colour scheme, the theme switch's choice in localStorage)
MODES = {
    "light": ("light", "auto"),
    "dark": ("dark", "auto"),
    "dark-switch": ("light", "dark"),  # the switch says dark on a light system
    "light-switch": ("dark", "light"),  # the switch says light on a dark system
}
AA_TEXT, AA_LARGE = 4.5, 3.0
DARK_BODY_LUMINANCE = 0.2

# What is measured on each page: name -> CSS selector of the elements whose own text is measured.
CHECKS = {
    "body text": "#content, #content p, #content td, #content th, #content li, #content label, #content span",
    "headings": "#content h1, #content h2, #content h3, #content .module caption",
    "links": "#content a",
    "header": "#header, #header *",
    "breadcrumbs": "div.breadcrumbs, div.breadcrumbs *",
    "sidebar": "#nav-sidebar, #nav-sidebar *",
    "status badges": ".claim-status",
    "already checked": ".already-checked",
    "claim in context": ".claim-context mark",
    "article marks": ".claim-article-body mark, .claim-legend mark",
    "chart text": ".ct-chart text",
}

# In the page: the contrast of each element's text with its effective background (its own and its
# ancestors' background colours, composited), the WCAG relative luminance and ratio.
MEASURE = """(checks) => {
    const parse = (css) => {
        const m = css && css.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const channel = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    const luminance = (c) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
    const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
    const background = (el) => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
            const c = parse(getComputedStyle(e).backgroundColor);
            if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
        }
        const canvas = getComputedStyle(document.documentElement).colorScheme.includes("dark")
            ? [18, 18, 18, 1] : [255, 255, 255, 1];
        return layers.reverse().reduce((under, top) => over(top, under), canvas);
    };
    const ratio = (a, b) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
    };
    const ownText = (el) => [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join("").trim();
    const shown = (el) => {
        const r = el.getBoundingClientRect(), s = getComputedStyle(el);
        return r.width > 1 && r.height > 1 && s.visibility !== "hidden" && s.display !== "none"
            && Number(s.opacity) > 0;
    };
    const hex = (c) => "#" + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, "0")).join("");
    const results = {};
    for (const [name, selector] of Object.entries(checks)) {
        const rows = [];
        for (const el of document.querySelectorAll(selector)) {
            const text = el.matches(".claim-status, .already-checked, mark") ? el.innerText.trim() : ownText(el);
            if (!text || !shown(el)) continue;
            const s = getComputedStyle(el);
            const bg = background(el);
            const fg = over(parse(el instanceof SVGElement ? s.fill : s.color), bg);
            const size = parseFloat(s.fontSize), weight = Number(s.fontWeight) || 400;
            const large = size >= 24 || (size >= 18.66 && weight >= 700);
            rows.push({text: text.slice(0, 40), fg: hex(fg), bg: hex(bg), ratio: ratio(fg, bg),
                       need: large ? 3.0 : 4.5, cls: el.className && String(el.className.baseVal ?? el.className)});
        }
        rows.sort((a, b) => (a.ratio - a.need) - (b.ratio - b.need));
        results[name] = {count: rows.length, worst: rows[0] || null,
                         failing: rows.filter(r => r.ratio < r.need).slice(0, 5),
                         min: rows.length ? Math.min(...rows.map(r => r.ratio)) : null,
                         classes: [...new Set(rows.map(r => r.cls).filter(Boolean))].slice(0, 8),
                         byClass: rows.reduce((seen, r) => (r.cls && !(r.cls in seen) ? {...seen, [r.cls]: r} : seen), {})};
    }
    const body = background(document.body);
    results.body = {bg: hex(body), luminance: luminance(body), theme: document.documentElement.dataset.theme,
                    fg: hex(parse(getComputedStyle(document.body).color)),
                    ratio: ratio(parse(getComputedStyle(document.body).color), body)};
    return results;
}"""


@pytest.fixture
def claims_in_every_status(db):
    """The seed, with one claim in each status besides unreviewed; the editor who reads the pages."""
    call_command("load_seeds", verbosity=0)
    reviewer = ReviewerFactory(username="rita-reviewer", password=PASSWORD)
    editor = EditorFactory(username="eddie-editor", password=PASSWORD)
    top, started, rated, published, dismissed = Claim.objects.order_by("-check_worthiness", "-id")[:5]
    claim_start(claim=started, actor=reviewer)
    for claim in (rated, published):
        claim_rate(claim=claim, actor=reviewer, rating=Rating.FALSE, summary="The official figures say otherwise.",
                   evidence=[{"url": "https://stats.example/report", "title": "Report", "stance": "refutes"}])
    claim_publish(claim=published, actor=editor)
    claim_dismiss(claim=dismissed, actor=reviewer, note="An opinion, not a fact.")
    return editor, top


def measured(page, path):
    page.goto(path)
    page.wait_for_load_state("networkidle")
    return page.evaluate(MEASURE, CHECKS)


@pytest.mark.parametrize("mode", list(MODES))
def test_admin_pages_are_legible_in_light_and_dark(login, artifacts_dir, claims_in_every_status, mode):
    editor, top = claims_in_every_status
    scheme, switch = MODES[mode]
    page = login(editor)
    page.emulate_media(color_scheme=scheme)
    page.context.add_init_script(f"localStorage.setItem('theme', '{switch}')")

    pages = {"dashboard": "/admin/", "claim_list": "/admin/claims/claim/",
             "claim": f"/admin/claims/claim/{top.pk}/change/", "article": f"/admin/claims/article/{top.article_id}/change/"}
    failures = []
    for name, path in pages.items():
        results = measured(page, path)
        page.screenshot(path=str(artifacts_dir / f"browser_theme_{name}_{mode}.png"), full_page=True)
        body = results.pop("body")
        print(f"\n{mode} {name}: body {body['fg']} on {body['bg']} {body['ratio']:.2f}:1, "
              f"luminance {body['luminance']:.3f}, data-theme={body['theme']}")
        for check, result in results.items():
            if result["count"]:
                worst = result["worst"]
                print(f"  {check:17} n={result['count']:3}  min {result['min']:5.2f}  worst {worst['ratio']:5.2f} "
                      f"(need {worst['need']}) {worst['fg']} on {worst['bg']} {worst['text']!r}")
            failures += [(mode, name, check, row) for row in result["failing"]]
        for row in results["status badges"]["byClass"].values():  # the worst of each status
            print(f"    {row['cls']:28} {row['ratio']:5.2f} {row['fg']} on {row['bg']}")

        assert page.locator("link[href$='claims/theme.css']").count() == 1, name
        assert body["theme"] == switch
        assert body["ratio"] >= AA_TEXT, (name, body)
        if mode.startswith("dark"):
            assert body["luminance"] < DARK_BODY_LUMINANCE, (name, body)
        else:
            assert body["luminance"] > 0.8, (name, body)
        if name == "claim_list":
            assert results["status badges"]["count"] >= 5, results["status badges"]
            statuses = {f"status-{status}" for status in ClaimStatus.values}
            shown = {cls for cls in " ".join(results["status badges"]["classes"]).split() if cls.startswith("status-")}
            assert shown == statuses, shown
            assert results["links"]["count"] > 0 and results["header"]["count"] > 0
        if name == "claim":
            assert results["claim in context"]["count"] == 1, results["claim in context"]
        if name == "dashboard":
            assert results["chart text"]["count"] > 0
    assert not failures, failures
