"""The `page` validator (PyPI `page-validation`, an independent PDF/UA-1 checker) as a pure
adapter: a PDF in, its failed rules out, each with the Matterhorn Protocol checkpoints it tests
(from `guidepress/data/pageua-matterhorn.tsv`) and, where the validator names an object, that
object and its page."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from guidepress.errors import ToolError
from guidepress.validate import tools
from guidepress.validate.base import Outcome, Output, OutputValidator, Session
from guidepress.validate.refs import pdfua
from guidepress.validate.report import Check, Finding, judged

TOOL = "page"
DISTRIBUTION = "page-validation"
RULES_FILE = Path(__file__).resolve().parents[1] / "data" / "pageua-matterhorn.tsv"
PARSE_RULE = "PAGE-PARSE"
MAX_PARENTS = 200


@dataclass(frozen=True)
class Rule:
    """One rule of the validator and the Matterhorn checkpoints it tests."""

    id: str
    checkpoints: tuple[str, ...]  # the main one first; empty when Matterhorn has none
    clause: str  # ISO 14289-1
    mapping: str  # exact, close, unsure or none: how sure the mapping is
    fails_when: str


@dataclass(frozen=True)
class Failure:
    """One failed rule, where the validator says it failed."""

    rule: str
    message: str
    checkpoints: tuple[str, ...] = ()
    mapping: str = "unknown"  # "unknown" for a rule the table does not list
    obj: str = ""  # the object the validator names, e.g. "404 0 R"
    page: int | None = None  # 1-based, when the object belongs to a page

    @property
    def checkpoint(self) -> str:
        return self.checkpoints[0] if self.checkpoints else ""

    def finding(self) -> Finding:
        where = ", ".join(part for part in (f"page {self.page}" if self.page else "",
                                            f"object {self.obj}" if self.obj else "") if part)
        rule = f"{self.rule} (Matterhorn {self.checkpoint})" if self.checkpoint else self.rule
        return Finding(self.message, where, rule)


def version() -> str:
    return tools.python_version(DISTRIBUTION)


@functools.cache
def rules() -> dict[str, Rule]:
    """The mapping table: every PDF/UA-1 rule of the validator, by id."""
    table: dict[str, Rule] = {}
    for line in RULES_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("rule\t") or not line.strip():
            continue
        rule, checkpoints, clause, mapping, fails_when = line.split("\t")
        points = tuple(c for c in checkpoints.split() if c != "-")
        table[rule] = Rule(rule, points, clause, mapping, fails_when)
    return table


def check(path: Path) -> list[Failure]:
    """Every rule the PDF at `path` fails under the validator's PDF/UA-1 profile."""
    page = _module()
    try:
        report = page.validate_pdf(path, profile=page.ValidationProfile.PDF_UA_1)
    except (page.ParseError, OSError) as exc:
        return [Failure(PARSE_RULE, f"the PDF cannot be read: {exc}", mapping="none")]
    except page.PageError as exc:
        raise ToolError(f"{TOOL} could not validate {path.name}: {exc}") from None
    return [_failure(item, _pages(path, report.failures)) for item in report.failures]


def _module() -> Any:
    try:
        import page
    except ImportError:
        raise tools.ToolMissing(f"{TOOL} (PyPI {DISTRIBUTION})",
                                f"install it with `pip install {DISTRIBUTION}==0.11.0`") from None
    return page


def _failure(item: Any, pages: dict[tuple[int, int], int]) -> Failure:
    known = rules().get(item.rule_id)
    ident = item.object_id
    objgen = (ident.object_number, ident.generation) if ident is not None else None
    return Failure(item.rule_id, item.message,
                   known.checkpoints if known else (), known.mapping if known else "unknown",
                   f"{objgen[0]} {objgen[1]} R" if objgen else "",
                   pages.get(objgen) if objgen else None)


def _pages(path: Path, failures: list[Any]) -> dict[tuple[int, int], int]:
    """The page (1-based) of every object the failures name, where it has one."""
    wanted = {(f.object_id.object_number, f.object_id.generation) for f in failures
              if f.object_id is not None}
    if not wanted:
        return {}
    found: dict[tuple[int, int], int] = {}
    with pikepdf.open(path) as pdf:
        numbers = {page.obj.objgen: index for index, page in enumerate(pdf.pages, start=1)}
        for objgen in wanted:
            try:
                obj = pdf.get_object(objgen)
            except (ValueError, pikepdf.PdfError):
                continue
            number = _page_of(obj, numbers)
            if number is not None:
                found[objgen] = number
    return found


def _page_of(obj: Any, numbers: dict[tuple[int, int], int]) -> int | None:
    """A page itself, or the Pg of a structure element (or of its nearest ancestor that has
    one), or the page an annotation sits on."""
    for _ in range(MAX_PARENTS):
        if not isinstance(obj, pikepdf.Dictionary):
            return None
        if obj.objgen in numbers:
            return numbers[obj.objgen]
        page = obj.get("/Pg")
        if isinstance(page, pikepdf.Dictionary) and page.objgen in numbers:
            return numbers[page.objgen]
        obj = obj.get("/P")
    return None


def as_check(failures: list[Failure], fmt: str = "pdf") -> Check:
    """One report check on an output of `fmt`: every PDF/UA-1 rule of the validator
    passes."""
    refs = tuple(dict.fromkeys(pdfua(rules()[f.rule].clause if f.rule in rules() else "",
                                     f.checkpoint, f.message[:60]) for f in failures))
    return judged(f"{fmt}.page", fmt, "The independent PDF/UA-1 validator finds 0 failed rules",
                  TOOL, version(), refs or (pdfua("5", "", "Conformance"),),
                  [failure.finding() for failure in failures],
                  f"Every one of the {len(rules())} PDF/UA-1 rules of page (an independent "
                  "checker; rule ids mapped to Matterhorn Protocol checkpoints in "
                  "guidepress/data/pageua-matterhorn.tsv) passes.")


class PageValidator(OutputValidator):
    """`page`, an independent PDF/UA-1 validator, beside the project's own structure checks."""

    name = "page"
    formats = ("pdf", "large-print")
    order = 65
    needs = (tools.python_package("page", "the page PDF/UA-1 validator"),)

    def version(self) -> str:
        # The mapping table decides what each failure says: a changed table checks again.
        table = hashlib.sha256(RULES_FILE.read_bytes()).hexdigest()[:16]
        return f"{version()} rules {table}"

    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        return [Outcome([as_check(check(output.path), output.format)]) for output in outputs]
