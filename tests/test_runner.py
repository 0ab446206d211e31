"""The runners: pure partition function, row round trips, chunked reading, resumable runs."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.config import Config
from newsgraph.pipeline import Pipeline
from newsgraph.records import Analysis, RawDocument
from newsgraph.runner import flatten, process_partition, unit_to_result
from newsgraph.runner.local import map_partitions, run_local
from newsgraph.runner.records import record_from, record_from_arrow, record_to_arrow, to_raw
from newsgraph.runner.rows import analysis_to_unit, arrow_row_to_unit, unit_to_arrow_row
from newsgraph.runner.sources import iter_records, plan_chunks, read_chunk
from newsgraph.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

TEXTS = [
    "Japan and Australia signed a defence agreement in Tokyo on Tuesday. The prime minister "
    "said the pact would deepen cooperation between the two militaries.",
    "France recalled its ambassador to Brazil last week after a dispute over trade. A "
    "spokesman for the foreign ministry said Paris was 'deeply concerned'.",
    "Police in Kenya arrested three men on Monday over an alleged plot, officials said. "
    "The government will hold talks with Uganda next month.",
    "Germany and Poland agreed to expand rail links, the transport ministers announced on "
    "Friday in Warsaw, according to a joint statement.",
]


def _write_inputs(folder: Path) -> Path:
    """A small input tree: JSONL with good and bad lines, a text file, an unsupported file."""
    folder.mkdir()
    lines = [json.dumps({"text": t, "published": f"2024-0{i + 1}-10", "title": f"T{i}"})
             for i, t in enumerate(TEXTS)]
    lines[2:2] = ["", "{not json", json.dumps(["a list"]), json.dumps({"url": "http://x"})]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "note.txt").write_text(
        "Title: Talks\n\nIndia and Canada resumed talks in Ottawa on Thursday, two weeks "
        "after expelling each other's diplomats, officials said.\n", "utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n")
    return folder


def _canon(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def test_units_round_trip_to_records(pipeline: Pipeline) -> None:
    raws = [RawDocument(p.read_bytes(), str(p), "html" if p.suffix == ".html" else "text",
                        user_published="2024-05-01")
            for p in sorted(EXAMPLES.glob("0[1-6]*"))]
    analyses = [r for r in pipeline.process(raws) if isinstance(r, Analysis)]
    assert len(analyses) == len(raws)
    assert any(a.events for a in analyses) and any(a.quotes for a in analyses)
    for a in analyses:
        unit = analysis_to_unit(a)
        assert unit_to_result(unit) == a
        assert unit_to_result(arrow_row_to_unit(unit_to_arrow_row(unit))) == a


def test_process_partition_equals_the_pipeline(pipeline: Pipeline, tmp_path: Path) -> None:
    src = _write_inputs(tmp_path / "in")
    records = list(iter_records([src], published="2024-06-01"))
    units = process_partition(records, pipeline.config)
    assert len(units) == len(records)  # one unit per input, nothing dropped
    assert [u["origin"] for u in units] == [r["origin"] for r in records]
    direct = list(pipeline.process(to_raw(r) for r in records))
    assert [unit_to_result(u) for u in units] == direct
    tables = flatten(units)
    assert len(tables["articles"]) == len(TEXTS) + 1
    assert {s["code"] for s in tables["skips"]} == {"E107", "E108"}
    assert all(r["article_id"] for r in tables["events"])
    # plain JSONL-style rows (what a Spark job would hand over) work the same way
    plain = [{"text": t, "origin": f"row{i}", "published": "2024-02-02"}
             for i, t in enumerate(TEXTS)]
    assert all(u["status"] == "article" for u in process_partition(plain, pipeline.config))


def test_memory_zone_does_not_change_results(pipeline: Pipeline) -> None:
    raws = [RawDocument(t.encode(), f"t{i}", "text", user_published="2024-03-03")
            for i, t in enumerate(TEXTS)]
    plain = Pipeline(pipeline.config, memory_zone=False)
    first = list(pipeline.process(raws))
    assert first == list(plain.process(raws)) == list(pipeline.process(raws))


@settings(max_examples=30, deadline=None)
@given(lines=st.lists(st.one_of(
    st.just(""), st.just("{oops"), st.just("[1]"),
    st.builds(lambda t: json.dumps({"text": t}), st.text(min_size=0, max_size=30))),
    max_size=25), per_chunk=st.integers(1, 7), trailing=st.booleans())
def test_jsonl_chunks_read_like_the_stream(tmp_path_factory: pytest.TempPathFactory,
                                          lines: list[str], per_chunk: int,
                                          trailing: bool) -> None:
    folder = tmp_path_factory.mktemp("chunks")
    body = "\n".join(lines) + ("\n" if trailing and lines else "")
    (folder / "a.jsonl").write_text(body, "utf-8")
    (folder / "b.txt").write_text("Some text here.", "utf-8")
    config = Config()
    chunks = plan_chunks([folder], lines_per_chunk=per_chunk, files_per_chunk=1)
    chunked = [r for c in chunks for r in read_chunk(c, config, "2024-01-01")]
    assert chunked == list(iter_records([folder], config, "2024-01-01"))
    assert [record_from_arrow(record_to_arrow(r)) for r in chunked] == chunked


def test_record_of_a_skip_stays_a_skip() -> None:
    from newsgraph.records import Skip

    skip = Skip("x.bin", "ingest", "E108", "unsupported")
    assert to_raw(record_from(skip)) == skip


def test_local_store_run_is_resumable(pipeline: Pipeline, tmp_path: Path) -> None:
    src = _write_inputs(tmp_path / "in")
    with Store(tmp_path / "a.db") as store:
        first = run_local([src], config=pipeline.config, store=store)
        counts = store.counts()
        second = run_local([src], config=pipeline.config, store=store)
        assert store.counts() == counts
    assert first["added"] == len(TEXTS) + 1 and first["skipped"] == 4
    assert second["added"] == 0 and second["unchanged"] == len(TEXTS) + 1


class Killed(Exception):
    pass


def test_killed_shard_run_restarts_without_duplicates(pipeline: Pipeline,
                                                      tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")  # shards are Parquet: the `ray` extra
    src = _write_inputs(tmp_path / "in")
    out = tmp_path / "shards"
    seen: list[str] = []

    def die_after_five(unit: dict[str, Any]) -> None:
        seen.append(unit["origin"])
        if len(seen) == 5:
            raise Killed

    with pytest.raises(Killed):
        run_local([src], config=pipeline.config, out=out, shard_size=2, chunk_size=3,
                  on_unit=die_after_five)
    resumed = run_local([src], config=pipeline.config, out=out, shard_size=2)
    assert resumed["unchanged"] == 4  # two whole shards were done before the kill
    from newsgraph.runner.shards import iter_units, load_shards

    units = list(iter_units(out))
    origins = [u["origin"] for u in units]
    assert len(origins) == len(set(origins)) == len(list(iter_records([src])))
    # loading the shards gives the same database as a direct run
    with Store(tmp_path / "direct.db") as direct, Store(tmp_path / "loaded.db") as loaded:
        run_local([src], config=pipeline.config, store=direct)
        load_shards(out, loaded)
        assert load_shards(out, loaded)["added"] == 0  # loading twice adds nothing
        for table in ("articles", "events", "quotes", "timexes", "actors", "skips"):
            cols = "*" if table != "articles" else "id, text, published, origin, title"
            q = f"SELECT {cols} FROM {table}"
            if table == "skips":
                q = "SELECT origin, stage, code, reason FROM skips"
            a = sorted(tuple(r) for r in direct.conn.execute(q))
            b = sorted(tuple(r) for r in loaded.conn.execute(q))
            assert a == b, table


def test_two_processes_give_the_same_units(pipeline: Pipeline, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import newsgraph.runner.local as local

    monkeypatch.setattr(local, "MIN_RECORDS_PER_WORKER", 1)  # a real pool on a small input
    src = _write_inputs(tmp_path / "in")
    records = list(iter_records([src]))
    one = list(map_partitions(records, pipeline.config, n_process=1, chunk_size=2))
    two = list(map_partitions(records, pipeline.config, n_process=2, chunk_size=2))
    assert one == two  # same rows, same order
    assert _canon(flatten(two)["events"]) == _canon(flatten(one)["events"])
    assert asdict(pipeline.config) == asdict(Config())


def test_store_run_in_two_processes_equals_one(pipeline: Pipeline, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers hand typed results to the writer: the database is the same as in-process."""
    import newsgraph.runner.local as local

    monkeypatch.setattr(local, "MIN_RECORDS_PER_WORKER", 1)  # a real pool on a small input
    src = _write_inputs(tmp_path / "in")
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        s1 = run_local([src], config=pipeline.config, store=one, chunk_size=2)
        s2 = run_local([src], config=pipeline.config, store=two, chunk_size=2, n_process=2)
        assert s1 == s2
        for table in ("articles", "events", "event_actors", "quotes", "timexes", "actors",
                      "places", "summaries", "event_cluster_members"):
            q = f"SELECT * FROM {table}"
            if table == "articles":
                q = "SELECT id, text, published, origin, title, removed FROM articles"
            a = sorted(tuple(r) for r in one.conn.execute(q))
            b = sorted(tuple(r) for r in two.conn.execute(q))
            assert a and a == b, table


def test_small_inputs_start_no_workers(pipeline: Pipeline, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 25: two processes on 19 articles were slower than one (spawn + model load per
    worker); below MIN_RECORDS_PER_WORKER per worker the run stays in this process."""
    import multiprocessing

    import newsgraph.runner.local as local

    def no_pool(*args: object, **kwargs: object) -> object:
        raise AssertionError("a worker pool was started for a small input")

    monkeypatch.setattr(multiprocessing, "get_context", no_pool)
    monkeypatch.setattr(local.mp, "get_context", no_pool)
    src = _write_inputs(tmp_path / "in")
    with Store(tmp_path / "s.db") as store:
        stats = run_local([src], config=pipeline.config, store=store, n_process=2)
    assert stats["added"] > 0
