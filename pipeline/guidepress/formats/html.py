"""Accessible, standalone HTML for the web: one file, styles inline, no script."""

from __future__ import annotations

from guidepress.formats.base import Format, RenderContext
from guidepress.read.document import Document


class HtmlFormat(Format):
    name = "html"
    weight = 0.1
    label = "Web page"
    kind = "HTML"
    order = 10
    suffix = ".html"
    media_type = "text/html"
    templates = ("html/page.html", "html/page.css")

    def render(self, document: Document, context: RenderContext) -> bytes:
        page = context.env.get_template("html/page.html").render(
            **context.page_values(document),
            body=context.body_html(document),
            css=context.template_text("html/page.css"),
        )
        return page.encode("utf-8")
