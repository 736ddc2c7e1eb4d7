"""The span invariant of 0003, checked in time linear in the article's length (issue 13).

0003 checked each claim row with `substr(body, start + 1, length)`. On a UTF-8 database `substr`
counts characters from the start of the string on every call, and the row trigger fetched the body
again for every row, so storing the 5,000 claims of a 256 KB article took seconds and a 5 MB article
hours. Now one statement-level trigger takes the new rows of a statement (COPY, INSERT, UPDATE) per
article; with many spans the body's code points are read once into an int[] whose slices cost
nothing to find, with few `substr` stays the cheaper way. What is checked is the same.
"""

from django.db import migrations

LINEAR = """
-- The 1-based position of the first span (starts[i], ends[i], texts[i]) that is not the article
-- body's body[start:end], or NULL when all are.
CREATE FUNCTION claims_first_span_mismatch(body text, starts int[], ends int[], texts text[])
RETURNS int AS $$
DECLARE
    points int[];
    body_length int := char_length(body);
    first_bad int;
BEGIN
    IF coalesce(cardinality(starts), 0) = 0 THEN
        RETURN NULL;
    ELSIF body IS NULL THEN
        RETURN 1;
    END IF;
    -- substr costs the body's length per span: cheaper than building the code points below
    -- (about 150 times a character's scan) only for a handful of spans.
    IF cardinality(starts) <= 64 THEN
        SELECT min(s.i) INTO first_bad
        FROM unnest(starts, ends, texts) WITH ORDINALITY AS s(start, "end", text, i)
        WHERE s."end" > body_length
           OR substr(body, s.start + 1, s."end" - s.start) IS DISTINCT FROM s.text;
        RETURN first_bad;
    END IF;
    -- unnest returns an array's elements in order, and ARRAY() keeps its subquery's order.
    points := ARRAY(SELECT ascii(c) FROM unnest(string_to_array(body, NULL)) AS c);
    SELECT min(s.i) INTO first_bad
    FROM unnest(starts, ends, texts) WITH ORDINALITY AS s(start, "end", text, i)
    WHERE s.start < 0 OR s."end" > body_length OR s.text IS NULL
       OR points[s.start + 1 : s."end"]
          IS DISTINCT FROM ARRAY(SELECT ascii(c) FROM unnest(string_to_array(s.text, NULL)) AS c);
    RETURN first_bad;
END
$$ LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE;

-- Raises when a span of the article is not its body's text there.
CREATE FUNCTION claims_check_article_spans(article_id bigint, body text, starts int[], ends int[],
                                           texts text[]) RETURNS void AS $$
DECLARE
    bad int := claims_first_span_mismatch(body, starts, ends, texts);
BEGIN
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'claim span %:% does not match the body of article %',
            starts[bad], ends[bad], article_id USING ERRCODE = 'check_violation';
    END IF;
END
$$ LANGUAGE plpgsql;

-- The rows a statement inserted (INSERT or COPY), article by article.
CREATE FUNCTION claims_claim_check_inserted_spans() RETURNS trigger AS $$
BEGIN
    PERFORM claims_check_article_spans(n.article_id, a.body, array_agg(n.start), array_agg(n."end"),
                                       array_agg(n.text))
    FROM claims_claim_inserted n LEFT JOIN claims_article a ON a.id = n.article_id
    GROUP BY n.article_id, a.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- The rows a statement updated whose span or article changed (status changes cost nothing here).
CREATE FUNCTION claims_claim_check_updated_spans() RETURNS trigger AS $$
BEGIN
    PERFORM claims_check_article_spans(n.article_id, a.body, array_agg(n.start), array_agg(n."end"),
                                       array_agg(n.text))
    FROM claims_claim_updated n JOIN claims_claim_before o ON o.id = n.id
    LEFT JOIN claims_article a ON a.id = n.article_id
    WHERE (n.article_id, n.start, n."end", n.text) IS DISTINCT FROM (o.article_id, o.start, o."end", o.text)
    GROUP BY n.article_id, a.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

-- A new body must still hold every claim of the article (0003's trigger, this check).
CREATE OR REPLACE FUNCTION claims_article_check_claim_spans() RETURNS trigger AS $$
DECLARE
    spans record;
BEGIN
    SELECT array_agg(c.start) AS starts, array_agg(c."end") AS ends, array_agg(c.text) AS texts INTO spans
    FROM claims_claim c WHERE c.article_id = NEW.id;
    IF claims_first_span_mismatch(NEW.body, spans.starts, spans.ends, spans.texts) IS NOT NULL THEN
        RAISE EXCEPTION 'the new body of article % no longer matches its claims', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER claims_claim_span_matches_body ON claims_claim;
DROP FUNCTION claims_claim_check_span();

CREATE TRIGGER claims_claim_inserted_spans_match_body
    AFTER INSERT ON claims_claim REFERENCING NEW TABLE AS claims_claim_inserted
    FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_check_inserted_spans();

CREATE TRIGGER claims_claim_updated_spans_match_body
    AFTER UPDATE ON claims_claim REFERENCING OLD TABLE AS claims_claim_before NEW TABLE AS claims_claim_updated
    FOR EACH STATEMENT EXECUTE FUNCTION claims_claim_check_updated_spans();
"""

# Back to 0003's row-by-row functions, as they were.
ROW_BY_ROW = """
DROP TRIGGER claims_claim_updated_spans_match_body ON claims_claim;
DROP TRIGGER claims_claim_inserted_spans_match_body ON claims_claim;
DROP FUNCTION claims_claim_check_updated_spans();
DROP FUNCTION claims_claim_check_inserted_spans();

CREATE OR REPLACE FUNCTION claims_article_check_claim_spans() RETURNS trigger AS $$
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

DROP FUNCTION claims_check_article_spans(bigint, text, int[], int[], text[]);
DROP FUNCTION claims_first_span_mismatch(text, int[], int[], text[]);

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
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0005_performance")]
    operations = [migrations.RunSQL(LINEAR, ROW_BY_ROW)]
