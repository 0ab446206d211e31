"""The Ray runner on a local Ray (2 CPUs): the same rows as the local runner. Skips without Ray."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.pipeline import Pipeline
from newsgraph.runner import flatten
from newsgraph.runner.local import run_local
from newsgraph.runner.shards import iter_units

ray = pytest.importorskip("ray")
pytest.importorskip("pyarrow")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    from newsgraph.runner.ray_runner import init_ray

    init_ray(num_cpus=2)
    yield
    ray.shutdown()


def _canon(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def test_ray_and_local_runners_give_the_same_rows(local_ray: None, pipeline: Pipeline,
                                                  tmp_path: Path) -> None:
    from newsgraph.runner.ray_runner import run_ray

    src = tmp_path / "in"
    shutil.copytree(EXAMPLES, src)
    lines = [json.dumps({"text": f"Japan and Australia signed a pact in Tokyo on day {i}, "
                                 "officials said on Tuesday.", "published": "2024-05-0" + str(i)})
             for i in range(1, 6)] + ["{bad json"]
    (src / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    log = tmp_path / "loads.log"
    stats = run_ray([src], tmp_path / "ray", config=pipeline.config,
                    published="2024-06-01", workers=2, files_per_chunk=3,
                    lines_per_chunk=2, load_log=str(log))
    run_local([src], config=pipeline.config, out=tmp_path / "local", published="2024-06-01")
    ray_units = list(iter_units(tmp_path / "ray"))
    local_units = list(iter_units(tmp_path / "local"))
    assert stats["rows"] == len(ray_units) == len(local_units)
    assert stats["chunks"] > 2 * 2  # several pieces per worker, each its own shard
    assert stats["shards"] == len(list((tmp_path / "ray").glob("part-*.parquet")))
    ray_t, local_t = flatten(ray_units), flatten(local_units)
    for table in ("articles", "events", "quotes", "timexes", "actors", "skips"):
        assert _canon(ray_t[table]) == _canon(local_t[table]), table
    assert ray_t["events"] and ray_t["quotes"] and ray_t["skips"]
    assert (stats["added"], stats["skipped"]) == (len(ray_t["articles"]), len(ray_t["skips"]))
    assert stats["events"] == len(ray_t["events"]) and stats["quotes"] == len(ray_t["quotes"])
    assert len(log.read_text().split()) == 2  # one model load per worker
    with pytest.raises(FileExistsError):  # other piece sizes: other shards
        run_ray([src], tmp_path / "ray", config=pipeline.config)
    # resume: a lost shard is redone, the others are kept, the output is the same
    lost = sorted((tmp_path / "ray").glob("part-*.parquet"))[1]
    lost.unlink()
    again = run_ray([src], tmp_path / "ray", config=pipeline.config, published="2024-06-01",
                    workers=1, files_per_chunk=3, lines_per_chunk=2)
    assert (again["resumed"], again["shards"]) == (stats["chunks"] - 1, 1)
    assert _canon(flatten(list(iter_units(tmp_path / "ray")))["events"]) == _canon(
        local_t["events"])
