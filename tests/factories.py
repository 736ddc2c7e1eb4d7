import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Article, Claim, Claimant, ClaimKind, Role, Source
from claims.ingest.articles import content_hash

BODY = (
    "Colombia is the world's largest producer of coca. Exports rose 12% in 2024, the ministry said. "
    "Officials expect further growth next year."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """Group names, e.g. UserFactory(roles=[Role.EDITORS])."""
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class ReviewerFactory(UserFactory):
    roles = factory.PostGeneration(lambda user, create, extracted, **kw: create and user.groups.add(
        Group.objects.get(name=Role.REVIEWERS)))


class EditorFactory(UserFactory):
    roles = factory.PostGeneration(lambda user, create, extracted, **kw: create and user.groups.add(
        Group.objects.get(name=Role.EDITORS)))


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Outlet {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    body = BODY
    language = "en"
    title_language = "en"
    content_hash = factory.LazyAttribute(lambda article: content_hash(article.title, article.body))


class ClaimantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claimant
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Claimant {n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim on the first sentence of its article (pass start/end for another span)."""

    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda claim: claim.article.body.index(".") + 1)
    text = factory.LazyAttribute(lambda claim: claim.article.body[claim.start:claim.end])
    kind = ClaimKind.STATISTIC
    check_worthiness = 0.9
    extractor = "test-extractor/1"
