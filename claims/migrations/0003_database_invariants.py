"""Invariants that hold whatever writes the rows: claim spans match their article body, and the
claim history is append-only."""

from django.db import migrations

SPAN_TRIGGER = """
CREATE FUNCTION claims_claim_check_span() RETURNS trigger AS $$
DECLARE
    article_body text;
BEGIN
    SELECT body INTO article_body FROM claims_article WHERE id = NEW.article_id;
    IF NEW."end" > char_length(article_body)
       OR substr(article_body, NEW.start + 1, NEW."end" - NEW.start) IS DISTINCT FROM NEW.text THEN
        RAISE EXCEPTION 'claim span %:% does not match the body of article %',
            NEW.start, NEW."end", NEW.article_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_claim_span_matches_body
    BEFORE INSERT OR UPDATE OF start, "end", text, article_id ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_claim_check_span();

CREATE FUNCTION claims_article_check_claim_spans() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM claims_claim c
        WHERE c.article_id = NEW.id
          AND (c."end" > char_length(NEW.body)
               OR substr(NEW.body, c.start + 1, c."end" - c.start) IS DISTINCT FROM c.text)
    ) THEN
        RAISE EXCEPTION 'the new body of article % no longer matches its claims', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_article_body_keeps_claims
    AFTER UPDATE OF body ON claims_article
    FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body)
    EXECUTE FUNCTION claims_article_check_claim_spans();

CREATE FUNCTION claims_claimevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'claim events are append-only' USING ERRCODE = 'restrict_violation';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_claimevent_no_update
    BEFORE UPDATE ON claims_claimevent
    FOR EACH ROW EXECUTE FUNCTION claims_claimevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS claims_claimevent_no_update ON claims_claimevent;
DROP FUNCTION IF EXISTS claims_claimevent_append_only();
DROP TRIGGER IF EXISTS claims_article_body_keeps_claims ON claims_article;
DROP FUNCTION IF EXISTS claims_article_check_claim_spans();
DROP TRIGGER IF EXISTS claims_claim_span_matches_body ON claims_claim;
DROP FUNCTION IF EXISTS claims_claim_check_span();
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_initial")]
    operations = [migrations.RunSQL(SPAN_TRIGGER, DROP)]
