from rest_framework.routers import DefaultRouter

from claims.api import views


router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("claimants", views.ClaimantViewSet, basename="claimant")
router.register("claimreview", views.ClaimReviewViewSet, basename="claimreview")
router.register("ratings", views.RatingViewSet, basename="rating")

urlpatterns = router.urls
