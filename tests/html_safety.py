"""What a built site must never contain, found by parsing its HTML (not by matching theme text)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
_FORBIDDEN_TAGS = {"iframe", "frame", "object", "embed", "base", "applet"}
_DATA_SCRIPTS = {"application/json", "application/ld+json"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


class Page(HTMLParser):
    def __init__(self, name: str, markers: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.markers = markers
        self.findings: list[str] = []
        self.text: list[str] = []
        self._script: str | None = None  # type of the script element being read
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"{self.name}:{self.getpos()[0]}"
        if tag in _FORBIDDEN_TAGS:
            self.findings.append(f"{where}: <{tag}> element")
        for name, value in attrs:
            value = value or ""
            self.text.append(value)
            if name.startswith("on"):
                self.findings.append(f"{where}: <{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES:
                plain = _INVISIBLE.sub("", value).lower()
                if plain.startswith(_DANGEROUS_SCHEMES):
                    self.findings.append(f"{where}: <{tag} {name}={value!r}>")
            if name == "style" and self._marked(value):
                self.findings.append(f"{where}: <{tag} style={value!r}> from content")
        if tag == "script":
            self._script = dict(attrs).get("type") or "text/javascript"
            self._script_text = []
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.findings.append(f"{where}: <meta http-equiv=refresh>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            body = "".join(self._script_text)
            where = f"{self.name}:{self.getpos()[0]}"
            if self._script not in _DATA_SCRIPTS and self._marked(body):
                self.findings.append(f"{where}: script from content: {body[:80]!r}")
            if self._script == "application/ld+json":
                try:
                    json.loads(body)
                except ValueError as error:
                    self.findings.append(f"{where}: JSON-LD does not parse: {error}")
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.text.append(data)

    def _marked(self, value: str) -> bool:
        return any(marker in value for marker in self.markers)


def inspect_site(site: Path, markers: tuple[str, ...] = ("pwnd",)) -> tuple[list[str], str]:
    """Every unsafe construct in the site's HTML pages, and all their text and attribute
    values (decoded) joined with the data exports, to look for what content should show."""
    findings: list[str] = []
    text: list[str] = []
    for page in sorted(site.rglob("*.html")):
        parser = Page(page.relative_to(site).as_posix(), markers)
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        findings.extend(parser.findings)
        text.extend(parser.text)
    exports = sorted(path for path in site.glob("data/**/*") if path.is_file())  # sources/ too
    text.extend(path.read_text(encoding="utf-8") for path in exports)
    return findings, "\n".join(text)
