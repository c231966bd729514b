"""The EPUB's accessibility claims, and the checks that must pass to back each one.

Each schema.org accessibility value, the summary and the conformance statement are written only
when the checks that back them passed. The rules name checks by their stable ids; `derive` is
pure. The EPUB writer claims what `optimistic` gives (every check passed); validation rewrites
the package with what `derive` gives for the real results, so a failed check always withdraws
the claims it backed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Passed = Callable[[str], bool]
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


@dataclass(frozen=True)
class Claims:
    """What the package says about its own accessibility; each item must be backed by a check."""

    access_modes: tuple[str, ...]
    sufficient: tuple[str, ...]
    features: tuple[str, ...]
    hazards: tuple[str, ...]
    conforms_to: str | None
    certified_by: str
    summary: str


@dataclass(frozen=True)
class Rule:
    """A claim and the checks that must all pass for it to be written."""

    value: str
    backed_by: tuple[str, ...]
    sentence: str  # how the summary says it: after "This publication has", or a sentence
    needs_images: bool = False
    has: bool = True


PROPERTIES = ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
              "schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo",
              "a11y:certifiedBy")
FEATURES = (
    Rule("tableOfContents", ("epub.epubcheck", "epub.nav"), "a table of contents"),
    Rule("structuralNavigation", ("epub.ace", "all.headings"),
         "headings that follow the structure of the text"),
    Rule("readingOrder", ("epub.reading-order",), "Its reading order follows the text.",
         has=False),
    Rule("alternativeText", ("epub.ace", "all.alt-text"), "text alternatives for every image",
         needs_images=True),
    Rule("displayTransformability", ("epub.reflow",),
         "Its text can be resized and reflows to fit a narrow screen.", has=False),
)
TABLES = Rule("", ("epub.ace", "all.table-headers"), "tables with header cells")
HAZARDS = Rule("none", ("epub.hazards",), "no flashing, motion or sound hazards")
SUFFICIENT_TEXT = Rule("textual", ("epub.ace", "all.alt-text"), "")
# Conformance needs every check of these formats (EPUB, and across formats) to pass.
CONFORMANCE_FORMATS = ("epub", "all")


def derive(passed: Passed, conforms: bool, has_images: bool, has_tables: bool,
           publisher: str) -> Claims:
    """The claims `passed` backs; `conforms` when every EPUB and cross-format check passed."""
    features = tuple(rule.value for rule in FEATURES
                     if (has_images or not rule.needs_images) and _backed(rule, passed))
    modes = ("textual", "visual") if has_images else ("textual",)
    sufficient: tuple[str, ...] = ("textual",)
    if has_images:
        text_only = _backed(SUFFICIENT_TEXT, passed)
        sufficient = ("textual", "textual,visual") if text_only else ("textual,visual",)
    hazards = (HAZARDS.value,) if _backed(HAZARDS, passed) else ("unknown",)
    summary = _summary(features, has_images, has_tables and _backed(TABLES, passed),
                       hazards, conforms)
    return Claims(modes, sufficient, features or ("none",), hazards,
                  CONFORMS_TO if conforms else None,
                  (publisher or "the publisher") if conforms else "", summary)


def optimistic(has_images: bool, has_tables: bool, publisher: str) -> Claims:
    """What `derive` gives when every check passes: what the build writes before validation."""
    return derive(lambda _: True, True, has_images, has_tables, publisher)


def _backed(rule: Rule, passed: Passed) -> bool:
    return all(passed(check_id) for check_id in rule.backed_by)


def _summary(features: tuple[str, ...], has_images: bool, tables: bool,
             hazards: tuple[str, ...], conforms: bool) -> str:
    has = [rule.sentence for rule in FEATURES if rule.value in features and rule.has]
    if tables:
        has.append(TABLES.sentence)
    sentences = [f"This publication has {_join(has)}."] if has else []
    sentences += [rule.sentence for rule in FEATURES if rule.value in features and not rule.has]
    if hazards == ("none",):
        sentences.append(f"It has {HAZARDS.sentence}.")
    if has_images and "alternativeText" not in features:
        sentences.append("Some images may lack a text alternative.")
    if conforms:
        sentences.append(f"It meets {CONFORMS_TO.replace(' - ', ', ')}, as shown by EPUBCheck, "
                         "Ace by DAISY and the publisher's own checks.")
    else:
        sentences.append("It has not been shown to meet EPUB Accessibility 1.1.")
    return " ".join(sentences)


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", and " + parts[-1]


def as_metadata(claims: Claims) -> dict[str, list[str]]:
    """The package `<meta>` values these claims write, by property."""
    found = {
        "schema:accessMode": list(claims.access_modes),
        "schema:accessModeSufficient": list(claims.sufficient),
        "schema:accessibilityFeature": list(claims.features),
        "schema:accessibilityHazard": list(claims.hazards),
        "schema:accessibilitySummary": [claims.summary] if claims.summary else [],
        "dcterms:conformsTo": [claims.conforms_to] if claims.conforms_to else [],
        "a11y:certifiedBy": [claims.certified_by] if claims.conforms_to and claims.certified_by
        else [],
    }
    return {prop: values for prop, values in found.items() if values}
