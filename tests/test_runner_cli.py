"""`newsgraph run` (local engine, store and shards) and `newsgraph load`, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app

runner = CliRunner()

TEXT = ("Japan and Australia signed a defence agreement in Tokyo on Tuesday, the prime "
        "minister said, adding that talks with Indonesia would follow next month.")


def _invoke(args: list[str]) -> dict:  # type: ignore[type-arg]
    res = runner.invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def test_run_into_db_then_shards_and_load(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXT, "utf-8")
    (src / "b.jsonl").write_text(json.dumps({"text": TEXT.replace("Tokyo", "Canberra")})
                                 + "\n{broken\n", "utf-8")
    db = str(tmp_path / "run.db")
    first = _invoke(["run", str(src), "--db", db, "--published", "2024-04-02"])
    assert first["added"] == 2 and first["skipped"] == 1
    assert _invoke(["run", str(src), "--db", db])["added"] == 0

    shards = tmp_path / "shards"
    assert _invoke(["run", str(src), "--out", str(shards), "--published", "2024-04-02"]
                   )["added"] == 2
    loaded = _invoke(["load", str(shards), "--db", str(tmp_path / "loaded.db")])
    direct = _invoke(["articles", "--db", db])
    assert loaded["this_run"]["added"] == 2
    assert loaded["database"]["events"] == _invoke(["load", str(shards), "--db", db]
                                                   )["database"]["events"]
    assert sorted(a["id"] for a in direct) == sorted(
        a["id"] for a in _invoke(["articles", "--db", str(tmp_path / "loaded.db")]))


def test_run_usage_errors(tmp_path: Path) -> None:
    assert runner.invoke(app, ["run", str(tmp_path)]).exit_code == 2  # neither --db nor --out
    assert runner.invoke(app, ["run", str(tmp_path), "--engine", "spark",
                               "--db", "x.db"]).exit_code == 2
    assert runner.invoke(app, ["run", str(tmp_path / "nope"), "--db", "x.db"]).exit_code == 2
    assert runner.invoke(app, ["run", str(tmp_path), "--engine", "ray",
                               "--db", "x.db"]).exit_code == 2
