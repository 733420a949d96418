"""Tool registry: finds tools through the ``wavjourney.tools`` entry-point group, lazily.

Nothing is imported until a tool is asked for, so `import wavjourney` stays light.
Selection is by ability: among the available tools of a kind, the highest `quality` wins
(ties broken by name), which is how the offline tools become the fallback of neural ones.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from importlib.metadata import entry_points

from wavjourney.exceptions import ToolUnavailable
from wavjourney.tools.base import Tool, ToolInfo, ToolKind, VoicePreset

ENTRY_POINT_GROUP = "wavjourney.tools"


class Registry:
    """Holds tool factories by name and instantiates each tool once, on first use.

    Args:
        tools: tool instances or classes to register (in addition to entry points, if
            `entry_points` is true). Tests pass their own.
        entry_points: also discover installed tools through the entry-point group.
    """

    def __init__(self, tools: Iterable[Tool | type[Tool]] = (), *, entry_points: bool = True):
        self._factories: dict[str, object] = {}
        self._instances: dict[str, Tool] = {}
        self._lock = threading.Lock()
        if entry_points:
            for ep in _tool_entry_points():
                self._factories[ep.name] = ep
        for tool in tools:
            self.add(tool)

    def add(self, tool: Tool | type[Tool]) -> None:
        """Register a tool instance or class under its `info.name` (replacing any other)."""
        name = tool.info.name
        with self._lock:
            self._instances.pop(name, None)
            if isinstance(tool, Tool):
                self._instances[name] = tool
            self._factories[name] = tool

    def names(self) -> list[str]:
        return sorted(self._factories)

    def get(self, name: str) -> Tool:
        """The tool called `name`; raises ToolUnavailable naming the known tools."""
        with self._lock:
            if name in self._instances:
                return self._instances[name]
            factory = self._factories.get(name)
            if factory is None:
                known = ", ".join(self.names()) or "none"
                raise ToolUnavailable(f"unknown tool {name!r}; known tools: {known}", tool=name)
            if hasattr(factory, "load"):  # an entry point
                try:
                    factory = factory.load()
                except Exception as exc:  # noqa: BLE001 - a broken plugin must not break us
                    raise ToolUnavailable(f"tool {name!r} cannot be loaded: {exc}",
                                          tool=name) from None
            tool = factory() if isinstance(factory, type) else factory
            self._instances[name] = tool
            return tool

    def infos(self, kind: ToolKind | None = None, *,
              available_only: bool = False) -> list[ToolInfo]:
        """ToolInfo of every registered tool (of one kind), best first."""
        out = []
        for name in self.names():
            try:
                tool = self.get(name)
                if available_only:
                    tool.available()
            except ToolUnavailable:
                continue
            if kind is None or tool.info.kind == kind:
                out.append(tool.info)
        return sorted(out, key=lambda i: (-i.quality, i.name))

    def best(self, kind: ToolKind, *, needs: frozenset[str] = frozenset(),
             language: str = "en") -> Tool:
        """The highest-quality available tool of `kind` with every capability in `needs`."""
        for info in self.infos(kind, available_only=True):
            speaks = (kind != "speech" or language in info.languages
                      or "multilingual" in info.capabilities)
            if needs <= info.capabilities and speaks:
                return self.get(info.name)
        raise ToolUnavailable(f"no available {kind} tool" +
                              (f" with {', '.join(sorted(needs))}" if needs else ""), tool=kind)

    def voices(self, tool_name: str) -> list[VoicePreset]:
        return self.get(tool_name).voices()


def _tool_entry_points():
    return entry_points(group=ENTRY_POINT_GROUP)


_default: Registry | None = None
_default_lock = threading.Lock()


def default_registry() -> Registry:
    """The process-wide registry of installed tools (built on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Registry()
        return _default
