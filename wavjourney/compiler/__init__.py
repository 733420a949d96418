"""AudioScript + tool choices → a frozen op graph, and its view as a Python program."""

from wavjourney.compiler.compile import Compilation, compile_script
from wavjourney.compiler.graph import OpGraph
from wavjourney.compiler.program import graph_to_program

__all__ = ["Compilation", "OpGraph", "compile_script", "graph_to_program"]
