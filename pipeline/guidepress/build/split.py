"""Sharing the cores when there are fewer stale guides than workers: a guide's formats are
split into parts, each part rendered by its own worker (which reads and models the guide
again, a small cost beside a PDF's layout), and the parts' results are joined back into the
guide's one result. An editor's single-guide rebuild then uses every core, not one. Only the
first part runs the source checks and gathers the facts: the others' files are published
only with it, so checking them again would only lengthen the slowest part.

Parts are balanced by each format's `weight` (its usual share of a guide's render time).
Pure: no processes here (guidepress.build.workers runs the parts)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace

from guidepress.build.render import Job, Rendered


def parts(jobs: Sequence[Job], workers: int, weights: Mapping[str, float]
          ) -> tuple[list[Job], list[int]]:
    """The jobs to run, and for each the index of the guide (in `jobs`) it is part of. Each
    guide gets as many parts as the workers left idle allow, never more than its formats."""
    if not jobs:
        return [], []
    share = max(1, workers // len(jobs))
    found: list[Job] = []
    owners: list[int] = []
    for index, job in enumerate(jobs):
        for number, names in enumerate(_balanced(job.formats, min(share, len(job.formats)),
                                                 weights)):
            found.append(replace(job, formats=names, checks=job.checks and number == 0))
            owners.append(index)
    return found, owners


def _balanced(names: Sequence[str], count: int, weights: Mapping[str, float]
              ) -> list[tuple[str, ...]]:
    """`names` in `count` groups of about equal weight (heaviest first, each to the lightest
    group), each group in the order of `names`."""
    if count <= 1:
        return [tuple(names)]
    groups: list[list[str]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for name in sorted(names, key=lambda n: -weights.get(n, 1.0)):
        lightest = loads.index(min(loads))
        groups[lightest].append(name)
        loads[lightest] += weights.get(name, 1.0)
    return [tuple(n for n in names if n in group) for group in groups if group]


def joined(job: Job, pieces: Sequence[Rendered]) -> Rendered:
    """One guide's result from its parts' results: every part's files, or, when any part
    failed, none, with every distinct error (two parts that fail to read the guide give the
    same error); the warnings, meta and facts are the first part's, which ran the checks."""
    first = pieces[0]
    if len(pieces) == 1:
        return first
    errors = _distinct(error for piece in pieces for error in piece.errors)
    if errors:
        return Rendered(job.slug, warnings=first.warnings, errors=errors,
                        exit_code=max(piece.exit_code for piece in pieces))
    files = {name: piece.files[name] for name in job.formats for piece in pieces
             if name in piece.files}
    skipped = {name: piece.skipped[name] for name in job.formats for piece in pieces
               if name in piece.skipped}
    return replace(first, files=files, skipped=skipped)


def _distinct(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


Runner = Callable[[Sequence[Job], Callable[[int], None]], Iterator[Rendered]]


def run(jobs: Sequence[Job], workers: int, weights: Mapping[str, float], runner: Runner,
        on_done: Callable[[int], None]) -> Iterator[Rendered]:
    """The results of `jobs`, in their order, with each guide's parts run by `runner` (which
    returns results in the order of the jobs it is given, and reports how many are done)."""
    found, owners = parts(jobs, workers, weights)
    if len(found) == len(jobs):
        yield from runner(jobs, on_done)
        return
    counts = Counter(owners)
    pieces: list[Rendered] = []
    results = runner(found, lambda done: on_done(done * len(jobs) // len(found)))
    for owner, result in zip(owners, results, strict=True):
        pieces.append(result)
        if len(pieces) == counts[owner]:  # a guide's parts come one after another
            yield joined(jobs[owner], pieces)
            pieces = []
