"""A Content Security Policy as a second wall behind escaping, for any static HTML site.

After the engine (MkDocs, or Zensical) has written the site, every `.html` file gets a
`<meta http-equiv="Content-Security-Policy">` immediately before its first `</head>`. A policy
given in a meta element applies only to what follows it, so the theme's own inline script in the
head (Material's `__md_scope=...`) runs without a hash; in the body only inline scripts whose
SHA-256 is listed run, and no inline event handler (`onerror=...`) or `javascript:` URL does.

The hashes are computed from `404.html`, which the theme renders without content from the
knowledge base, never from content pages: a script injected into a page would otherwise allow
itself. Nothing here knows an engine; the output is deterministic and applying it twice gives
the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

NOT_FOUND_PAGE = "404.html"

_SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_OURS = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="[^"<>]*">\Z')
_ATTRIBUTE = re.compile(
    rb"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""", re.DOTALL
)
_JAVASCRIPT_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "application/x-javascript",
    "application/x-ecmascript",
    "text/ecmascript",
    "text/jscript",
    "text/livescript",
    "text/x-javascript",
    "text/x-ecmascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
}


def policy(script_hashes: list[str]) -> str:
    """The policy text: `script_hashes` are base64 SHA-256 digests of allowed inline scripts."""
    hashes = [f"'sha256-{h}'" for h in sorted(set(script_hashes))]
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def meta_element(policy_text: str) -> str:
    """The meta element, its content escaped for a double-quoted HTML attribute."""
    escaped = (
        policy_text.replace("&", "&amp;")
        .replace('"', "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
    return f'<meta http-equiv="Content-Security-Policy" content="{escaped}">'


def script_hash(body: bytes) -> str:
    """The CSP hash of an inline script's text (the parser turns CR LF and CR into LF)."""
    text = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return base64.b64encode(hashlib.sha256(text).digest()).decode("ascii")


def inline_scripts(html: bytes) -> list[bytes]:
    """The text of each executable inline script: no `src`, and a JavaScript (or no) type.

    `<script type="application/json">` and `application/ld+json` are data blocks, never run.
    """
    bodies = []
    for match in _SCRIPT.finditer(html):
        attributes = _attributes(match.group(1))
        if "src" in attributes:
            continue
        kind = attributes.get("type", "").strip().lower()
        if kind in _JAVASCRIPT_TYPES:
            bodies.append(match.group(2))
    return bodies


def _attributes(text: bytes) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).decode("utf-8", "replace").lower()
        value = next((g for g in match.groups()[1:] if g is not None), b"")
        found.setdefault(name, value.decode("utf-8", "replace"))
    return found


def split_head(html: bytes) -> tuple[bytes, bytes]:
    """The page before and after its first `</head>` (all body if there is none)."""
    head_end = _HEAD_END.search(html)
    split = head_end.end() if head_end else 0
    return html[:split], html[split:]


def body_script_hashes(html: bytes) -> list[str]:
    """Hashes of the executable inline scripts after the first `</head>`, sorted, no repeats."""
    return sorted({script_hash(script) for script in inline_scripts(split_head(html)[1])})


def with_policy(html: bytes, meta: bytes) -> bytes:
    """`html` with `meta` immediately before its first `</head>`, replacing a policy element
    put there before; unchanged when there is no `</head>`."""
    head_end = _HEAD_END.search(html)
    if head_end is None:
        return html
    before = html[: head_end.start()]
    ours = _OURS.search(before)
    if ours is not None:
        before = before[: ours.start()]
    return before + meta + html[head_end.start() :]


def secure_site(site_dir: Path) -> list[str]:
    """Put the policy into every `.html` file under `site_dir`; returns warnings.

    Also warns about a page whose head has more inline scripts than the theme's 404 page: the
    policy does not cover the head, so an extra one there would run.
    """
    warnings = []
    not_found = site_dir / NOT_FOUND_PAGE
    if not_found.is_file():
        theme = not_found.read_bytes()
        head_scripts = len(inline_scripts(split_head(theme)[0]))
        hashes = body_script_hashes(theme)
    else:
        head_scripts, hashes = -1, []
        warnings.append(
            f"Content Security Policy: no {NOT_FOUND_PAGE} to take the theme's inline scripts "
            "from, so no inline script in a page body may run"
        )
    meta = meta_element(policy(hashes)).encode("ascii")
    no_head, strange_head = [], []
    for path in sorted(site_dir.rglob("*.html")):
        if path.is_symlink() or not path.is_file():
            continue
        html = path.read_bytes()
        secured = with_policy(html, meta)
        name = path.relative_to(site_dir).as_posix()
        if secured is html:
            no_head.append(name)
        elif head_scripts >= 0 and len(inline_scripts(split_head(html)[0])) > head_scripts:
            strange_head.append(name)
        if secured != html:
            path.write_bytes(secured)
    warnings += _listed("no </head>, so no policy, in", no_head)
    warnings += _listed("an inline script in the head, before the policy, in", strange_head)
    return warnings


def _listed(what: str, names: list[str]) -> list[str]:
    if not names:
        return []
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    return [f"Content Security Policy: {what} {', '.join(names[:5])}{more}"]
