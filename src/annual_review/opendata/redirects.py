"""The export's redirects: each decision's older address to its clean one, for static hosts.

The server answers a decision's older address (its reference as written,
`/decisions/24%20329%20705/`, and its twin's) with a 301 to the clean one
(`casework/addresses.py`). A static host serves files only, so the export lists every such move
at its root, in two files made from one list (both in the manifest):

- `redirects.map`: the entries of an nginx `map` from the request's decoded path (`$uri`) to
  the new one; `deploy/nginx/export-site.conf` answers a mapped path with a 301 (the map
  itself is declared beside the server, see `deploy/nginx/annual-review.conf.example`).
- `_redirects`: one move a line, `OLD NEW 301`, the old path as a link carries it
  (percent-encoded). Netlify and Cloudflare Pages read this file as it is; for any other host
  or CDN it is the plain list to load into its redirect rules.
"""

from collections.abc import Iterable
from urllib.parse import quote

from annual_review.casework.addresses import (
    decision_address,
    decision_slug,
    decision_twin_address,
)

NGINX_MAP = "redirects.map"
REDIRECTS = "_redirects"
_NGINX_HEAD = (
    "# Written by `annual-review export-site`: a decision's older address -> its clean one.\n"
    "# The entries of an nginx map on $uri; see deploy/nginx/export-site.conf.\n"
)


def decision_moves(references: Iterable[str]) -> list[tuple[str, str]]:
    """(older path, clean path) of each decision page and twin whose address moved, decoded
    (as nginx's `$uri` and Django see them), sorted by reference."""
    moves = []
    for reference in sorted(references):
        slug = decision_slug(reference)
        if slug == reference:
            continue
        for clean in (decision_address(reference), decision_twin_address(reference)):
            moves.append((clean.replace(slug, reference, 1), clean))
    return moves


def redirects_render(references: Iterable[str]) -> dict[str, bytes]:
    """The contents of the export's redirect files for the decisions exported."""
    moves = decision_moves(references)
    nginx = [_NGINX_HEAD]
    seen: set[str] = set()
    for old, clean in moves:
        # nginx compares a map's strings ignoring case, and refuses a key given twice.
        if old.lower() in seen:
            continue
        seen.add(old.lower())
        nginx.append(f'"{old}" {clean};\n')
    plain = [f"{quote(old)} {clean} 301\n" for old, clean in moves]
    return {NGINX_MAP: "".join(nginx).encode(), REDIRECTS: "".join(plain).encode()}
