"""What the matcher stores: one vector per imported fact-check and per published claim.

A row holds the encoder's unit vector as int8 (value x 127, `dimensions` bytes), the encoder's
version, a hash of the text it was computed from (a changed text or encoder is indexed again) and the
full-text vector of the same text (claim_reviewed and title, in the language's configuration).
Rows are replaced, never updated, so a growing id tells a process that its in-memory copy is stale.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class FactCheckVector(models.Model):
    id = models.BigAutoField(primary_key=True)
    fact_check = models.OneToOneField("factchecks.FactCheck", on_delete=models.CASCADE, related_name="matching_vector")
    model = models.CharField(max_length=64, help_text="The similarity encoder's version (minilm-l6-sim-1).")
    text_hash = models.CharField(max_length=32, help_text="MD5 of the text the vector is of.")
    vector = models.BinaryField()
    search_vector = SearchVectorField()

    class Meta:
        indexes = [GinIndex(fields=["search_vector"], name="matching_factcheck_search")]


class ClaimVector(models.Model):
    id = models.BigAutoField(primary_key=True)
    claim = models.OneToOneField("claims.Claim", on_delete=models.CASCADE, related_name="matching_vector")
    model = models.CharField(max_length=64)
    text_hash = models.CharField(max_length=32)
    vector = models.BinaryField()
    search_vector = SearchVectorField()

    class Meta:
        indexes = [GinIndex(fields=["search_vector"], name="matching_claim_search")]
