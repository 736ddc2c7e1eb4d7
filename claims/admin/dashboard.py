"""The admin's first page: what the newsroom's claims look like today, read in a few indexed queries.

`dashboard(user)` runs seven queries whatever the number of claims, each planned on an index
(EXPLAIN at a million claims: `python -m bench.dashboard`):

- claims by status: one GROUP BY status, an index-only scan of an index that leads with status;
- new claims per day over the last 30 days: an index-only range scan of claims_claim_created;
- fact-checks published per day: the same on the partial index claims_claim_published;
- the rating breakdown of published claims: an index-only scan of claims_claim_published_rating
  (migration 0011; without it PostgreSQL read two thirds of the table's pages), and the scale's rows;
- the oldest unreviewed check-worthy claims: claims_claim_created in ascending order, LIMIT 10;
- the user's queue ("My open claims": assigned to them, in review): an index-only scan of claims_claim_assignee.

The charts are drawn here as inline SVG (`bar_chart`): no JavaScript, colours from the admin's CSS
variables (claims/static/claims/dashboard.css), so they follow its light and dark themes.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from claims.extraction import CHECKWORTHY_THRESHOLD
from claims.models import Claim, ClaimStatus
from claims.review.ratings import rating_scale

DAYS = 30
OLDEST_SHOWN = 10


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str = ""


@dataclass(frozen=True)
class OldClaim:
    id: int
    text: str
    check_worthiness: float
    created_at: datetime
    url: str


@dataclass(frozen=True)
class Dashboard:
    by_status: list[Bar]
    new_per_day: list[Bar]
    published_per_day: list[Bar]
    by_rating: list[Bar]
    oldest_checkworthy: list[OldClaim]
    my_open_claims: int
    my_open_claims_url: str
    threshold: float
    since: date

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.by_status)


def _changelist(**params) -> str:
    return f"{reverse('admin:claims_claim_changelist')}?{urlencode(params)}" if params else reverse(
        "admin:claims_claim_changelist")


def claims_by_status() -> dict[str, int]:
    rows = Claim.objects.order_by().values_list("status").annotate(n=Count("*"))
    return dict(rows)


def _per_day(claims, field: str, since: date) -> dict[date, int]:
    start = timezone.make_aware(datetime.combine(since, time.min))
    rows = (claims.filter(**{f"{field}__gte": start}).order_by()
            .annotate(day=TruncDate(field)).values_list("day").annotate(n=Count("*")))
    return dict(rows)


def new_claims_per_day(since: date) -> dict[date, int]:
    return _per_day(Claim.objects.all(), "created_at", since)


def published_per_day(since: date) -> dict[date, int]:
    return _per_day(Claim.objects.published(), "first_published_at", since)


def published_by_rating() -> dict[str, int]:
    return dict(Claim.objects.published().order_by().values_list("rating").annotate(n=Count("*")))


def oldest_checkworthy(limit: int = OLDEST_SHOWN, threshold: float = CHECKWORTHY_THRESHOLD):
    """Unreviewed claims scored at or above the threshold, oldest first."""
    return (Claim.objects.filter(status=ClaimStatus.UNREVIEWED, check_worthiness__gte=threshold)
            .order_by("created_at", "id").only("id", "text", "check_worthiness", "created_at")[:limit])


def my_open_claims(user) -> int:
    return Claim.objects.assigned_to(user).filter(status=ClaimStatus.IN_REVIEW).count()


def dashboard(user, *, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    since = today - timedelta(days=DAYS - 1)
    days = [since + timedelta(days=n) for n in range(DAYS)]
    statuses = claims_by_status()
    new, published = new_claims_per_day(since), published_per_day(since)
    ratings = published_by_rating()
    scale = rating_scale()
    by_rating = [Bar(level.label, ratings.pop(level.slug, 0), _changelist(status__exact="published", rating=level.slug))
                 for level in scale]
    by_rating += [Bar(slug or "No rating", n) for slug, n in sorted(ratings.items(), key=lambda kv: kv[0] or "")]
    return Dashboard(
        by_status=[Bar(status.label, statuses.get(status.value, 0), _changelist(status__exact=status.value))
                   for status in ClaimStatus],
        new_per_day=[Bar(day.isoformat(), new.get(day, 0)) for day in days],
        published_per_day=[Bar(day.isoformat(), published.get(day, 0)) for day in days],
        by_rating=by_rating,
        oldest_checkworthy=[
            OldClaim(c.id, c.text, c.check_worthiness, c.created_at,
                     reverse("admin:claims_claim_change", args=[c.id]))
            for c in oldest_checkworthy()
        ],
        my_open_claims=my_open_claims(user),
        my_open_claims_url=_changelist(assigned="mine", status__exact=ClaimStatus.IN_REVIEW),
        threshold=CHECKWORTHY_THRESHOLD,
        since=since,
    )


# --- Charts: bars as inline SVG -------------------------------------------------------------------

ROW = 22          # a horizontal bar's row height
LABEL_W = 110     # room for a horizontal bar's label
VALUE_W = 70      # room for its value
WIDTH = 480


def bar_chart(bars: list[Bar], *, title: str, unit: str) -> SafeString:
    """Horizontal bars, one row per bar: label, bar, value (each bar's <title> says it in words)."""
    top = max((bar.value for bar in bars), default=0) or 1
    span = WIDTH - LABEL_W - VALUE_W
    height = ROW * len(bars) + 4
    rows = []
    for n, bar in enumerate(bars):
        y = n * ROW + 2
        w = round(span * bar.value / top, 1)
        shape = format_html(
            '<rect class="ct-bar" x="{}" y="{}" width="{}" height="{}" rx="2"><title>{}: {} {}</title></rect>',
            LABEL_W, y + 3, max(w, 1 if bar.value else 0), ROW - 6, bar.label, bar.value, unit)
        label = format_html('<text class="ct-label" x="{}" y="{}" text-anchor="end">{}</text>',
                            LABEL_W - 6, y + ROW / 2 + 4, bar.label)
        if bar.url:
            label = format_html('<a href="{}">{}</a>', bar.url, label)
        value = format_html('<text class="ct-value" x="{}" y="{}">{}</text>', LABEL_W + w + 6, y + ROW / 2 + 4, bar.value)
        rows.append(format_html("<g>{}{}{}</g>", label, shape, value))
    return _svg(title, WIDTH, height, SafeString("".join(rows)))


COLUMN_H = 120    # the plot's height in a per-day chart
AXIS_H = 34       # room under it for day labels


def column_chart(bars: list[Bar], *, title: str, unit: str) -> SafeString:
    """Vertical bars, one per day, oldest on the left: each with its <title>, its value above it when
    not zero, and the date under every seventh day."""
    top = max((bar.value for bar in bars), default=0) or 1
    step = (WIDTH - 40) / max(len(bars), 1)
    parts = [format_html('<line class="ct-axis" x1="30" y1="{}" x2="{}" y2="{}"/>',
                         COLUMN_H + 12, WIDTH - 6, COLUMN_H + 12),
             format_html('<text class="ct-label" x="26" y="18" text-anchor="end">{}</text>', top)]
    for n, bar in enumerate(bars):
        h = round(COLUMN_H * bar.value / top, 1)
        x = round(34 + n * step, 1)
        parts.append(format_html(
            '<rect class="ct-bar" x="{}" y="{}" width="{}" height="{}"><title>{}: {} {}</title></rect>',
            x, COLUMN_H + 12 - h, round(step - 3, 1), h, bar.label, bar.value, unit))
        if bar.value and len(bars) <= 31:
            parts.append(format_html('<text class="ct-value ct-small" x="{}" y="{}" text-anchor="middle">{}</text>',
                                     round(x + step / 2 - 1.5, 1), COLUMN_H + 8 - h, bar.value))
        if (len(bars) - 1 - n) % 7 == 0:  # weekly back from the last day, which is always labelled
            parts.append(format_html('<text class="ct-label ct-small" x="{}" y="{}" text-anchor="middle">{}</text>',
                                     round(x + step / 2, 1), COLUMN_H + 28, bar.label[5:]))
    return _svg(title, WIDTH, COLUMN_H + AXIS_H, SafeString("".join(parts)))


def _svg(title: str, width: int, height: float, body: SafeString) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="ct-chart" role="img" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}"><title>{}</title>{}</svg>', title, body, w=width, h=height)


def charts(board: Dashboard) -> dict[str, SafeString]:
    return {
        "by_status": bar_chart(board.by_status, title="Claims by status", unit="claims"),
        "new_per_day": column_chart(board.new_per_day, title=f"New claims per day since {board.since}", unit="new claims"),
        "published_per_day": column_chart(board.published_per_day, title=f"Fact-checks published per day since {board.since}",
                                          unit="published"),
        "by_rating": bar_chart(board.by_rating, title="Published fact-checks by rating", unit="fact-checks"),
    }

