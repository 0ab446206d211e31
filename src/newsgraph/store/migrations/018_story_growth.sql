-- A story's row is grown from its stored row when an article joins it (resolve/stories.py
-- ``_grown_row``) instead of recounted from all its articles, which a long-running story
-- made a cost per article growing with the story: whether the story already has the
-- joining article's outlet (as an original) and which of its articles gives its title are
-- index lookups.
CREATE INDEX IF NOT EXISTS story_articles_outlet ON story_articles(story_id, outlet, copy);
CREATE INDEX IF NOT EXISTS story_articles_lead ON story_articles(story_id, copy, day, article_id);
-- Rows grow from the stored ones from here on: recount every story once (a row an earlier
-- Store.replace left counting an article it took out would otherwise stay off), and drop
-- rows of stories with no article left.
DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles);
INSERT OR REPLACE INTO stories (id, title, n_articles, n_outlets, n_independent, first_seen,
                                last_seen)
    SELECT s.story_id,
           (SELECT a.title FROM story_articles x JOIN articles a ON a.id = x.article_id
            WHERE x.story_id = s.story_id ORDER BY x.copy, x.day, x.article_id LIMIT 1),
           count(*), count(DISTINCT s.outlet),
           count(DISTINCT CASE WHEN s.copy = 0 THEN s.outlet END), min(s.day), max(s.day)
    FROM story_articles s GROUP BY s.story_id;
