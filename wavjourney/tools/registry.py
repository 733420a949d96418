"""Tool registry: finds tools through the ``wavjourney.tools`` entry-point group, lazily.

The registry holds tool *classes* (or entry points that name them) and each tool's options.
Cards (`ToolInfo`) are read from the classes, so listing or ranking tools never builds one;
a tool is built (cheaply: no weights) only when it is checked or used, and its model is
loaded only by the engine. Which tool an element gets is decided in `wavjourney.resolution`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

from wavjourney.exceptions import ConfigError, ToolUnavailable
from wavjourney.tools.base import Tool, ToolInfo, ToolKind

ENTRY_POINT_GROUP = "wavjourney.tools"


@dataclass(frozen=True)
class ToolSpec:
    """A picklable recipe for one configured tool: class and options (or a ready instance).

    Workers in other processes build their own tool from it (`build`), so a spec is what
    crosses a process boundary, never a loaded model.
    """

    name: str
    factory: Any  # a Tool subclass or a Tool instance
    options: tuple[tuple[str, Any], ...] = field(default=())

    def build(self) -> Tool:
        if isinstance(self.factory, Tool):
            return self.factory
        return self.factory(**dict(self.options))

    @property
    def info(self) -> ToolInfo:
        return self.factory.info

    @property
    def key(self) -> str:
        """Identifies the configured tool (one loaded model per key)."""
        return f"{self.name}:{self.options!r}"


class Registry:
    """Holds tool classes by name, builds each configured tool once, on first use.

    Args:
        tools: tool classes or instances to register (in addition to entry points, if
            `entry_points` is true). Tests pass their own.
        entry_points: also discover installed tools through the entry-point group.
        options: tool name -> options for its constructor (``{"musicgen": {"model": DIR}}``),
            e.g. from ``[tools.NAME]`` tables in config.toml or ``--tool-option``.
    """

    def __init__(self, tools: Iterable[Tool | type[Tool]] = (), *, entry_points: bool = True,
                 options: Mapping[str, Mapping[str, Any]] | None = None):
        self._factories: dict[str, Any] = {}
        self._instances: dict[str, Tool] = {}
        self._options: dict[str, dict[str, Any]] = {}
        self._lock = threading.RLock()
        if entry_points:
            for ep in _tool_entry_points():
                self._factories[ep.name] = ep
        for tool in tools:
            self.add(tool)
        for name, values in (options or {}).items():
            self.configure(name, **values)

    def add(self, tool: Tool | type[Tool]) -> None:
        """Register a tool class or instance under its `info.name` (replacing any other)."""
        name = tool.info.name
        with self._lock:
            self._instances.pop(name, None)
            if isinstance(tool, Tool):
                self._instances[name] = tool
            self._factories[name] = tool

    def configure(self, name: str, **options: Any) -> None:
        """Set options for tool `name` (merged with earlier ones); checked on first build."""
        with self._lock:
            if name not in self._factories:
                raise ConfigError(f"options for unknown tool {name!r}; known tools: "
                                  f"{', '.join(self.names()) or 'none'}")
            self._options[name] = {**self._options.get(name, {}), **options}
            self._instances.pop(name, None)

    def names(self) -> list[str]:
        return sorted(self._factories)

    def tool_class(self, name: str) -> type[Tool]:
        """The class of tool `name` (imports its module, builds nothing)."""
        factory = self._factory(name)
        return factory if isinstance(factory, type) else type(factory)

    def info(self, name: str) -> ToolInfo:
        """The card of tool `name`, read without building the tool."""
        return self._factory(name).info

    def spec(self, name: str) -> ToolSpec:
        """A picklable recipe for the configured tool `name`."""
        factory = self._factory(name)
        with self._lock:
            if name in self._instances and not isinstance(factory, type):
                return ToolSpec(name, self._instances[name])
            options = tuple(sorted(self._options.get(name, {}).items()))
        return ToolSpec(name, factory, options)

    def get(self, name: str) -> Tool:
        """The configured tool `name` (built on first use; no weights are loaded)."""
        spec = self.spec(name)
        with self._lock:
            tool = self._instances.get(name)
            if tool is None:
                tool = self._instances[name] = spec.build()
            return tool

    def infos(self, kind: ToolKind | None = None, *,
              available_only: bool = False) -> list[ToolInfo]:
        """Cards of the registered tools (of one kind), best first. Only tools of `kind` are
        ever built, and only to ask whether they can run here (`available_only`)."""
        out = []
        for name in self.names():
            try:
                info = self.info(name)
                if kind is not None and info.kind != kind:
                    continue
                if available_only:
                    self.get(name).available()
            except ToolUnavailable:
                continue
            out.append(info)
        return sorted(out, key=lambda i: (-i.quality, i.name))

    def unavailable_reason(self, name: str) -> str | None:
        """Why tool `name` cannot run here (the fix included), or None if it can."""
        try:
            self.get(name).available()
        except ToolUnavailable as exc:
            return str(exc)
        return None

    def _factory(self, name: str) -> Any:
        with self._lock:
            factory = self._factories.get(name)
            if factory is None:
                known = ", ".join(self.names()) or "none"
                raise ToolUnavailable(f"unknown tool {name!r}; known tools: {known}", tool=name)
            if hasattr(factory, "load") and not isinstance(factory, (type, Tool)):
                try:  # an entry point: import the module that defines the class
                    factory = factory.load()
                except Exception as exc:  # noqa: BLE001 - a broken plugin must not break us
                    raise ToolUnavailable(f"tool {name!r} cannot be loaded: {exc}",
                                          tool=name) from None
                self._factories[name] = factory
            return factory


def _tool_entry_points():
    return entry_points(group=ENTRY_POINT_GROUP)


_default: Registry | None = None
_default_lock = threading.Lock()


def default_registry() -> Registry:
    """The process-wide registry of installed tools, unconfigured (built on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Registry()
        return _default
