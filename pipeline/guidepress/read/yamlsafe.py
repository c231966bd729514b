"""A strict reader for the YAML in front matter.

Every scalar stays a string (no YAML 1.1 guessing: `NO` is not False, `1.10` is not 1.1),
nothing is ever constructed from tags, and anchors, aliases, explicit tags and duplicate keys
are refused. Each value keeps its 1-based line in the source file so errors can point at it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from guidepress.errors import Location, SourceError
from guidepress.read import characters


@dataclass(frozen=True)
class Scalar:
    value: str
    line: int


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    line: int


@dataclass(frozen=True)
class Mapping:
    items: tuple[tuple[Scalar, Node], ...]
    line: int

    def keys(self) -> list[str]:
        return [key.value for key, _ in self.items]


Node = Scalar | Sequence | Mapping


MAX_DEPTH = 8  # the schema needs 3 (a list of mappings under a key)


def parse(text: str, path: str, first_line: int) -> Mapping:
    """Parse front-matter YAML that starts on `first_line` of the file at `path`."""

    def where(mark: Any) -> Location:
        return Location(path, first_line + (mark.line if mark else 0))

    _check_events(_events(text, where), where)
    try:
        root = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as exc:  # the events were checked; this is a last resort
        raise SourceError(where(getattr(exc, "problem_mark", None)),
                          "front matter is not valid YAML") from None
    if root is None:
        return Mapping((), first_line)
    node = _convert(root, path, first_line)
    if not isinstance(node, Mapping):
        raise SourceError(
            Location(path, node.line),
            "front matter must be a list of `key: value` lines",
            "start each line with a key such as `title:`",
        )
    return node


def _events(text: str, where: Callable[[Any], Location]) -> list[yaml.Event]:
    try:
        return list(yaml.parse(text, Loader=yaml.BaseLoader))
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or "could not be read"
        raise SourceError(
            where(exc.problem_mark),
            f"front matter is not valid YAML: {problem}",
            "check the indentation and put quotes around text that contains a colon",
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError(where(None), f"front matter is not valid YAML: {exc}") from None
    except RecursionError:  # PyYAML reads nested flow collections recursively
        raise SourceError(where(None), "front matter is nested too deeply",
                          "write plain `key: value` lines") from None


def _check_events(events: list[yaml.Event], where: Callable[[Any], Location]) -> None:
    """Refuse anchors, aliases, tags, a second document and deep nesting before composing."""
    depth = documents = 0
    for event in events:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise SourceError(
                where(event.start_mark),
                "front matter uses a YAML anchor or alias (& or *)",
                "write each value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise SourceError(
                where(event.start_mark),
                f"front matter uses a YAML tag ({tag})",
                "remove the tag; every value is read as plain text",
            )
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise SourceError(where(event.start_mark), "front matter holds a second YAML "
                                  "document", "remove the `---` or `...` line inside it")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise SourceError(where(event.start_mark), "front matter is nested too deeply",
                                  "write plain `key: value` lines")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _convert(node: yaml.Node, path: str, first_line: int) -> Node:
    line = first_line + node.start_mark.line
    if isinstance(node, yaml.ScalarNode):
        return Scalar(_checked(str(node.value), Location(path, line)), line)
    if isinstance(node, yaml.SequenceNode):
        return Sequence(tuple(_convert(item, path, first_line) for item in node.value), line)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        items: list[tuple[Scalar, Node]] = []
        for key_node, value_node in node.value:
            key = _convert(key_node, path, first_line)
            if not isinstance(key, Scalar):
                raise SourceError(Location(path, key.line), "a front-matter key must be plain text")
            if key.value in seen:
                raise SourceError(
                    Location(path, key.line),
                    f"`{key.value}` is given twice (first on line {seen[key.value]})",
                    "keep one of them",
                )
            seen[key.value] = key.line
            items.append((key, _convert(value_node, path, first_line)))
        return Mapping(tuple(items), line)
    raise SourceError(Location(path, line), "unsupported YAML node in front matter")


def _checked(value: str, where: Location) -> str:
    """A key or value once YAML has read its escapes (`"\\e"`, `"\\u202e"`): the file's bytes
    were checked, and the same characters are refused here."""
    found = characters.find(value)
    if found:
        raise SourceError(where, f"the front matter holds {found[1]}, written as a YAML "
                          "escape such as \\e or \\u202e", characters.HINT)
    return value
