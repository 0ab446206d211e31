"""Shipped knowledge of who actors are: people with dated public roles, named bodies.

Two package tables (``newsgraph/reference/data``), read once per process:

- ``people.tsv``: office holders written for this project from public facts (heads of
  state and government, foreign, defence and justice ministers, party leaders, candidates,
  heads of agencies), with the dates of each role;
- ``phoenix_actors.tsv``: PETRARCH2's Phoenix actor dictionaries (MIT), translated and
  cleaned by ``newsgraph.reference.phoenix`` (dated roles up to about 2015).

A row of ``people.tsv`` replaces the Phoenix row of the same name (it is newer and checked).
Users override both with their YAML dictionaries, which the resolver asks first.

Why dated roles: "Trump" in November 2016 is a candidate (``USAPTY``), in 2017 the
government (``USAGOV``); "Clinton" in 2010 is the Secretary of State. Outside every dated
period an actor keeps its undated code (former office holders: ``ELI``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: what a code's first three letters may be besides a country
_CLASSES = ("IGO", "NGO", "IMG", "MNC")
#: honorifics stripped before a look-up ("Mr Trump", "Mrs. Clinton")
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame",
                        "miss", "madam", "lord", "lady"})
#: sectors of an office holder, for the surname fallback
_OFFICE = frozenset({"GOV", "LEG", "PTY", "COP", "SPY", "JUD", "MIL", "OPP", "INS", "REB"})


@dataclass(frozen=True, slots=True)
class Period:
    code: str
    start: str  # YYYYMMDD or "" (open)
    end: str

    def holds(self, day: str) -> bool:
        return (not self.start or self.start <= day) and (not self.end or day <= self.end)


@dataclass(frozen=True, slots=True)
class KnownActor:
    """One actor of the shipped tables."""

    name: str
    person: bool
    periods: tuple[Period, ...]
    default: str | None  # the undated code

    def code_on(self, day: str | None) -> tuple[str | None, bool]:
        """(code, dated): the code valid on ``day`` (YYYYMMDD) and whether a dated period
        gave it; without a day, the undated code or else the latest period's."""
        if day:
            for p in reversed(self.periods):
                if p.holds(day):
                    return p.code, True
            return self.default, False
        if self.default:
            return self.default, False
        return (self.periods[-1].code if self.periods else None), False


@dataclass(frozen=True, slots=True)
class Resolved:
    name: str
    kind: str  # person / organisation
    country: str | None
    roles: tuple[str, ...]
    dated: bool = False  # a dated period valid on the article's date gave the code


def split_code(code: str) -> tuple[str | None, tuple[str, ...]]:
    """``USAGOV`` -> (USA, (GOV,)); ``USAGOVLEG`` -> (USA, (LEG, GOV)): a minister who
    sits in parliament is coded by the more specific sector first; ``IGOUNO`` -> (IGO,
    (UNO,)); ``MNCUSA`` -> (USA, (BUS,))."""
    head, rest = code[:3], code[3:]
    if head == "MNC":
        return (rest[:3] or None), ("BUS",)
    roles = tuple(rest[k:k + 3] for k in range(0, len(rest) - 2, 3))
    if "LEG" in roles and roles[0] == "GOV":
        roles = ("LEG", *(r for r in roles if r != "LEG"))
    return head, roles


def _day(text: str) -> str:
    return text.replace("-", "")


def _periods(field: str) -> tuple[tuple[Period, ...], str | None]:
    periods: list[Period] = []
    default = None
    for tok in field.split():
        if "@" not in tok:
            default = tok
            continue
        code, rng = tok.split("@", 1)
        if ".." in rng:
            a, b = rng.split("..", 1)
        else:
            a, _, b = rng.partition("-")
        periods.append(Period(code, _day(a), _day(b)))
    periods.sort(key=lambda p: p.start)
    return tuple(periods), default


class Knowledge:
    """Index of the shipped actors by lower-cased name, alias and surname.

    The index holds row numbers only; a row's periods are parsed the first time a text
    names it, so building the index costs a split per line (worker start stays fast)."""

    def __init__(self, rows: list[tuple[str, list[str], str, bool]],
                 curated: int = 0) -> None:
        self.rows = rows
        self.n_curated = curated  # the first rows are the checked ones (people.tsv)
        self.by_name: dict[str, list[int]] = {}
        self.by_surname: dict[str, list[int]] = {}
        self._parsed: dict[int, KnownActor] = {}
        for k, (name, aliases, _, person) in enumerate(rows):
            low = name.lower()
            self.by_name.setdefault(low, []).append(k)
            for a in aliases:
                self.by_name.setdefault(a.lower(), []).append(k)
            if person and " " in low:
                self.by_surname.setdefault(low.rsplit(" ", 1)[1], []).append(k)

    def _curated(self, name: str) -> bool:
        return any(k < self.n_curated for k in self.by_name.get(name.lower(), ()))

    def actor(self, k: int) -> KnownActor:
        got = self._parsed.get(k)
        if got is None:
            name, _, field, person = self.rows[k]
            periods, default = _periods(field)
            got = self._parsed[k] = KnownActor(name, person, periods, default)
        return got

    def held_roles(self, name: str) -> frozenset[str]:
        """Every role the tables give the actor of this name, at any date, and the undated
        one ("Hillary Clinton": LEG, GOV, PTY, ELI; "Donald Trump": PTY, GOV, BUS)."""
        out: set[str] = set()
        for k in self.by_name.get(name.lower(), ())[:1]:
            actor = self.actor(k)
            for code in [p.code for p in actor.periods] + [actor.default or ""]:
                if code:
                    out.update(split_code(code)[1][:1])
        return frozenset(out)

    def lookup(self, text: str, published: str | None) -> Resolved | None:
        """The actor ``text`` names (a full name or an alias the tables give), coded for
        the article's date; a bare surname ("Trump", "Mr Comey") only when one office
        holder of that surname held a dated role on that date."""
        words = text.split()
        while words and words[0].lower() in HONORIFICS:
            words = words[1:]
        if not words:
            return None
        key = " ".join(words).lower()
        day = _day(published[:10]) if published else None
        hits = self.by_name.get(key)
        if hits:
            actor = self.actor(hits[0])
            code, dated = actor.code_on(day)
            return _resolved(actor, code, dated)
        if len(words) == 1 and day:
            cands = []
            for k in self.by_surname.get(key, ()):
                actor = self.actor(k)
                code, dated = actor.code_on(day)
                roles = split_code(code)[1] if code else ()
                if dated and code and roles and roles[0] in _OFFICE:
                    cands.append((actor, code))
            if len({a.name for a, _ in cands}) > 1:
                # the checked rows first: a Phoenix namesake yields to a curated one
                # and among checked rows the first: people.tsv lists a country's principal
                # office holders before their families and staff ("Mr Trump" in 2017 is
                # the president, not his daughter the adviser)
                mine = [(a, c) for a, c in cands if self._curated(a.name)]
                cands = mine[:1] if mine else cands
            if len({a.name for a, _ in cands}) == 1:
                return _resolved(*cands[0], True)
        return None


def _resolved(actor: KnownActor, code: str | None, dated: bool) -> Resolved | None:
    if not code:
        return None
    country, roles = split_code(code)
    return Resolved(actor.name, "person" if actor.person else "organisation", country, roles,
                    dated)


def _read(name: str, person: bool | None) -> list[tuple[str, list[str], str, bool]]:
    text = resources.files("newsgraph.reference").joinpath("data", name).read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            continue
        kind = cols[3] == "p" if person is None and len(cols) > 3 else bool(person)
        rows.append((cols[0], [a for a in cols[1].split("|") if a], cols[2], kind))
    return rows


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The shipped tables, curated rows first (they win on a shared name)."""
    curated = _read("people.tsv", True)
    own = {r[0].lower() for r in curated} | {a.lower() for r in curated for a in r[1]}
    phoenix_all = _read("phoenix_actors.tsv", None)
    # the curated row of a name takes over the Phoenix row's aliases ("Obama", "Putin")
    extra = {r[0].lower(): r[1] for r in phoenix_all if r[0].lower() in own}
    curated = [(n, [*al, *(a for a in extra.get(n.lower(), ()) if a.lower() not in own)], f, p)
               for n, al, f, p in curated]
    own |= {a.lower() for r in curated for a in r[1]}
    phoenix = [r for r in phoenix_all if r[0].lower() not in own]
    # a Phoenix alias that a curated row claims goes to the curated row alone
    phoenix = [(n, [a for a in al if a.lower() not in own], f, p) for n, al, f, p in phoenix]
    return Knowledge(curated + phoenix, len(curated))
