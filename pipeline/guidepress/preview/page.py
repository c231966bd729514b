"""The pages the preview server makes: the start page (the guides, and the catalogue as
published) and one page per guide (its findings, and its editions in frames or as links).

They are made here, in memory, for each request; nothing of them is ever written to the output
folder, so the reload script never reaches a published file. Their style and script are
inline and fixed, allowed by their hashes in the page's Content-Security-Policy. Every link
is relative, so a page saved to disk beside a copy of the output folder still finds its
editions (which is how the tests check it with axe-core and the Nu HTML Checker).
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import jinja2

from guidepress.preview.views import GuideView, Overview

ASSETS = Path(__file__).resolve().parent / "assets"
SCRIPT = (ASSETS / "reload.js").read_text(encoding="utf-8")
CSS = (ASSETS / "preview.css").read_text(encoding="utf-8")
START_TITLE = "Preview of the guides"


def source_hash(text: str) -> str:
    """A CSP source that allows exactly this inline script or style."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


SCRIPT_HASH = source_hash(SCRIPT)
STYLE_HASH = source_hash(CSS)

_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS), autoescape=True,
                          undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def start_page(overview: Overview) -> bytes:
    """`/`: every guide with a link to its page and its state, then the catalogue."""
    return _render(key="", root="", stamp=overview.stamp, title=START_TITLE,
                   overview=overview, guide=None)


def guide_page(guide: GuideView) -> bytes:
    """`/.preview/<slug>/`: the guide's findings and editions."""
    return _render(key=guide.slug, root="../../", stamp=guide.stamp, title=guide.title,
                   overview=None, guide=guide)


def _render(**values: object) -> bytes:
    page = _ENV.get_template("page.html").render(css=CSS, script=SCRIPT, **values)
    return page.encode("utf-8")
