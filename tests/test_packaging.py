"""Every third-party module imported under ``src/`` is declared in ``pyproject.toml``.

Issue 25: a fresh venv with pip 23 installed a broken newsgraph because ``lxml_html_clean``
came only through an extra whose name old pip did not match; modules that arrive only as
someone else's dependency break the same way when that dependency changes.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "newsgraph"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(meta["dependencies"])
    for extra, deps in meta.get("optional-dependencies", {}).items():
        if extra != "dev":
            reqs += deps
    return {_norm(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in reqs}


def _imported() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "newsgraph"}


def test_every_import_is_declared() -> None:
    dists = packages_distributions()
    declared = _declared()
    missing = []
    for module in sorted(_imported()):
        names = {_norm(d) for d in dists.get(module, [module])}
        if not names & declared:
            missing.append(f"{module} (from {sorted(names)})")
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_lxml_html_clean_is_declared_by_name() -> None:
    """Declared itself, not as lxml's extra (which pip 23 fails to match)."""
    assert "lxml-html-clean" in _declared()
    import lxml.html.clean  # noqa: F401 - what trafilatura's justext imports
