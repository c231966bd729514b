"""Registries of named parts (formats, validators) that refuse duplicates, filled from entry
points: the built-in parts declare themselves in the project's own metadata exactly as a
separately installed package declares its own, so there is one way in for both."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from typing import Any, Generic, Protocol, TypeVar

from guidepress.errors import GuidepressError

DISTRIBUTION = "guidepress"


class Named(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def order(self) -> int: ...


T = TypeVar("T", bound=Named)


class PluginError(GuidepressError):
    """A part could not be registered: it is broken, of the wrong kind, or named twice."""

    exit_code = 3


class Registry(Generic[T]):
    """Parts by name, kept in their `order` (then by name): the order of the build and of
    every listing."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._parts: dict[str, T] = {}
        self._origins: dict[str, str] = {}

    def add(self, part: T, origin: str = DISTRIBUTION) -> None:
        if part.name in self._parts:
            raise PluginError(f"the {self.kind} {part.name!r} is registered twice: by "
                              f"{self._origins[part.name]} and by {origin}",
                              "uninstall one of the two packages")
        self._parts[part.name] = part
        self._origins[part.name] = origin
        ordered = sorted(self._parts.values(), key=lambda p: (p.order, p.name))
        self._parts = {p.name: p for p in ordered}

    def __getitem__(self, name: str) -> T:
        return self._parts[name]

    def __contains__(self, name: object) -> bool:
        return name in self._parts

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._parts.values()))

    def __len__(self) -> int:
        return len(self._parts)

    def names(self) -> list[str]:
        return list(self._parts)

    def origin(self, name: str) -> str:
        return self._origins[name]


def load(group: str, kind: str, base: type,
         unavailable: dict[str, str] | None = None) -> Registry[T]:
    """Every part declared under the entry-point `group`, made from its class.

    With `unavailable`, a part whose module needs a Python package that is not installed is
    left out and listed there (part name -> missing module) instead of failing the load.
    """
    registry: Registry[T] = Registry(kind)
    found = importlib.metadata.entry_points(group=group)
    if not any(_origin(point) == DISTRIBUTION for point in found):
        raise PluginError(f"no built-in {kind} is declared: guidepress is not installed",
                          "install it with `pip install .` (or `make build`) first")
    for point in sorted(found, key=lambda p: (_origin(p) != DISTRIBUTION, p.name)):
        try:
            part: T = _make(point, kind, base)
        except ModuleNotFoundError as exc:
            if unavailable is None:
                raise PluginError(f"the {kind} {point.name!r} needs the Python package "
                                  f"{exc.name}, which is not installed") from None
            unavailable[point.name] = exc.name or "?"
            continue
        registry.add(part, _origin(point))
    return registry


def _make(point: importlib.metadata.EntryPoint, kind: str, base: type) -> Any:
    where = f"{point.value} (from {_origin(point)})"
    try:
        made = point.load()
    except ModuleNotFoundError:
        raise
    except Exception as exc:  # a plugin's import can fail in any way; name it, don't crash
        raise PluginError(f"the {kind} {point.name!r} could not be loaded from {where}: "
                          f"{type(exc).__name__}: {exc}") from None
    part: Any = made() if isinstance(made, type) else made
    if not isinstance(part, base):
        raise PluginError(f"the {kind} {point.name!r} from {where} is not a {base.__name__}")
    called = getattr(part, "name", None)
    if called != point.name:
        raise PluginError(f"the {kind} declared as {point.name!r} by {where} calls itself "
                          f"{called!r}", "make the entry point's name match")
    return part


def _origin(point: importlib.metadata.EntryPoint) -> str:
    return point.dist.name if point.dist is not None else "an unknown package"
