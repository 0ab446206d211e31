-- How an event's side was found (the mention's ``via``): a side the event's own phrase gave
-- keeps the mention's via ("country", "demonym+role" ...); a side filled from around it is a
-- copy marked "+clause" (the subject of the main clause an event noun sits in), "+coref"
-- (the sides of the act a noun refers back to) or "+discourse" (the topic of the sentences
-- before), see extract/discourse_sides.py and extract/event_coref.py. The event resolver
-- keys clusters on the sides an event's own phrase gave only. Rows stored before this
-- migration have '' (their fills unknown): the resolver keeps them as before.
ALTER TABLE event_actors ADD COLUMN via TEXT NOT NULL DEFAULT '';
