-- A story's row is grown from its stored row when an article joins it (resolve/stories.py
-- ``_grown_row``) instead of recounted from all its articles, which a long-running story
-- made a cost per article growing with the story: whether the story already has the
-- joining article's outlet (as an original) and which of its articles gives its title are
-- index lookups.
CREATE INDEX IF NOT EXISTS story_articles_outlet ON story_articles(story_id, outlet, copy);
CREATE INDEX IF NOT EXISTS story_articles_lead ON story_articles(story_id, copy, day, article_id);
