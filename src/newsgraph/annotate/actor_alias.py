"""Aliases and acronyms: later short names of actors the article introduced in full.

"Lee" after "Lee Jae-won", "DFAT" after "Department of Foreign Affairs and Trade (DFAT)" or
after any organisation whose initials it spells. A mixin of the document state in
``actors``: it reads the tables that state keeps while it resolves heads in text order.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from newsgraph.annotate.actor_lexicon import Lexicon
from newsgraph.doc_cache import span_text
from newsgraph.records import ActorMention

_STOP_INITIALS = {"of", "and", "for", "the", "on", "in", "&"}


class Aliases:
    """Alias and acronym look-ups over the mentions found so far (see ``actors._DocState``)."""

    doc: Doc
    lex: Lexicon
    mentions: list[ActorMention]
    acronyms: dict[str, ActorMention]
    persons: list[ActorMention]
    persons_with: dict[str, list[ActorMention]]
    latest_with: dict[str, ActorMention]

    def _earlier_name(self, span: Span) -> ActorMention | None:
        """A one-word name the article already introduced: "DFAT", "Whitby" (whatever NER
        calls it the second time)."""
        words = [t for t in span if not t.is_punct]
        if len(words) != 1 or words[0].pos_ != "PROPN":
            return None
        text = words[0].text
        if text in self.acronyms and text.isupper():
            return _copy(self.acronyms[text], span, "acronym")
        p = self.latest_with.get(text)
        return _copy(p, span, "alias") if p is not None else None

    def _from_acronym(self, mention: ActorMention, span: Span) -> None:
        """"AFP Assistant Commissioner Clare Whitby": the agency acronym gives the country."""
        if mention.country:
            return
        for tok in span:
            org = self.acronyms.get(tok.text) if tok.text.isupper() else None
            if org is not None and org.country:
                mention.country = org.country
                if not mention.roles:
                    mention.roles = list(org.roles)
                mention.via += "+acronym"
                return

    def _as_alias(self, mention: ActorMention, span: Span) -> ActorMention | None:
        """An earlier person whose full name contains this shorter name ("Lee" -> "Lee Jae-won")."""
        words = mention.name.split()
        # only persons holding the first word can hold them all
        for p in reversed(self.persons_with.get(words[0], []) if words else self.persons):
            full = p.name.split()
            if len(words) < len(full) and all(w in full for w in words):
                out = _copy(p, span, "alias")
                if not out.roles and mention.roles:
                    out.roles = list(mention.roles)
                return out
        return None

    def _note_defined_acronym(self, span: Span, mention: ActorMention) -> None:
        """"Department of Foreign Affairs and Trade (DFAT)" defines DFAT."""
        doc = self.doc
        end = span.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            acr = doc[end + 1].text
            # the acronym must spell the phrase: "Washington (AFP)" is a dateline's agency
            if acr.isupper() and len(acr) >= 2 and not self.lex.names.get(acr.lower()) \
                    and acr[0] == (_initials(span) or " ")[0]:
                self.acronyms[acr] = mention


def _copy(m: ActorMention, span: Span, via: str) -> ActorMention:
    return ActorMention(text=span_text(span), start=span.start_char, end=span.end_char, name=m.name,
                        kind=m.kind, country=m.country, roles=list(m.roles), via=via)



def _initials(span: Span) -> str:
    return "".join(t.text[0] for t in span if t.is_alpha and t.lower_ not in _STOP_INITIALS
                   and t.text[0].isupper())
