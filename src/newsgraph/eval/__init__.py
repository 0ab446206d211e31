"""Evaluation harness: ``newsgraph eval <capability>`` scores against gold data.

Each capability lives in its own module here and exposes ``register(app: typer.Typer)``,
which adds its command to the ``eval`` group. Modules are discovered, so adding a capability
means adding a module, not editing a central list (the same hook serves built-ins and
extensions).
"""

from __future__ import annotations

import importlib
import pkgutil

import typer


def build_app() -> typer.Typer:
    """The ``eval`` command group with every capability module's command registered."""
    app = typer.Typer(no_args_is_help=True, help="Score newsgraph against gold data.")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app)
    return app
