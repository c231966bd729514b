"""output/index.html: every guide, its description and date, and a link to each format with its
size, on a page that meets the basics of accessibility."""

from __future__ import annotations

import re

from lxml import html

from guidepress.build import catalogue

from .conftest import Project, guide_text


def _page(project: Project) -> html.HtmlElement:
    return html.fromstring((project.out / "index.html").read_bytes())


def test_the_catalogue_lists_every_guide_with_working_links_and_sizes(project: Project) -> None:
    project.write("delta", guide_text("Delta").replace("lang: en-US", "lang: en-GB"))
    project.build()
    page = _page(project)
    assert page.get("lang") == "en"
    assert page.findtext(".//title") == "Guides"
    assert len(page.findall(".//h1")) == 1 and len(page.findall(".//main")) == 1
    titles = [h.text_content() for h in page.findall(".//main//h2")]
    assert titles == ["Alpha", "Beta", "Delta", "Gamma"]
    delta = page.get_element_by_id("delta").getparent()
    assert delta.get("lang") == "en-GB"
    assert "A short guide used by the build tests." in delta.text_content()
    assert delta.find(".//time").get("datetime") == "2026-11-25"
    assert "November 25, 2026" in delta.text_content()
    links = delta.findall(".//a")
    assert [a.get("href") for a in links] == ["delta/delta.html", "delta/delta.txt"]
    for link in links:
        target = project.out / link.get("href")
        assert target.is_file()
        size = catalogue.human_size(target.stat().st_size)
        assert size in link.getparent().text_content()
    assert links[0].text_content() == "Web page of Delta"


def test_sizes_are_in_human_units() -> None:
    assert catalogue.human_size(1) == "1 byte"
    assert catalogue.human_size(812) == "812 bytes"
    assert catalogue.human_size(17_563) == "17 KB"
    assert catalogue.human_size(2_500_000) == "2.4 MB"


def test_an_empty_source_folder_gives_a_page_that_says_so(project: Project) -> None:
    for path in project.source.glob("*.md"):
        path.unlink()
    project.build()
    assert "There are no guides yet" in _page(project).text_content()


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, two: str) -> float:
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_text_colour_has_at_least_4_5_to_1_contrast(project: Project) -> None:
    css = (project.templates / "index" / "index.css").read_text()
    themes = re.findall(r":root \{(.*?)\}", css, re.DOTALL)
    assert len(themes) == 2  # light, and dark
    for theme in themes:
        colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6});", theme))
        for name in ("text", "muted", "link", "link-visited"):
            assert _contrast(colours[name], colours["background"]) >= 4.5, name
