"""`guidepress check` and `guidepress readability`: options, output and exit statuses."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from guidepress.cli import main

from ..conftest import SOURCE

WARNING_ONLY = """---
title: Test guide
lang: en
description: A short guide used by the tests.
updated: 2026-01-01
---

## Part

Guide: <https://example.org/hands>
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_the_source_folder_is_clean() -> None:
    code, out, _ = invoke("check", "--source", str(SOURCE))
    assert (code, out.strip()) == (0, "no findings in 1 guide")


def test_check_json() -> None:
    code, out, _ = invoke("check", "--source", str(SOURCE), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["exit_status"] == 0
    assert data["guides"][0]["path"].endswith("medical-oncology.md")


def test_warnings_fail_only_with_strict(make_source: Callable[..., Path]) -> None:
    folder = str(make_source(WARNING_ONLY).parent)
    code, out, _ = invoke("check", "--source", folder)
    assert code == 0 and ":10:8: A021 warning: the link text is a bare URL" in out
    assert "    hint: " in out
    code, _, _ = invoke("check", "--source", folder, "--strict")
    assert code == 1


def test_errors_exit_1(make_source: Callable[..., Path]) -> None:
    folder = str(make_source(WARNING_ONLY + "\n# Oops\n").parent)
    code, out, _ = invoke("check", "--source", folder)
    assert code == 1 and "A001 error" in out
    assert out.strip().endswith("1 error, 1 warning in 1 guide")


def test_bad_front_matter_prints_path_line_message_hint(make_source: Callable[..., Path]) -> None:
    path = make_source(WARNING_ONLY.replace("lang: en\n", "lang: en\nreview: soon\n"))
    code, out, _ = invoke("check", "--source", str(path.parent))
    first = out.splitlines()[0]
    assert code == 1
    assert first.endswith("test-guide.md:4: unknown front-matter key `review` "
                          "(did you mean `review_by`?)")


@pytest.mark.parametrize("args", [["check", "no-such-guide"], ["check", "--format", "xml"],
                                  ["readability"], ["readability", "no-such-guide"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    code, _, _ = invoke(*args, "--source", str(SOURCE))
    assert code == 2


def test_readability_text_report() -> None:
    code, out, _ = invoke("readability", "medical-oncology", "--source", str(SOURCE))
    assert code == 0
    assert "Reading level of" in out and "Whole guide" in out and "Hardest 5 sentences" in out


def test_readability_json_and_top() -> None:
    code, out, _ = invoke("readability", "medical-oncology", "--source", str(SOURCE),
                          "--format", "json", "--top", "2")
    data = json.loads(out)
    assert code == 0 and len(data["hard_sentences"]) == 2 and data["target"] == 9


def test_readability_over_target_exits_1(make_source: Callable[..., Path]) -> None:
    hard = WARNING_ONLY + ("\nComprehensive multidisciplinary oncological management "
                           "necessitates sophisticated interdisciplinary coordination.\n")
    path = make_source(hard)
    code, out, _ = invoke("readability", "test-guide", "--source", str(path.parent))
    assert code == 1 and "OVER 9" in out


@pytest.mark.parametrize("command", ["check", "readability"])
def test_commands_have_help(command: str) -> None:
    code, out, _ = invoke(command, "--help")
    assert code == 0 and "--format" in out
