"""Places: offline gazetteer resolution by context, qualifiers, datelines; the eval gate."""

from __future__ import annotations

from pathlib import Path

from newsgraph.pipeline import Pipeline, analyze


def places(pipeline: Pipeline, text: str) -> dict[str, tuple[str | None, str]]:
    a = analyze(text, published="2024-03-13", pipeline=pipeline)
    for p in a.places:
        assert a.article.text[p.start:p.end] == p.text
    return {p.text: (p.country, p.feature) for p in a.places}


def test_georgia_state_or_country_by_context(pipeline: Pipeline) -> None:
    us = places(pipeline, "The governor of Georgia met business leaders in Atlanta on Monday "
                          "to discuss new investment in the state.")
    assert us["Georgia"] == ("USA", "adm1")
    caucasus = places(pipeline, "Russian troops crossed into Georgia on Tuesday and advanced "
                                "towards Tbilisi, officials said.")
    assert caucasus["Georgia"] == ("GEO", "country")


def test_qualified_city_paris_texas(pipeline: Pipeline) -> None:
    p = places(pipeline, "Hundreds of residents protested in Paris, Texas, on Friday against "
                         "the closure of the local hospital.")
    assert p["Paris"] == ("USA", "city")
    plain = places(pipeline, "Foreign ministers met in Paris on Friday to discuss the war.")
    assert plain["Paris"] == ("FRA", "city")


def test_ambiguous_city_by_other_places(pipeline: Pipeline) -> None:
    p = places(pipeline, "Delegates met in Wellington on Monday. Later they travelled to "
                         "Auckland, the largest city in New Zealand.")
    assert p["Wellington"][0] == "NZL"


def test_own_name_beats_alternate_spelling(pipeline: Pipeline) -> None:
    p = places(pipeline, "Police detained dozens of protesters in Dili on Monday after a "
                         "rally near the parliament.")
    assert p["Dili"][0] == "TLS"


def test_dateline_and_untagged_locative(pipeline: Pipeline) -> None:
    a = analyze("CANBERRA — Australian officials said on Monday that a bomb exploded near the "
                "town of Samarra, north of Baghdad.", published="2024-03-13",
                pipeline=pipeline)
    by_text = {p.text: p for p in a.places}
    assert by_text["CANBERRA"].via == "dateline" and by_text["CANBERRA"].country == "AUS"
    assert by_text["Samarra"].country == "IRQ"


FLOORS = {"found_rate": 0.80, "country_accuracy": 0.90}


def test_eval_places_gate(shared_data: Path) -> None:
    from newsgraph.eval.places import evaluate

    res = evaluate(shared_data / "events" / "plover" / "PLOVER_GSR_CAMEO.dev.json")
    for metric, floor in FLOORS.items():
        assert res[metric] >= floor, (metric, res[metric])


def test_event_location_stored_and_exported(tmp_path: Path, pipeline: Pipeline) -> None:
    from newsgraph.export import FORMATS, Filters
    from newsgraph.export import export as run_export
    from newsgraph.store import Store

    assert "gdelt" in FORMATS
    a = analyze("Australia and Japan signed a defence agreement in Tokyo on Friday.",
                published="2024-03-13", pipeline=pipeline)
    ev = next(e for e in a.events if e.trigger == "signed")
    assert ev.location is not None and ev.location.name == "Tokyo"
    assert ev.location.country == "JPN"
    assert all(m.text != "Tokyo" for m in ev.target)  # the place is not the target
    with Store(tmp_path / "g.db") as s:
        s.save(a)
        row = next(r for r in s.events() if r["trigger"] == "signed")
        assert row["location"]["name"] == "Tokyo"
        assert s.summary(a.article.id) is not None
        out = tmp_path / "events.tsv"
        run_export(s.conn, "gdelt", out, Filters())
    cols = out.read_text().splitlines()[-1].split("\t")
    from newsgraph.export.gdelt import EVENT_COLUMNS

    geo = dict(zip(EVENT_COLUMNS, cols, strict=True))
    assert geo["ActionGeo_Type"] == "4" and geo["ActionGeo_FullName"] == "Tokyo"
    assert geo["ActionGeo_CountryCode"] == "JA"  # FIPS 10-4, as GDELT uses
    assert geo["ActionGeo_Lat"] and geo["ActionGeo_Long"]


def test_big_city_not_swamped_by_context(pipeline: Pipeline) -> None:
    p = places(pipeline, "Prosecutors in New York said the two men met a broker in Frankfurt "
                         "before flying to Chicago.")
    assert p["Frankfurt"][0] == "DEU"


def test_gazetteer_fold_fast_paths_agree_with_the_full_rules() -> None:
    """``fold`` skips Unicode decomposition for ASCII names and ``_latin`` answers ASCII names
    at once: both give what the character-by-character rules give."""
    import unicodedata

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from newsgraph.geo.gazetteer import _latin, fold

    def slow_fold(text: str) -> str:
        norm = unicodedata.normalize("NFKD", text)
        base = "".join(ch for ch in norm if not unicodedata.combining(ch))
        return " ".join(base.lower().replace("’", "'").strip(" .,'\"").split())

    def slow_latin(name: str) -> bool:
        return all(ch.isascii() or unicodedata.category(ch).startswith("M") or
                   "LATIN" in unicodedata.name(ch, "") for ch in name)

    @settings(max_examples=300, deadline=None)
    @given(st.text(max_size=30) | st.text(alphabet=st.characters(max_codepoint=127),
                                          max_size=30))
    def check(text: str) -> None:
        assert fold(text) == slow_fold(text)
        assert _latin(text) == slow_latin(text)

    check()
    assert fold("Goražde") == "gorazde" and fold("  Dili. ") == "dili"
