"""What a validator is, and what one validation run hands it.

A validator checks the outputs of one or more formats (`OutputValidator`, batched: it gets
every output of its formats at once, so a tool that starts slowly starts once), or looks at
each guide as a whole once every output has been checked (`GuideValidator`: comparing formats,
settling the EPUB's claims). Validators are found through the entry-point group
`guidepress.validators`, the built-in ones included.
"""

from __future__ import annotations

import contextlib
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from guidepress.errors import ToolError
from guidepress.settings import Settings
from guidepress.validate.expect import Expected
from guidepress.validate.report import Check, Report, Review
from guidepress.validate.services import Service
from guidepress.validate.tools import Need

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from guidepress.plugins import Registry


@dataclass
class Target:
    """One guide under validation: what its outputs must show, where they are (as the
    manifest recorded them), and what has been found so far."""

    slug: str
    expected: Expected
    outputs: dict[str, Path]  # format name -> file
    report: Report
    notes: dict[str, Any] = field(default_factory=dict)  # left by one validator for another

    def has(self, fmt: str) -> bool:
        return fmt in self.outputs and self.outputs[fmt].is_file()

    def add(self, *checks: Check) -> None:
        for check in checks:
            self.report.replace_check(check)

    def review(self, *reviews: Review) -> None:
        self.report.reviews.extend(reviews)


@dataclass(frozen=True)
class Output:
    target: Target
    format: str
    path: Path


@dataclass
class Outcome:
    """What a validator found about one output."""

    checks: list[Check] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)


class Session:
    """What the validators of one run share: the settings, a thread pool for tools that run
    in other processes, one Chromium and one process of each other tool (each started when
    first asked for), and the time each step took."""

    def __init__(self, settings: Settings, pool: ThreadPoolExecutor,
                 validators: Registry[Validator]) -> None:
        self.settings = settings
        self.pool = pool
        self.validators = validators
        self.timings: dict[str, float] = {}
        self.changed: list[Path] = []  # outputs a validator rewrote, for the manifest
        self._stack = contextlib.ExitStack()
        self._browser: Browser | None = None
        self._cache: dict[str, Any] = {}
        self._services: dict[str, Service] = {}
        self._lock = threading.Lock()
        self._owner = threading.current_thread()

    @property
    def browser(self) -> Browser:
        if threading.current_thread() is not self._owner:
            # Playwright's browser answers only the thread that started it.
            raise ToolError("a validator used the browser outside the run's main thread",
                            "declare `browser = True` on the validator that drives it")
        if self._browser is None:
            from guidepress.validate import axe

            self._browser = self._stack.enter_context(axe.browser())
        return self._browser

    def memo(self, key: str, make: Any) -> Any:
        """A value worked out once per run (a tool's version, the axe rules)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def service(self, name: str, make: Callable[[], Service]) -> Service:
        """A tool's program kept running for the whole run, made by `make` when first asked
        for (from any thread), so that each tool starts once."""
        with self._lock:
            if name not in self._services:
                self._services[name] = make()
            return self._services[name]

    @contextlib.contextmanager
    def timed(self, name: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            spent = time.monotonic() - started
            self.timings[name] = round(self.timings.get(name, 0.0) + spent, 2)

    def close(self) -> None:
        for service in self._services.values():
            service.stop()  # all of them finish at once, then each is waited for
        try:
            for service in self._services.values():
                service.close()
        finally:
            self._stack.close()


class Validator(ABC):
    name: ClassVar[str]  # stable id: "epubcheck"
    order: ClassVar[int] = 100  # place in a run, among validators of its kind
    needs: ClassVar[tuple[Need, ...]] = ()  # what must be installed for it to run

    def version(self) -> str:
        """The versions of the programs it runs besides Python code ("" when none).

        Its results are kept between runs, keyed on the outputs they are about, this, its
        name, and its code with the versions of the Python libraries the code imports
        (see `guidepress.validate.cache`): override this when it runs a program."""
        return ""


class OutputValidator(Validator):
    formats: ClassVar[tuple[str, ...]]  # the formats whose outputs it checks
    # Other formats of the same guide whose outputs it reads too (braille is compared with the
    # plain text): a change in them makes its kept results stale as well.
    reads: ClassVar[tuple[str, ...]] = ()
    # Runs in a worker thread of its own beside the browser (it waits on another process).
    background: ClassVar[bool] = False
    # Drives the run's Chromium (`Session.browser`), which answers only the thread that
    # started it: runs on the run's main thread. The other validators, neither this nor
    # `background`, run one after another in one worker thread, beside the browser.
    browser: ClassVar[bool] = False

    @abstractmethod
    def check(self, outputs: Sequence[Output], session: Session) -> list[Outcome]:
        """One Outcome for each of `outputs`, in their order."""


class GuideValidator(Validator):
    """Runs after every OutputValidator, once per guide, in `order`."""

    @abstractmethod
    def check(self, target: Target, session: Session) -> Outcome:
        """What this validator finds about the guide's outputs taken together."""
