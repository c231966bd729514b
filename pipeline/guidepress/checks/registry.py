"""Every rule, in one ordered list you can grep: its stable code, family, default severity,
title, the one function that checks it, and a one-line hint on how to fix what it finds.

Codes never change meaning and are never reused: A### accessibility, R### reading level,
P### plain language, M### metadata, S### security. Adding a rule means one function in its
family's module, one line here, and one folder `tests/checks/rules/<CODE>/` with fail.md,
pass.md, golden.txt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from guidepress.checks import (
    glyphs,
    images,
    language,
    links,
    metadata,
    plain,
    reading,
    security,
    structure,
    tables,
)
from guidepress.checks.context import Context, Hit
from guidepress.checks.findings import ERROR, WARNING, Severity

FAMILIES = {"A": "accessibility", "R": "reading level", "P": "plain language", "M": "metadata",
            "S": "security"}
_CODE = re.compile(r"^[ARPMS][0-9]{3}$")


@dataclass(frozen=True)
class Rule:
    code: str
    family: str
    severity: Severity
    title: str
    check: Callable[[Context], Iterable[Hit]]
    hint: str
    # Judged against today's date (guidepress.clock): reported by `check` only, never by the
    # build, so that no build's outcome or output depends on the day it runs.
    dated: bool = False


class Registry:
    """An ordered set of rules that refuses a duplicate or malformed code."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: Rule) -> None:
        if not _CODE.match(rule.code):
            raise ValueError(f"rule code {rule.code!r} is not a family letter and 3 digits")
        if FAMILIES[rule.code[0]] != rule.family:
            raise ValueError(f"rule {rule.code} is in family {rule.family!r}, not "
                             f"{FAMILIES[rule.code[0]]!r}")
        if rule.code in self._rules:
            raise ValueError(f"rule code {rule.code} is registered twice")
        self._rules[rule.code] = rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)

    def __getitem__(self, code: str) -> Rule:
        return self._rules[code]

    def codes(self) -> frozenset[str]:
        return frozenset(self._rules)


def _a(code: str, severity: Severity, title: str, check: Callable[[Context], Iterable[Hit]],
       hint: str) -> Rule:
    return Rule(code, FAMILIES["A"], severity, title, check, hint)


RULES = Registry([
    # Structure
    _a("A001", ERROR, "No level-1 heading in the body; the title is the one top-level heading",
       structure.level_one_heading, "start sections at `##`; the front-matter title is the `#`"),
    _a("A002", ERROR, "Heading levels never skip", structure.skipped_level,
       "go down one level at a time: `##`, then `###`"),
    _a("A003", ERROR, "No empty headings", structure.empty_heading,
       "write the heading's text after the `#` marks, or delete the line"),
    _a("A004", ERROR, "No duplicate headings among siblings", structure.duplicate_heading,
       "give each section under the same parent a different heading"),
    _a("A005", ERROR, "No lists typed by hand with bullet characters or numbers",
       structure.fake_list, "use a Markdown list: a blank line, then `- item` or `1. item`"),
    _a("A006", ERROR, "No bold paragraph used as a heading", structure.bold_heading,
       "make it a real heading (`## Text`) or part of a sentence"),
    # Images
    _a("A010", ERROR, "Every image has alt text, or is marked decorative", images.missing_alt,
       'describe the image in the brackets, or mark it `{.decorative alt=""}`'),
    _a("A011", ERROR, "Alt text is not a file name", images.file_name_alt,
       "say what the image shows, in words"),
    _a("A012", WARNING, 'Alt text does not start "image of ..."', images.image_of_alt,
       'start with what it shows: "Flow chart of ..." not "Image of a flow chart of ..."'),
    _a("A013", WARNING, "Alt text is no longer than about 250 characters", images.long_alt,
       "keep the alt short; put the full description in the text after the image"),
    _a("A014", ERROR, "A diagram or chart has a longer text equivalent after it, one that says "
       "what its labels say", images.complex_without_description,
       "follow it with a paragraph or a list that gives what it shows (each label, each "
       "value), or put that in a `::: longdesc` block right after it"),
    _a("A015", ERROR, "A decorative image has empty alt text", images.decorative_with_alt,
       'use `{.decorative alt=""}`, or drop `.decorative` if the image carries meaning'),
    _a("A016", WARNING, "An image that may be a chart or diagram has a text equivalent (where "
       "A014 cannot decide)", images.maybe_without_description,
       "make sure the text after it gives everything the image shows, or put it in a "
       "`::: longdesc` block right after it"),
    # Links
    _a("A020", ERROR, "Link text makes sense out of context", links.vague_text,
       'say where it goes: "the FREIDA program directory", not "click here"'),
    _a("A021", WARNING, "Link text is not a bare URL", links.url_text,
       "use the name of the page as the link text: [Page name](https://...)"),
    _a("A022", ERROR, "The same link text never points to two different places",
       links.same_text_other_target, "make the link texts different, or point them to one place"),
    _a("A023", ERROR, "No empty links", links.empty_link,
       "put words in the brackets: [where it goes](https://...)"),
    # Tables
    _a("A030", ERROR, "A table has a header row", tables.no_header_row,
       "give every column a heading in the first row"),
    _a("A031", ERROR, "A table has a caption", tables.no_caption,
       "add a paragraph `Table: what the table shows` right after the table"),
    _a("A032", ERROR, "No one-column table used for layout", tables.layout_table,
       "use a list or paragraphs instead"),
    # Language
    _a("A040", WARNING, "Instructions do not rely on sight alone (WCAG 1.3.3)", language.sensory,
       'name the thing too: "the Submit button (on the right)", not just "on the right"'),
    _a("A041", WARNING, "No long runs of capital letters", language.capitals,
       "write it in normal case; use **bold** for emphasis"),
    _a("A042", WARNING, "No emoji standing in for words", language.emoji,
       "use the word instead; screen readers read out the emoji's name"),
    _a("A043", ERROR, "No raw HTML in sources", language.raw_html,
       "use Markdown instead; write `<tag>` in backticks to show a tag as code"),
    _a("A044", ERROR, "Abbreviations are expanded on first use or listed",
       language.unexplained_abbreviation,
       "write the full name first, then the abbreviation in brackets, or list it under "
       "`abbreviations`"),
    _a("A045", ERROR, "A lang attribute is a valid language tag", language.bad_lang_attribute,
       "use a BCP 47 tag such as es, fr or pt-BR: [texto]{lang=es}"),
    _a("A046", WARNING, "Passages in another language are marked", language.unmarked_foreign,
       "mark the passage: [the text]{lang=es}"),
    # Characters
    _a("A050", ERROR, "Every character is in one of the shipped fonts",
       glyphs.uncovered_character,
       "use a character the fonts have (a word, or -> for an arrow); a script they lack needs "
       "a font added to guidepress"),
    # Reading level
    Rule("R001", FAMILIES["R"], ERROR, "The guide reads at or below its target grade",
         reading.guide_over_target,
         "shorten sentences and use shorter words; `guidepress readability` lists the hardest"),
    Rule("R002", FAMILIES["R"], WARNING, "Each section reads at or below the target grade",
         reading.section_over_target,
         "split long sentences in this section and prefer short, common words"),
    Rule("R003", FAMILIES["R"], WARNING, "Sentences have 25 words or fewer",
         reading.long_sentence, "split it into two or more sentences"),
    # Plain language
    Rule("P001", FAMILIES["P"], WARNING, "Plain words instead of hard ones (word list)",
         plain.plainer_word,
         "use the plainer word where it fits, or define the term in a definition list"),
    # Metadata
    Rule("M001", FAMILIES["M"], WARNING, "pandoc reads the source without warnings",
         metadata.pandoc_warning, "fix the Markdown that pandoc warns about"),
    Rule("M002", FAMILIES["M"], ERROR, "review_by is after updated",
         metadata.review_before_update, "set review_by to a date after updated"),
    Rule("M003", FAMILIES["M"], WARNING, "The description is one sentence",
         metadata.description_sentences, "say what the guide is in one sentence ending with `.`"),
    Rule("M004", FAMILIES["M"], ERROR, "lang names a known language", metadata.unknown_language,
         "use an ISO 639 language code, e.g. en-US, es, fr"),
    Rule("M005", FAMILIES["M"], WARNING, "Every listed abbreviation is used",
         metadata.unused_abbreviation, "remove it from `abbreviations`, or use it"),
    Rule("M006", FAMILIES["M"], ERROR, "disable_checks names only existing rules",
         metadata.unknown_disabled_code, "check the code against `guidepress check` output"),
    Rule("M007", FAMILIES["M"], ERROR, "qr_link is a link of the guide or one of its sources",
         metadata.qr_link_elsewhere,
         "link to that address in the text, or add it to `sources`, or name another link"),
    Rule("M008", FAMILIES["M"], WARNING, "The review_by date has not passed (reported by "
         "`check` only)", metadata.review_overdue,
         "review the guide, then set `updated` to today and `review_by` to a later date",
         dated=True),
    # Security (what the outputs leave out whatever these say: see guidepress/read/safety.py)
    Rule("S001", FAMILIES["S"], ERROR, "Links go only to https, http, mailto or a #section",
         security.disallowed_link, "link to a full https:// address, or to a heading with #id"),
    Rule("S002", FAMILIES["S"], ERROR, "Only id, class, lang, dir and image alt attributes",
         security.unpublished_attribute,
         "remove the attribute; event handlers, styles and sizes are never published"),
    Rule("S003", FAMILIES["S"], WARNING, "No invisible characters (zero-width spaces, joiners, "
         "direction marks)", security.invisible_character,
         "delete it; it is invisible in most editors but can change how words are read or found"),
    Rule("S004", FAMILIES["S"], ERROR, "Link text that shows an address goes to that address",
         security.misleading_link_text,
         "make the text the page's name, or the address the link really goes to"),
    Rule("S005", FAMILIES["S"], ERROR, "Link addresses do not mix writing systems",
         security.mixed_script_address,
         "check the address letter by letter; a look-alike letter from another alphabet "
         "leads elsewhere"),
])


def rules_markdown() -> str:
    """docs/rules.md: the table of every rule (a test keeps the file equal to this)."""
    lines = [
        "# Rules",
        "",
        "Generated from `guidepress/checks/registry.py`; do not edit by hand. Codes are stable.",
        "Switch a rule off for one guide in its front matter, with a reason of 10 or more",
        "characters:",
        "",
        "```yaml",
        "disable_checks:",
        "  A041: The drug names on the label are printed in capitals.",
        "```",
        "",
        "| Code | Family | Severity | Rule | How to fix |",
        "|---|---|---|---|---|",
    ]
    for rule in RULES:
        cells = (rule.code, rule.family, rule.severity, rule.title, rule.hint)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
