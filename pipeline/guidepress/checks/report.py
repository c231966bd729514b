"""How check results and readability reports are shown: text for editors, JSON for machines."""

from __future__ import annotations

from typing import Any

from guidepress.checks.apply import CheckResult, status
from guidepress.checks.findings import ERROR, WARNING, count, summary, to_json
from guidepress.checks.reading import Report, Score
from guidepress.errors import SourceError

# Short column names, in the order of `readability.Scores`, and what they stand for.
_COLUMNS = ("FK", "FRE", "SMOG", "CLI", "DC", "Fog", "ARI")
_LEGEND = ("FK = Flesch-Kincaid grade, FRE = Flesch reading ease (0-100, higher is easier), "
           "SMOG, CLI = Coleman-Liau index, DC = Dale-Chall, Fog = Gunning fog, "
           "ARI = Automated Readability Index. Grades are US school grades.")
_TITLE_WIDTH = 34


# --- check ----------------------------------------------------------------------------------

def check_text(results: list[CheckResult]) -> str:
    lines: list[str] = []
    for result in results:
        if result.error is not None:
            lines.append(str(result.error))
        lines.extend(finding.text() for finding in result.findings)
        for off in result.suppressed:
            note = "the switch can go" if off.hidden == 0 else f"hid {off.hidden}"
            lines.append(f"{result.path}:{off.line}: {off.code} switched off ({note}): "
                         f"{off.reason}")
    findings = [finding for result in results for finding in result.findings]
    broken = sum(1 for result in results if result.error)
    tail = summary(findings, len(results))
    lines.append(tail + (f"; {broken} could not be read" if broken else ""))
    return "\n".join(lines)


def check_json(results: list[CheckResult], *, strict: bool = False) -> str:
    findings = [finding for result in results for finding in result.findings]
    return to_json({
        "guides": [_result_dict(result) for result in results],
        "errors": count(findings, ERROR) + sum(1 for r in results if r.error),
        "warnings": count(findings, WARNING),
        "exit_status": status(results, strict=strict),
    })


def _result_dict(result: CheckResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "error": _error_dict(result.error) if result.error else None,
        "findings": [finding.as_dict() for finding in result.findings],
        "suppressed": [off.as_dict() for off in result.suppressed],
    }


def _error_dict(error: SourceError) -> dict[str, Any]:
    return {"path": error.where.path, "line": error.where.line, "message": error.message,
            "hint": error.hint}


# --- readability ----------------------------------------------------------------------------

def readability_text(report: Report) -> str:
    target = f"{report.guide.target:g}"
    aim = (f"Target: Flesch-Kincaid grade {target} or lower" if report.guide.applies else
           "Target: none (the grade formulas are for English text; scores are for reference)")
    lines = [f"Reading level of {report.path}", aim, "", _header()]
    lines += [_row(score) for score in report.sections]
    lines += ["-" * len(_header()), _row(report.guide, "Whole guide"), "",
              _LEGEND, "", _counts(report.guide), ""]
    lines += [*_hard(report), "", *_suggestions(report)]
    return "\n".join(lines)


def _header() -> str:
    cells = "".join(f"{name:>6}" for name in _COLUMNS)
    return f"{'Section':<{_TITLE_WIDTH}} {'Line':>5} {'Words':>6} {'Sent.':>6}{cells}  Target"


def _row(score: Score, title: str = "") -> str:
    name = title or score.title
    if len(name) > _TITLE_WIDTH:
        name = name[: _TITLE_WIDTH - 1] + "\u2026"
    line = "" if title else str(score.pos.line)
    head = f"{name:<{_TITLE_WIDTH}} {line:>5} {score.counts.words:>6} {score.counts.sentences:>6}"
    if score.scores is None:
        return head + f"{'-':>6}" * len(_COLUMNS) + "  no prose"
    values = "".join(f"{value:>6.1f}" for value in vars(score.scores).values())
    verdict = f"OVER {score.target:g}" if score.over else "ok" if score.applies else "not held"
    return f"{head}{values}  {verdict}"


def _counts(score: Score) -> str:
    c = score.counts
    return (f"Whole guide: {c.words} words, {c.sentences} sentences, {c.syllables} syllables, "
            f"{c.polysyllables} words of 3+ syllables, {c.difficult_words} not on the "
            "Dale-Chall list.")


def _hard(report: Report) -> list[str]:
    lines = [f"Hardest {len(report.hard)} sentences:"]
    for number, sentence in enumerate(report.hard, start=1):
        lines.append(f"{number:>3}. {report.path}:{sentence.pos.line}:{sentence.pos.col} "
                     f"grade {sentence.grade:.1f}, {sentence.words} words")
        lines.append(f"     \u201c{sentence.text}\u201d")
        lines.append(f"     why: {'; '.join(sentence.why)}")
    return lines if report.hard else ["Hardest sentences: none (no prose)"]


def _suggestions(report: Report) -> list[str]:
    if not report.suggestions:
        return ["Plain-language suggestions: none"]
    lines = [f"Plain-language suggestions ({len(report.suggestions)}):"]
    for s in report.suggestions:
        lines.append(f"  {report.path}:{s.pos.line}:{s.pos.col} {s.word!r} -> {s.plain!r}")
    return lines


def readability_json(report: Report) -> str:
    return to_json(report.as_dict())
