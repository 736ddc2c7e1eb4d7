"""Signals of the review road, sent after the transaction that made the change commits.

fact_check_published(sender=Claim, claim=<Claim>, correction=<bool>): a claim was published; with
correction=True it had been published before under another verdict (reopened, re-rated, published
again). The webhooks listen to it.
"""

from django.dispatch import Signal


fact_check_published = Signal()
