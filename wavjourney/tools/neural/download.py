"""Fetch a neural tool's default checkpoint into its library's cache (needs the hub).

    python -m wavjourney.tools.neural.download musicgen [--model facebook/musicgen-medium]

The checkpoint lands where the library looks for it (``HF_HOME`` / ``TTS_HOME``), so
renders then find it with no network. Never run by tests.
"""

from __future__ import annotations

import argparse
import sys

from wavjourney.tools.neural import AudioGenTool, MusicGenTool, VitsTool, XttsTool

TOOLS = {tool.info.name: tool for tool in (MusicGenTool, AudioGenTool, XttsTool, VitsTool)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Download a neural tool's checkpoint.")
    parser.add_argument("tool", choices=sorted(TOOLS))
    parser.add_argument("--model", help="hub id / model name (default: the tool's default)")
    options = parser.parse_args(argv)
    tool_class = TOOLS[options.tool]
    tool_class.installed()
    tool = tool_class(**({"model": options.model} if options.model else {}))
    print(tool.download())
    return 0


if __name__ == "__main__":
    sys.exit(main())
