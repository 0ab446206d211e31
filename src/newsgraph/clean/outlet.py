"""An article's outlet from its URL when the input names none.

The outlet is the URL host's *registered domain* (``www.standard.co.uk`` -> ``standard.co.uk``,
``edition.cnn.com`` -> ``cnn.com``), found with the Public Suffix List that the
``publicsuffixlist`` package bundles (no network fetch: the list shipped with the package is
read from disk), so multi-part suffixes such as ``co.uk`` or ``com.au`` are right without a
hand-written rule. Where the domain is a known outlet (``reference/data/outlets.tsv``) its
display name stands instead (``bbc.com`` and ``bbc.co.uk`` are both "BBC"), so one outlet
under two domains counts once. Hosts that are IP addresses, ``localhost`` or bare public
suffixes give None.
"""

from __future__ import annotations

import ipaddress
from functools import cache
from importlib import resources
from urllib.parse import urlsplit


@cache
def _psl() -> object:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()  # the bundled list; it never downloads


@cache
def display_names() -> dict[str, str]:
    """Registered domain -> display name of the known outlets."""
    text = resources.files("newsgraph.reference").joinpath("data/outlets.tsv").read_text("utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            domain, name = line.split("\t", 1)
            out[domain.strip().lower()] = name.strip()
    return out


def registered_domain(url: str | None) -> str | None:
    """The registered domain of ``url``'s host (None for IPs, local or suffix-only hosts)."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    known = display_names()
    # a known outlet on a sub-domain of a shared host (abcnews.go.com) is itself the domain
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if ".".join(parts[i:]) in known and i <= 1 and len(parts) - i >= 3:
            return ".".join(parts[i:])
    domain = _psl().privatesuffix(host)  # type: ignore[attr-defined]
    return str(domain) if domain else None


def outlet_from_url(url: str | None) -> str | None:
    """The outlet named by ``url``: a display name where known, else the registered domain."""
    domain = registered_domain(url)
    if domain is None:
        return None
    return display_names().get(domain, domain)
