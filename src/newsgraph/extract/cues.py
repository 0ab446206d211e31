"""Attribution cues on the dependency parse: a cue word, its content complement, its source.

Attribution in news is wider than speech: PolNeAR, for one, annotates beliefs ("X believes"),
intentions ("X plans to") and evidence ("a poll shows") as well. The lexicon below is grouped
by what the complement of the cue looks like, because that decides where the content is:

- a clause (``ccomp``): "said (that) ...", on either side of the cue;
- an infinitive (``xcomp``): "plans to ...", "urged supporters to ..." (object included);
- a noun phrase (``dobj``): "denied the report", "cited the figures", "called for talks".

Left out on purpose: "need" and "mean" ("the country needs to ...", "that means ..."): on a
sample of PolNeAR train, fewer than one in five of their clauses is annotated as attribution.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsgraph.doc_cache import doc_text as doc_text  # (re-exported: timex, quotes)

#: cues whose content is a clause
CLAUSE_CUES = {
    "say", "tell", "add", "state", "announce", "confirm", "deny", "claim", "insist", "note",
    "explain", "warn", "argue", "report", "write", "stress", "declare", "reply", "respond",
    "acknowledge", "believe", "suggest", "predict", "admit", "allege", "assert", "maintain",
    "contend", "caution", "emphasise", "emphasize", "reiterate", "recall", "promise", "vow",
    "understand", "indicate", "concede", "disclose", "reveal", "complain", "find", "show",
    "think", "know", "hope", "fear", "expect", "estimate", "agree", "feel", "worry", "ask",
    "wonder", "question", "doubt", "guess", "suspect", "learn", "conclude", "decide", "hint",
    "speculate", "pledge", "threaten", "testify", "tweet", "post", "joke", "boast", "brag",
    "lament", "observe", "remark", "mention", "point", "demonstrate", "prove", "imply",
    "assume", "figure", "realize", "realise", "recognize", "recognise", "see", "hear", "read",
    "signal", "continue", "counter", "retort", "quip", "concur", "charge", "accuse", "urge",
    "demand", "propose", "recommend", "forecast", "project", "seem",
    "appear", "remind", "assure", "inform", "convince", "persuade",
    "imagine", "consider", "deem", "describe",
}
#: cues whose content is an infinitive: intentions, requests, commitments
INFINITIVE_CUES = {
    "plan", "want", "intend", "hope", "promise", "pledge", "vow", "threaten", "urge", "ask",
    "call", "expect", "refuse", "agree", "decline", "seek", "aim", "wish", "offer", "demand",
    "encourage", "push", "press", "tell", "advise", "invite", "beg", "prefer",
    "propose", "decide", "choose", "seem", "appear", "claim",
}
#: cues whose content may be a noun phrase object
OBJECT_CUES = {
    "deny", "confirm", "cite", "criticize", "criticise", "announce", "describe", "question",
    "condemn", "blast", "attack", "support", "echo", "predict", "estimate", "acknowledge",
    "reject", "praise", "slam", "dismiss", "oppose", "defend", "propose", "demand", "endorse",
    "admit", "denounce", "applaud", "welcome", "decry", "mock", "recall", "reveal", "chant",
    "tweet", "call", "show", "find", "want", "suggest", "recommend", "report", "identify",
    "fear", "blame", "favor", "favour", "back", "champion", "highlight", "lament",
}
#: prepositions that carry the content of a cue ("called for", "pointed to", "warned of")
CUE_PREPS = {"for", "to", "of", "about", "on", "against"}
#: the subject of one of these is never a source, whatever the verb ("it seems")
_EXPLETIVES = {"it", "there"}
_SPEAKER_DEPS = ("nsubj", "nsubjpass")
_CLIMB_DEPS = ("conj", "xcomp", "advcl", "pcomp", "prep", "ccomp")


@dataclass(slots=True)
class Attribution:
    """A cue with its content span and source token (what a ``Quote`` is built from)."""

    cue: Token
    speaker: Token | None
    content_start: int
    content_end: int
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_override: Span | None = None  # a speaker phrase not rooted at ``speaker``


def _trim(doc: Doc, first: int, last: int) -> Span | None:
    """Tokens ``first..last`` without surrounding punctuation (closing quote marks kept)."""
    while first <= last and (doc[first].is_punct and not doc[first].is_quote or
                             doc[first].is_space):
        first += 1
    while last >= first and ((doc[last].is_punct and not doc[last].is_quote and
                              doc[last].text not in (".", "?", "!")) or doc[last].is_space):
        last -= 1
    if last < first:
        return None
    return doc[first: last + 1]


def _subject(verb: Token) -> Token | None:
    """The source of a cue: its subject, or the subject of the verb it hangs from."""
    found = _climb_to_subject(verb)
    if found is None:
        return None
    # "left many nations feeling that ...", "asked aides to say ...": the object of the verb
    # above an infinitive or participle complement is that complement's subject (only where
    # a subject was found at all: an unsourced cue stays unsourced)
    tok = verb
    for _ in range(2):
        if tok.dep_ != "xcomp" or any(c.dep_ in _SPEAKER_DEPS for c in tok.children):
            break
        objs = [c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i and
                c.pos_ in ("NOUN", "PROPN", "PRON")]
        if objs:
            return objs[0]
        tok = tok.head
    return found


def _climb_to_subject(verb: Token) -> Token | None:
    """The subject of a cue or of the nearest verb above it that has one."""
    tok = _reporting_verb(verb) or verb
    for _ in range(4):
        subjects = [c for c in tok.children if c.dep_ in _SPEAKER_DEPS]
        if subjects:
            # a headline or dateline parsed as a second subject lies across a line break:
            # the subject on the cue's own line is the source
            near = [c for c in subjects if not _paragraph_break(c, verb)]
            if not near:
                return None
            child = min(near, key=lambda c: abs(c.i - verb.i))
            if _dateline(child):
                # "WASHINGTON -- President Obama, ..., said": the name after the dateline
                named = [c for c in child.children if c.dep_ == "appos" and
                         c.pos_ in ("PROPN", "NOUN") and not _paragraph_break(c, verb)]
                return named[0] if named else None
            if child.lower_ in _EXPLETIVES and not _referring_it(child, verb):
                return None
            # a relative pronoun ("the agency, which said ...") is the source in the
            # text; the speaker's name comes from its antecedent (see ``antecedent``)
            return child
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
            # "the ministry, quoted in Japanese media"; but "issued a statement calling
            # for talks": a thing that speaks is the voice of the subject who issued it
            return _issuer(tok.head) or tok.head
        if tok is verb and tok.dep_ == "ROOT" and tok.tag_ in ("VBD", "VBZ", "VBP"):
            return _left_subject(verb)
        if tok.dep_ == "relcl":
            rel = [c for c in tok.children if c.tag_ in ("WDT", "WP") and c.i < tok.i]
            return rel[0] if rel else tok.head
        if tok.dep_ not in _CLIMB_DEPS or tok.head.i == tok.i:
            return None
        if tok.dep_ == "ccomp" and tok.head.i > tok.i:
            return None  # content clause before its cue: not this verb's source
        tok = tok.head
    return None


_DATELINE_DASHES = ("--", "—", "–", "-")


def _dateline(tok: Token) -> bool:
    """A dateline place ("WASHINGTON --") the parser took for the subject of what follows."""
    return tok.text.isupper() and len(tok.text) > 1 and tok.i + 1 < len(tok.doc) and \
        tok.doc[tok.i + 1].text in _DATELINE_DASHES


def _reporting_verb(verb: Token) -> Token | None:
    """``Perdue said he didn't believe it, arguing that ...``: a participle set off by a comma
    at the end of a reported clause belongs to the reporting verb, whatever the parser hung it
    on; its source is the reporter's subject, not the reported clause's."""
    if verb.tag_ != "VBG" or verb.dep_ != "advcl" or verb.i == 0 or \
            verb.doc[verb.i - 1].text != ",":
        return None
    clause = verb.head
    if clause.dep_ != "ccomp":
        return None
    report = clause.head
    if report.i > clause.i or report.lemma_.lower() not in CLAUSE_CUES or \
            not any(c.dep_ in _SPEAKER_DEPS for c in report.children):
        return None
    return report


_SPEAKING_ENTS = ("PERSON", "ORG", "NORP", "GPE")
_NOT_SPEAKERS = ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")


def _left_subject(verb: Token, floor: int = -1) -> Token | None:
    """A finite cue the parser left without a subject: the noun phrase just before it.

    "In a meeting with the board of the Post Trump said ...", "Jane Doe, the chief executive
    of the league, told ...", "Jane Doe, opening the museum on Saturday, said ...": the name
    was attached to the phrase before it. Skips the verb's own adverbs and comma-bracketed
    modifiers, climbs out of "of"-phrases and a common-noun apposition to the name. The name
    must start at or after character ``floor``.
    """
    doc = verb.doc
    skip = {t.i for c in verb.lefts if c.dep_ in ("advcl", "advmod", "npadvmod", "punct")
            for t in c.subtree}
    j = verb.i - 1
    start = verb.sent.start
    while j >= start and (j in skip or doc[j].pos_ in ("ADV", "AUX", "PART") or
                          doc[j].text == ","):
        j -= 1
    if j < start:
        return None
    if doc[j + 1].text == ",":
        # "Jane Doe, dedicating the museum on Saturday, said": a participial phrase between
        # commas that the parser hung elsewhere is skipped as well
        k = j
        while k > max(start, j - 20) and doc[k].text != ",":
            k -= 1
        if doc[k].text == "," and k < j and doc[k + 1].tag_ in ("VBG", "VBN") and k > start:
            j = k - 1
    t = doc[j]
    if j < verb.i - 1:  # after a comma: climb out of the apposition the name heads
        for _ in range(6):
            of_phrase = t.dep_ in ("pobj", "prep", "compound") and t.head.i < verb.i and \
                t.head.i != t.i and not (t.dep_ == "prep" and t.head.pos_ == "VERB")
            if not (of_phrase or (t.dep_ == "appos" and t.pos_ != "PROPN")):
                break
            t = t.head
    if t.pos_ not in ("PROPN", "NOUN") or t.ent_type_ in _NOT_SPEAKERS or \
            _paragraph_break(t, verb) or t.idx < floor:
        return None
    return t


def _issuer(noun: Token) -> Token | None:
    """The subject of the verb that takes a common noun as its object ("the council issued a
    statement calling ...", "she spoke at a news conference announcing ..."), or None when
    the noun is itself a named speaker or is no object."""
    if noun.pos_ != "NOUN" or noun.ent_type_ in _SPEAKING_ENTS:
        return None
    head = noun
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ == "NOUN":
        head = head.head.head  # "a series of tweets criticizing ..."
    if head.dep_ == "pobj":
        head = head.head
    if head.dep_ not in ("dobj", "prep") or head.head.pos_ not in ("VERB", "AUX"):
        return None
    verb = head.head
    subj = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in _EXPLETIVES]
    if not subj and verb.dep_ == "conj":  # "vowed ... and established a policy urging ..."
        subj = [c for c in verb.head.children if c.dep_ == "nsubj" and
                c.lower_ not in _EXPLETIVES]
    if not subj or _paragraph_break(subj[0], verb):
        return None
    return subj[0]


#: verbs whose "it" subject is a text or body that speaks ("the lawsuit ... It says"), never
#: the empty "it" of "it seems" or "it is believed"
_WRITING_VERBS = {"say", "write", "add", "state", "note", "argue", "claim", "report", "allege",
                  "conclude", "warn", "declare", "assert", "contend", "tell", "continue"}


def _referring_it(subj: Token, verb: Token) -> bool:
    """True for "it" as the active subject of a verb of saying or writing."""
    return (subj.lower_ == "it" and subj.dep_ == "nsubj" and
            verb.lemma_.lower() in _WRITING_VERBS and
            not any(c.dep_ == "auxpass" for c in verb.children))


def _paragraph_break(a: Token, b: Token) -> bool:
    """True when a line break separates two tokens: a parse across paragraphs is no source."""
    lo, hi = sorted((a.idx, b.idx))
    return "\n" in doc_text(a.doc)[lo:hi]


def _content_of(verb: Token) -> Span | None:
    """The complement of a cue verb, by what kind of cue it is."""
    doc = verb.doc
    lemma = verb.lemma_.lower()
    if lemma in CLAUSE_CUES:
        comps = [c for c in verb.children if c.dep_ == "ccomp"]
        right = [c for c in comps if c.i > verb.i]
        left = [c for c in comps if c.i < verb.i]
        for c in right + left:
            span = _trim(doc, c.left_edge.i, c.right_edge.i)
            if span is not None and len(span) >= 2:
                if c.i < verb.i and _crosses_paragraph(span):
                    continue
                return span
    if lemma in INFINITIVE_CUES:
        for c in verb.children:
            if c.dep_ == "xcomp" and c.i > verb.i and any(t.dep_ == "aux" and t.lower_ == "to"
                                                         for t in c.children):
                objs = [o for o in verb.children if o.dep_ in ("dobj", "dative") and
                        o.i < c.i and o.i > verb.i]
                first = objs[0].left_edge.i if objs else c.left_edge.i
                return _trim(doc, first, c.right_edge.i)
    if lemma in OBJECT_CUES:
        for c in verb.children:
            if c.dep_ == "dobj" and c.i > verb.i and c.pos_ not in ("PRON",):
                last = max(c.right_edge.i, max((o.right_edge.i for o in verb.children
                                               if o.dep_ in ("oprd", "xcomp") and o.i > c.i),
                                              default=c.right_edge.i))
                span = _trim(doc, c.left_edge.i, last)
                if span is not None and len(span) >= 2:
                    return span
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ in CUE_PREPS and c.i == verb.i + 1:
                objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
                if objs:
                    return _trim(doc, objs[0].left_edge.i, c.right_edge.i)
    return None


def _within_paragraph(content: Span, cue: Token) -> Span | None:
    """The part of a content on its cue's side of a paragraph break: a parse that runs across
    paragraphs joins text the writer kept apart (PolNeAR never annotates content across one)."""
    doc = content.doc
    breaks = [t.i for t in content if "\n" in t.text or "\n" in t.whitespace_]
    if not breaks:
        return content
    if content.start > cue.i:
        return _trim(doc, content.start, breaks[0] - ("\n" in doc[breaks[0]].text))
    if content.end <= cue.i:
        return _trim(doc, breaks[-1] + 1, content.end - 1)
    return content


def _crosses_paragraph(span: Span) -> bool:
    return "\n" in span.text


def _content_before(verb: Token) -> Span | None:
    """``The talks failed, the ministry said.``: a cue parsed as a parenthetical or as the
    head's dependent leaves its content in the head clause before it."""
    doc = verb.doc
    if verb.dep_ not in ("parataxis", "ccomp", "advcl") or verb.head.i > verb.i:
        return None
    if not any(c.dep_ in _SPEAKER_DEPS for c in verb.children):
        return None
    if any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in verb.children):
        return None
    # the text between the head clause's start and the cue's own phrase
    first = verb.head.left_edge.i
    last = verb.left_edge.i - 1
    span = _trim(doc, first, last)
    if span is None or len(span) < 3 or _crosses_paragraph(span):
        return None
    return span


#: cues kept even without a source ("it was said that ..."): other unsourced beliefs and plans
#: are the writer's own voice
_UNSOURCED_OK = ("say", "tell", "add", "write", "report")


def _fronted_wh(content: Span, verb: Token, speaker: Token) -> bool:
    """``which he said were at his side``, ``what Trump says his plan would do``: a clause
    opened by a wh-word holds its own cue and that cue's subject, which is still the source."""
    return (verb.lemma_.lower() in _UNSOURCED_OK and
            content[0].tag_ in ("WDT", "WP", "WRB") and speaker.head.i == verb.i and
            speaker.dep_ in _SPEAKER_DEPS and content.start < speaker.i < verb.i)


def attribution_for_verb(tok: Token) -> Attribution | None:
    """The attribution a cue verb heads, or None when it is no cue or has no content."""
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound"):
        return None
    lemma = tok.lemma_.lower()
    if lemma not in CLAUSE_CUES and lemma not in INFINITIVE_CUES and lemma not in OBJECT_CUES:
        return None
    content = _content_of(tok)
    if content is None and lemma in CLAUSE_CUES:
        content = _content_before(tok)
    if content is not None:
        content = _within_paragraph(content, tok)
    if content is not None and len(content) > 4 and _dateline(content[0]):
        content = _trim(tok.doc, content.start + 2, content.end - 1)  # "WASHINGTON --" is no claim
    if content is None:
        return None
    speaker = _subject(tok)
    if speaker is not None and content.start <= speaker.i < content.end and \
            not _fronted_wh(content, tok, speaker):
        speaker = None
    # content before its cue, subject found beyond it (a title in quotation marks): the name
    # between the content (or its closing quotation mark) and the cue is the source
    marks = [t for t in content if t.is_quote]
    floor = marks[-1].idx + 1 if marks else content.end_char
    if speaker is not None and content.end_char <= tok.idx and \
            not _beside_cue(speaker, tok, floor):
        speaker = _left_subject(tok, floor=floor) or speaker
    if speaker is None and lemma not in _UNSOURCED_OK:
        return None  # an unsourced belief or plan is the writer's own voice
    end = tok.idx + len(tok.text)
    for c in tok.children:  # "called for", "pointed to": the particle is part of the cue
        if c.i == tok.i + 1 and (c.dep_ == "prt" or (c.dep_ == "prep" and
                                                     content.start == c.i + 1)):
            end = c.idx + len(c.text)
    return Attribution(tok, speaker, content.start_char, content.end_char, tok.idx, end)


def according_to(tok: Token) -> Attribution | None:
    """``..., according to X`` / ``According to X, ...``: the rest of the clause is content."""
    if tok.lower_ != "according" or tok.i + 1 >= len(tok.doc) or tok.nbor().lower_ != "to":
        return None
    doc = tok.doc
    to = tok.nbor()
    objs = [c for c in to.children if c.dep_ == "pobj"] or \
        [c for c in tok.children if c.dep_ == "pobj"]
    if not objs:
        return None
    source = objs[0]
    phrase_start, phrase_end = tok.i, max(source.right_edge.i, to.i)
    sent = tok.sent
    before = _trim(doc, sent.start, phrase_start - 1) if phrase_start > sent.start else None
    after = _trim(doc, phrase_end + 1, sent.end - 1) if phrase_end + 1 < sent.end else None
    content = max((s for s in (before, after) if s is not None), key=len, default=None)
    if content is None or len(content) < 3:
        return None
    return Attribution(tok, source, content.start_char, content.end_char, tok.idx,
                       to.idx + len(to.text),
                       speaker_override=doc[source.left_edge.i: source.right_edge.i + 1])


#: verbs that introduce a quotation beside them (", he said", "she told reporters:")
QUOTE_CUES = CLAUSE_CUES | {"continue", "tell", "quote", "chant", "shout", "scream", "yell",
                            "exclaim", "sing", "tweet", "text", "email", "joke", "laugh",
                            "add", "ask", "answer", "reply", "put", "sum", "conclude"}
#: at most this many characters between a quotation and the cue beside it
_GAP = 60


def cue_for_quote(doc: Doc, start: int, end: int) -> Attribution | None:
    """A cue verb with a source right after or right before a quotation, outside its marks."""
    text = doc_text(doc)
    best: tuple[int, Token] | None = None
    after = doc.char_span(end, min(len(text), end + _GAP), alignment_mode="contract")
    if after is not None:
        for tok in after:
            if tok.text in (".", "\n") or tok.is_quote or "\n" in tok.text:
                break
            if tok.lemma_.lower() in QUOTE_CUES and tok.pos_ in ("VERB", "AUX") and \
                    _subject(tok) is not None:
                best = (tok.idx - end, tok)
                break
    lo = max(0, start - _GAP)
    before_text = text[lo:start]
    # a cue before the quotation must end its clause there: "he said:" / "she said,"
    if before_text.rstrip().endswith((":", ",")) or before_text.rstrip().endswith("—"):
        apos = before_text.rfind("''")
        stop = max(before_text.rfind("."), before_text.rfind("\n", 0, len(before_text.rstrip())),
                   before_text.rfind("”"), before_text.rfind('"'), apos + 1 if apos >= 0 else -1)
        span = doc.char_span(lo + stop + 1, start, alignment_mode="contract")
        if span is not None:
            for tok in reversed(span):
                if tok.lemma_.lower() in QUOTE_CUES and tok.pos_ in ("VERB", "AUX") and \
                        _subject(tok) is not None:
                    dist = start - (tok.idx + len(tok.text))
                    if best is None or dist < best[0]:
                        best = (dist, tok)
                    break
    if best is None:
        return None
    tok = best[1]
    speaker = _subject(tok)
    if tok.idx >= end and speaker is not None and not _beside_cue(speaker, tok, end):
        # ``"...," Jane Doe said Monday on "Fox and Friends."``: a subject the parser found
        # inside this or the next quotation is no source; the name before the cue is
        speaker = _left_subject(tok, floor=end) or speaker
    return Attribution(tok, speaker, start, end, tok.idx, tok.idx + len(tok.text))


def _beside_cue(speaker: Token, cue: Token, end: int) -> bool:
    """True for a source between a quotation's end and its cue, or a noun phrase opening just
    after the cue with no quotation mark in it (", said European Council President Jane Doe").
    """
    if end <= speaker.idx < cue.idx:
        return True
    doc = cue.doc
    return cue.i < speaker.i and speaker.left_edge.i <= cue.i + 2 and \
        not any(t.is_quote for t in doc[cue.i + 1: speaker.i])


_RELATIVES = ("who", "which", "that")


def antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun stands for ("the agency, which said ..." -> agency)."""
    if tok.lower_ not in _RELATIVES:
        return None
    verb = tok.head
    for _ in range(3):
        if verb.dep_ == "relcl":
            return verb.head
        if verb.head.i == verb.i:
            return None
        verb = verb.head
    return None


def speaker_span(tok: Token) -> Span:
    """The source phrase around a subject token: its noun phrase without clauses after it."""
    doc = tok.doc
    if tok.pos_ == "PRON":
        return doc[tok.i: tok.i + 1]
    first = tok.left_edge.i
    last = tok.i
    while first < tok.i and ("\n" in doc[first].text or doc[first].is_punct or
                             "\n" in doc_text(doc)[doc[first].idx:tok.idx]):
        first += 1
    for c in tok.rights:
        if c.dep_ in ("relcl", "appos", "punct", "cc", "conj", "acl") and c.lower_ != "close":
            break
        last = c.right_edge.i
    if last - first > 11:
        first = max(first, tok.i - 4)
        last = min(last, tok.i + 6)
    return doc[first: last + 1]


_LABEL_END = 5  # at most this many tokens before the colon of a transcript label


def transcript_label(doc: Doc, start: int) -> tuple[Span, Token] | None:
    """``WALLACE: ...`` / ``Mike Pence: ...``: a paragraph opened by a speaker label.

    Returns the label span and the colon token (the cue), or None.
    """
    span = doc.char_span(start, min(len(doc_text(doc)), start + 60), alignment_mode="contract")
    if span is None:
        return None
    for tok in span[:_LABEL_END + 1]:
        if tok.text == ":":
            label = doc[span.start: tok.i]
            if len(label) and all(t.pos_ == "PROPN" or t.text.isupper() or t.text == "."
                                  for t in label) and label[0].text[0].isupper():
                return label, tok
            return None
        if "\n" in tok.text:
            return None
    return None


_DASHES = ("―", "—", "–", "--")


def dash_source(doc: Doc, end: int) -> tuple[Span, int, int] | None:
    """``"..." ― Jane Doe``: a name after a dash closing a quotation is its source.

    Returns the name span and the dash's character span.
    """
    rest = doc_text(doc)[end:end + 80]
    stripped = rest.lstrip()
    dash = next((d for d in _DASHES if stripped.startswith(d)), None)
    if dash is None or "\n\n" in rest[:len(rest) - len(stripped)]:
        return None
    dstart = end + len(rest) - len(stripped)
    span = doc.char_span(dstart + len(dash), min(len(doc_text(doc)), end + 80),
                         alignment_mode="contract")
    if span is None:
        return None
    names: list[Token] = []
    for tok in span:
        if tok.is_space:
            if names:
                break
            continue
        if tok.pos_ == "PROPN" or (tok.text[:1].isupper() and tok.is_alpha) or \
                (names and tok.text == "."):
            names.append(tok)
            continue
        break
    if not names:
        return None
    return doc[names[0].i: names[-1].i + 1], dstart, dstart + len(dash)
