"""Translate PETRARCH2's Phoenix actor dictionaries (TABARI format, MIT) into compact rows.

The Phoenix files (``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
``Phoenix.MilNonState.actors.txt``) list actors as an upper-case name with underscores, its
aliases on ``+`` lines, and codes with optional date ranges (``[RUSGOV 991231-080507]``,
``[USAGOV >090120]``, ``[RUSELI]``). We ship them as ``phoenix_actors.tsv``: one row per
actor, ``name<TAB>aliases(|)<TAB>periods`` where a period is ``CODE@FROM-TO`` (ISO dates
without dashes, either end open) and a bare ``CODE`` is the actor's code outside its dated
periods; ``Phoenix.agents.txt`` becomes the role nouns of ``phoenix_agents.tsv``. The
translation is done once, offline (``python -m newsgraph.reference.phoenix [folder]``),
never at run time.

Cleaning:
- country-level entries (a bare 3-letter code: "AFGHANISTAN_ [AFG]") are left out: the
  country tables cover them;
- aliases that are a title plus a name ("PRESIDENT_BARACK_OBAMA") are left out: our
  resolver reads the name apart from the title; so are aliases of one word shorter than 4
  letters and aliases naming a body ("OBAMA_ADMINISTRATION");
- companies (``MNC`` codes) are left out;
- actors whose every dated period ended before 1990 and that have no undated code are left
  out (historical figures rarely named in today's news, and name clashes with living ones).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

_CODE = re.compile(r"\[([^\]]*)\]")
_TITLES = frozenset({
    "president", "prime", "minister", "premier", "chancellor", "king", "queen", "prince",
    "sheikh", "secretary", "general", "senator", "governor", "mayor", "mr", "mr.", "mrs",
    "mrs.", "ms", "ms.", "dr", "dr.", "vice", "deputy", "foreign", "defense", "defence",
    "interior", "finance", "leader", "chairman", "chief", "former", "ambassador", "the",
    "of", "us", "u.s.", "american", "russian", "chinese", "british", "french", "german",
    "administration", "government", "spokesman", "president-elect", "sir", "lord", "emir",
    "sultan", "ayatollah", "gen.", "gen", "lt.", "col.", "commander", "minister's", "senate",
    "house", "representative", "rep.", "sen.", "gov.", "judge", "justice"
})


@dataclass(slots=True)
class PhoenixActor:
    name: str
    aliases: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)  # CODE@FROM-TO or CODE
    person: bool = False  # Phoenix marks its office holders "# CountryInfo.txt"


def _words(raw: str) -> str:
    """``VLADIMIR_V._PUTIN_`` -> ``Vladimir V. Putin``."""
    text = raw.strip().strip("+").split("#")[0].strip()
    text = text.replace("_", " ").strip()
    return " ".join(w if any(c.islower() for c in w) else w.capitalize()
                    for w in text.split()) if text else ""


def _day(yymmdd: str) -> str:
    yymmdd = yymmdd.strip()
    if re.fullmatch(r"(19|20)\d{6}", yymmdd):
        return yymmdd
    if not re.fullmatch(r"\d{6}", yymmdd):
        return ""
    yy = int(yymmdd[:2])
    year = 2000 + yy if yy <= 30 else 1900 + yy
    return f"{year}{yymmdd[2:6]}"


def _periods(line: str) -> list[str]:
    out = []
    for body in _CODE.findall(line):
        parts = body.split()
        if not parts or parts[0].startswith("-"):
            continue
        code = parts[0].lstrip("~")
        if len(parts) == 1:
            out.append(code)
            continue
        rng = "".join(parts[1:])
        if rng.startswith(">"):
            out.append(f"{code}@{_day(rng[1:])}-")
        elif rng.startswith("<"):
            out.append(f"{code}@-{_day(rng[1:])}")
        elif "-" in rng:
            a, b = rng.split("-", 1)
            out.append(f"{code}@{_day(a)}-{_day(b)}")
    return out


def parse(lines: list[str]) -> list[PhoenixActor]:
    """Actors of one TABARI actor file, in file order."""
    out: list[PhoenixActor] = []
    cur: PhoenixActor | None = None
    for raw in lines:
        line = raw.rstrip("\n")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("["):
            if cur is not None:
                cur.periods.extend(_periods(stripped))
            continue
        head = stripped.split("[", 1)[0]
        if stripped.startswith("+"):
            if cur is not None:
                alias = _words(head)
                if alias:
                    cur.aliases.append(alias)
            if cur is not None and "[" in stripped:
                cur.periods.extend(_periods(stripped))
            continue
        if cur is not None and not cur.periods and not line[:1].isspace():
            # a name line right after another name with no codes between: Phoenix lists
            # spelling variants as further names of one actor ("BORIS_N._YELTSIN")
            alias = _words(head)
            if alias:
                cur.aliases.append(alias)
            if "[" in stripped:
                cur.periods.extend(_periods(stripped))
            continue
        name = _words(head)
        if not name:
            continue
        cur = PhoenixActor(name, person="CountryInfo" in stripped)
        out.append(cur)
        if "[" in stripped:
            cur.periods.extend(_periods(stripped))
    return out


def _keep_alias(alias: str, name: str) -> bool:
    words = alias.lower().split()
    if alias.lower() == name.lower() or not words:
        return False
    if any(w in _TITLES for w in words):
        return False
    return not (len(words) == 1 and len(words[0]) < 4)


def clean(actors: list[PhoenixActor]) -> list[PhoenixActor]:
    """The actors worth shipping, with their aliases cleaned (see the module docstring)."""
    out = []
    for a in actors:
        codes = [p.split("@")[0] for p in a.periods]
        if not codes or re.fullmatch(r"[A-Z]{3}", codes[-1]) or \
                all(re.fullmatch(r"[A-Z]{3}", c) for c in codes):
            continue  # a country (or its former statuses: "USRARM" before 1991)
        if codes[-1].startswith("MNC"):
            continue  # companies: thousands of rows for actors event coding rarely needs
        if any(w in _TITLES for w in a.name.lower().split()[:1]):
            continue  # "American Vice President": a title, which role nouns cover
        dated = [p for p in a.periods if "@" in p]
        undated = [p for p in a.periods if "@" not in p]
        if dated and not undated and all(p.split("-")[-1] and p.split("-")[-1] < "19900101"
                                         for p in dated):
            continue
        aliases = list(dict.fromkeys(x for x in a.aliases if _keep_alias(x, a.name)))
        out.append(PhoenixActor(a.name, aliases, list(dict.fromkeys(a.periods)), a.person))
    return out


def translate(folder: Path) -> list[str]:
    """TSV lines of the shipped table from the three Phoenix actor files in ``folder``."""
    rows = ["# name\taliases (|)\tperiods: CODE@FROM-TO (YYYYMMDD, open ends) or CODE "
            "(undated)\tkind (p person, o other) -- translated from PETRARCH2 Phoenix actor "
            "dictionaries (MIT)"]
    seen: set[str] = set()
    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                  "Phoenix.MilNonState.actors.txt"):
        lines = (folder / fname).read_text("utf-8", errors="replace").splitlines()
        for a in clean(parse(lines)):
            key = a.name.lower()
            if key in seen:
                continue
            seen.add(key)
            # every entry of the country file is a person (its country names are left out)
            person = a.person or fname.startswith("Phoenix.Countries")
            rows.append(f"{a.name}\t{'|'.join(a.aliases)}\t{' '.join(a.periods)}\t"
                        f"{'p' if person else 'o'}")
    return rows


# -- agents: role nouns -------------------------------------------------------------------

_MACROS = {"!PERSON!": ("man", "woman", "person"), "!MINIST!": ("minister", "ministry")}
_PERSON_END = ("er", "or", "ist", "ian", "man", "woman", "person", "ant", "ent", "crat",
               "aire", "ee", "ive", "ess", "arch", "chief", "head", "king", "queen", "boss",
               "dean", "bandit", "thug", "guard", "envoy", "official", "aide", "judge")
#: people nouns that name no sector ("the captain" of a fishing boat, "his lawyer"): the
#: resolver keeps them as unnamed persons (pronoun competitors), not as actors
_NO_SECTOR = frozenset({"man", "woman", "boy", "girl", "person", "mother", "father", "son",
                        "daughter", "husband", "wife", "passenger", "captain", "crew",
                        "driver", "lawyer", "client", "teenager", "individual"})
#: the sector codes we resolve (Phoenix also has qualifiers such as MUS, ENV, DEV)
_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "BUS", "MED", "EDU", "CVL", "OPP",
                      "REB", "REF", "SPY", "LAB", "AGR", "CRM", "PTY", "ELI", "UAF", "REL",
                      "HLH", "HRI", "INS"})


def _agent_kind(noun: str) -> str:
    last = noun.split()[-1]
    if last.endswith(_PERSON_END):
        return "person"
    return "organisation"


def translate_agents(path: Path) -> list[str]:
    """Role-noun rows (``noun<TAB>role<TAB>kind``) from ``Phoenix.agents.txt``: one sector
    code per noun (``~GOVMED`` -> GOV: a ministry is the government), macros expanded,
    nouns of at most three words; kinds are guessed from the last word's ending."""
    rows = ["# noun\trole\tkind -- translated from PETRARCH2 Phoenix.agents.txt (MIT)",
            "noun\trole\tkind"]
    seen: set[str] = set()
    for raw in path.read_text("utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"^([A-Z0-9_!'\-.&]+)\s*(?:\{[^}]*\})?\s*\[~?([A-Z]{3})", line)
        if m is None:
            continue
        word, code = m.group(1).strip("_"), m.group(2)
        if code not in _SECTORS:
            continue
        forms = [word]
        for macro, parts in _MACROS.items():
            if macro in word:
                forms = [f.replace(macro, p) for f in forms for p in parts]
        for form in forms:
            noun = form.replace("_", " ").replace("!", "").lower().strip()
            if noun in _NO_SECTOR:
                continue
            if not noun or len(noun.split()) > 3 or noun in seen or not noun[0].isalpha() \
                    or any(w.endswith("minist") for w in noun.split()):
                continue
            seen.add(noun)
            rows.append(f"{noun}\t{code}\t{_agent_kind(noun)}")
    return rows


def main(argv: list[str]) -> None:  # pragma: no cover - offline build step
    src = Path(argv[1] if len(argv) > 1 else "../shared/data/events/petrarch2")
    data = Path(__file__).parent / "data"
    (data / "phoenix_actors.tsv").write_text("\n".join(translate(src)) + "\n", "utf-8")
    (data / "phoenix_agents.tsv").write_text(
        "\n".join(translate_agents(src / "Phoenix.agents.txt")) + "\n", "utf-8")
    for name in ("phoenix_actors.tsv", "phoenix_agents.tsv"):
        print(f"wrote {data / name} ({(data / name).stat().st_size} bytes)")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv)
