"""The EPUB's accessibility claims that a validation run backs: which checks passed, read
through the rules of `guidepress.formats.epubclaims`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from guidepress import __version__
from guidepress.formats import epub
from guidepress.formats.epubclaims import (
    CONFORMANCE_FORMATS,
    PROPERTIES,
    Claims,
    as_metadata,
    derive,
)
from guidepress.outdir.atomic import write_atomic
from guidepress.validate import epubpkg
from guidepress.validate.base import (
    GuideValidator,
    Outcome,
    Output,
    OutputValidator,
    Session,
    Target,
)
from guidepress.validate.refs import EPUB_DISCOVERY, EPUB_WCAG
from guidepress.validate.report import Check, Finding, Result, format_name, judged

__all__ = ["Claims", "as_metadata", "from_checks", "passed_for_epub", "withdrawn"]


def from_checks(checks: Iterable[Check], has_images: bool, has_tables: bool,
                publisher: str) -> Claims:
    """The claims a validation run backs (see `passed_for_epub`)."""
    results = {check.id: passed_for_epub(check) for check in checks}
    conforming = [ok for check_id, ok in results.items()
                  if check_id.split(".", 1)[0] in CONFORMANCE_FORMATS]
    conforms = bool(conforming) and all(conforming)
    return derive(lambda check_id: results.get(check_id, False), conforms, has_images,
                  has_tables, publisher)


def passed_for_epub(check: Check) -> bool:
    """Whether `check` backs claims about the EPUB: it passed (or had nothing to check), or it
    compares formats and none of its findings is about the EPUB."""
    if check.result in (Result.PASS, Result.NOT_APPLICABLE):
        return True
    about_epub = any(finding.where == format_name("epub") for finding in check.findings)
    return check.result is Result.FAIL and check.format == "all" and not about_epub


def withdrawn(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    """Accessibility claims in `before` that `after` no longer makes, as `property: value`."""
    return [f"{prop}: {value}" for prop, values in before.items() for value in values
            if prop in PROPERTIES and value not in after.get(prop, [])]


class ClaimsValidator(GuideValidator):
    """Writes into each EPUB only the accessibility claims its checks backed; when that
    changes the file, EPUBCheck and Ace check it again."""

    name = "epub-claims"
    order = 20

    def check(self, target: Target, session: Session) -> Outcome:
        package = _package(target)
        if package is None:
            return Outcome()
        expected = target.expected
        before = epubpkg.metadata(package)
        backed = from_checks(target.report.checks, bool(expected.images),
                             bool(expected.tables), expected.publisher)
        after = as_metadata(backed)
        path = target.outputs["epub"]
        changed = apply(path, dt.date.fromisoformat(expected.updated), backed)
        outcome = Outcome()
        if changed:
            session.changed.append(path)
            outcome = check_again(Output(target, "epub", path), session)
        # The report shows them (from the notes, so that a kept result shows them too).
        outcome.notes["claims"] = {**after, "withdrawn": withdrawn(before, after)}
        outcome.checks.append(claims_check(path, after, changed))
        return outcome


def _package(target: Target) -> epubpkg.Package | None:
    """The EPUB's package as its checks read it, or read again (when their results were
    kept from an earlier run); None when there is no readable EPUB."""
    if not target.has("epub"):
        return None
    package: epubpkg.Package | None = target.notes.get("epub-package")
    if package is None:
        try:
            package = epubpkg.read(target.outputs["epub"])
        except epubpkg.EpubError:
            return None
    return package


def apply(path: Path, updated: dt.date, backed: Claims) -> bool:
    """Rewrite the EPUB's accessibility metadata to `backed` (through the EPUB writer's own
    `restamp`, so the zip stays deterministic); True when the file changed."""
    data = path.read_bytes()
    stamped = epub.restamp(data, updated, backed)
    if stamped == data:
        return False
    write_atomic(path, stamped)
    return True


def check_again(output: Output, session: Session) -> Outcome:
    """EPUBCheck and Ace, side by side, on the rewritten EPUB."""
    validators = [session.validators[name] for name in ("epubcheck", "ace")
                  if name in session.validators]
    again = [session.pool.submit(validator.check, [output], session)
             for validator in validators if isinstance(validator, OutputValidator)]
    outcome = Outcome()
    for future in again:
        (found,) = future.result()
        outcome.checks += found.checks
        outcome.notes.update(found.notes)
    return outcome


def claims_check(path: Path, after: dict[str, list[str]], changed: bool) -> Check:
    package = epubpkg.read(path)
    written = {prop: values for prop, values in epubpkg.metadata(package).items()
               if prop in after or prop.startswith(("schema:access", "dcterms:conformsTo"))}
    findings = [Finding(f"the package says {prop} = {values}, the checks back {after.get(prop)}")
                for prop, values in written.items() if values != after.get(prop)]
    note = ("The metadata was rewritten to what the checks backed, and the EPUB was checked "
            "again." if changed else "The metadata already claimed exactly what was backed.")
    return judged("epub.claims", "epub", "Accessibility metadata claims only what passed",
                  "guidepress", __version__, (EPUB_DISCOVERY, EPUB_WCAG), findings,
                  "accessMode, accessModeSufficient, accessibilityFeature, accessibilityHazard, "
                  f"accessibilitySummary and dcterms:conformsTo follow from the results. {note}")
