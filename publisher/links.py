"""Campaign tracking on links: `utm_source=<platform>&utm_campaign=<id>` (and an optional medium).

A link that already carries a `utm_*` parameter is left exactly as written: the editor tagged it
on purpose. Parameters are appended to the query as it is (never re-encoded, so signed or
oddly encoded URLs keep working), before any `#fragment`. With `domains` set, only links to those
hosts (or their subdomains) are tagged: tracking parameters on someone else's site are noise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit


def utm_tagger(platform: str, campaign: str, *, medium: str | None = None, domains: Sequence[str] = ()) -> Callable[[str], str]:
    """A function that adds this campaign's UTM parameters to an http(s) URL."""
    params = [("utm_source", platform), ("utm_campaign", campaign)]
    if medium:
        params.append(("utm_medium", medium))
    query = urlencode(params)
    hosts = tuple(d.lower().strip(".") for d in domains)

    def tag(url: str) -> str:
        if not url.lower().startswith(("http://", "https://")):
            return url
        parts = urlsplit(url)
        if hosts and not _on(parts.hostname or "", hosts):
            return url
        if any(key.lower().startswith("utm_") for key, _ in parse_qsl(parts.query, keep_blank_values=True)):
            return url
        head, hash_, fragment = url.partition("#")
        separator = "" if head.endswith(("?", "&")) else ("&" if parts.query else "?")
        return f"{head}{separator}{query}{hash_}{fragment}"

    return tag


def _on(host: str, domains: tuple[str, ...]) -> bool:
    host = host.lower()
    return any(host == d or host.endswith("." + d) for d in domains)
