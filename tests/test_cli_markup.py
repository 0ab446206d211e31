"""Rich markup in user input or stored text is printed as text, never parsed (issue 25:
``newsgraph query search '[/x]'``, ``query actor``, ``query dyad`` crashed with MarkupError)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from test_frames import build_db

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(build_db(tmp_path_factory.mktemp("markup_cli")))


@pytest.mark.parametrize("args", [
    ["query", "search", "[/x]"], ["query", "search", "[bold]Japan[/]"],
    ["query", "actor", "[/x]"], ["query", "dyad", "[/x]", "[/y]"],
    ["query", "network"], ["actors"],
])
def test_markup_in_input_is_printed_as_text(db: str, args: list[str]) -> None:
    res = runner.invoke(app, [*args, "--db", db])
    assert res.exit_code == 0, res.output
    assert res.exception is None
    for word in args[2:]:
        assert word.upper() in res.stdout.upper()  # shown literally in the title


def test_markup_in_an_unknown_article_id_is_printed_as_text(db: str) -> None:
    res = runner.invoke(app, ["show", "[/x]", "--db", db])
    assert res.exit_code == 2 and "[/x]" in res.stdout
    res = runner.invoke(app, ["events", "--article", "[/x]", "--db", db])
    assert res.exit_code == 2 and "[/x]" in res.stdout
