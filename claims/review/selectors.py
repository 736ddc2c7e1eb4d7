"""Who may see what: one selector per kind, used by the API, the admin and the public pages.

Anonymous readers (and accounts without a newsroom role) see published work only: published claims,
the articles that hold one, and claimants counted over their published claims. Newsroom staff
(is_staff, or a Reviewers/Editors member, whose groups grant view_claim) see everything.
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from claims.models import Article, Claim, Claimant, ClaimStatus
from claims.review.ratings import rating_slugs


def can_read_all(user) -> bool:
    """Staff of the newsroom: they see unpublished claims, history and who did what."""
    return bool(
        user and user.is_authenticated and user.is_active
        and (user.is_staff or user.has_perm("claims.view_claim"))
    )


def visible_claims(user, *, reads_all: bool | None = None) -> QuerySet:
    """The claims `user` may see (`reads_all`, when known, saves asking again)."""
    claims = Claim.objects.defer("search_vector")  # stored for search, never shown
    return claims if (can_read_all(user) if reads_all is None else reads_all) else claims.published()


def visible_articles(user, *, reads_all: bool | None = None) -> QuerySet:
    """The articles `user` may see: for the public, those with a published claim."""
    articles = Article.objects.all()
    if not (can_read_all(user) if reads_all is None else reads_all):
        articles = articles.filter(Exists(Claim.objects.published().filter(article=OuterRef("pk"))))
    return articles


def visible_claimants(user, *, reads_all: bool | None = None) -> QuerySet:
    """Claimants with `claim_count` and `rating_<rating>` over the claims `user` may see; the
    public sees only claimants with a published claim."""
    reads_all = can_read_all(user) if reads_all is None else reads_all
    visible = Q() if reads_all else Q(claims__status=ClaimStatus.PUBLISHED)
    claimants = Claimant.objects.annotate(
        claim_count=Count("claims", filter=visible),
        **{f"rating_{rating}": Count("claims", filter=visible & Q(claims__rating=rating)) for rating in rating_slugs()},
    )
    return claimants if reads_all else claimants.filter(claim_count__gt=0)
