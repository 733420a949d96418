"""Print an op graph as a readable Python program written against the public API.

This is a view of the data for people (and `wavjourney compile`); WavJourney never runs it.
Running it yourself rebuilds the same graph and renders it with `Studio.run_graph`.
"""

from __future__ import annotations

import dataclasses

from wavjourney.compiler import graph as g
from wavjourney.compiler.graph import OpGraph

_INDENT = "    "


def graph_to_program(graph: OpGraph, title: str = "") -> str:
    """Python source that rebuilds `graph` (``graph == namespace["graph"]`` after running it)."""
    op_names = sorted({type(n).__name__ for n in graph.nodes} | {"OpGraph"})
    if any(isinstance(n, g.Layout) for n in graph.nodes):
        op_names.append("LayoutEntry")
    # Text from the script (title, ids, descriptions) appears only as repr() literals, never
    # inside a docstring or a comment as is, so no title or id can add a statement.
    lines = [
        '"""WavJourney program.',
        "",
        "A readable view of the compiled op graph. WavJourney never executes this file;",
        "running it yourself re-renders the piece with the installed tools.",
        '"""',
        "",
        "from wavjourney import Studio",
        f"from wavjourney.compiler.graph import {', '.join(op_names)}",
        "from wavjourney.tools.base import AudioReference, GenerationRequest",
        "",
        f"TITLE = {title!r}",
        "",
        f"graph = OpGraph(sample_rate_hz={graph.sample_rate_hz!r}, channels={graph.channels!r}, "
        "nodes=(",
    ]
    current_element = None
    for node in graph.nodes:
        element = getattr(node, "element_id", None)
        if element != current_element:
            lines.append("")
            lines.append(f"{_INDENT}# element {element!r}" if element
                         else f"{_INDENT}# timeline and mix")
            current_element = element
        lines.append(_INDENT + _call(node, 1) + ",")
    lines += [
        "))",
        "",
        'if __name__ == "__main__":',
        f'{_INDENT}Studio().run_graph(graph, "out")',
        "",
    ]
    return "\n".join(lines)


def _call(value: object, depth: int) -> str:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [f for f in dataclasses.fields(value) if f.init]
        args = []
        for f in fields:
            v = getattr(value, f.name)
            if f.default is not dataclasses.MISSING and v == f.default and f.name != "id":
                continue  # defaults add noise
            args.append(f"{f.name}={_call(v, depth + 1)}")
        one_line = f"{type(value).__name__}({', '.join(args)})"
        if len(one_line) + depth * len(_INDENT) <= 100:
            return one_line
        inner = _INDENT * (depth + 1)
        return (f"{type(value).__name__}(\n" + "".join(f"{inner}{a},\n" for a in args)
                + _INDENT * depth + ")")
    if isinstance(value, tuple):
        if not value:
            return "()"
        items = [_call(v, depth + 1) for v in value]
        one_line = "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
        if len(one_line) + depth * len(_INDENT) <= 100:
            return one_line
        inner = _INDENT * (depth + 1)
        return "(\n" + "".join(f"{inner}{i},\n" for i in items) + _INDENT * depth + ")"
    return repr(value)

