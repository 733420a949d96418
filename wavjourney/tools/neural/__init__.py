"""Neural generators on the v2 tool interface (optional extras).

- `musicgen`, `audiogen`: audiocraft's MusicGen / AudioGen (``pip install
  "wavjourney[audiocraft]"`` plus ``pip install --no-deps audiocraft==1.3.0``).
- `xtts`, `vits`: coqui-tts's XTTS-v2 (voice cloning, 17 languages) and VCTK VITS
  (``pip install "wavjourney[coqui]"``).

Importing this package imports neither library; a tool imports its library when it loads.
"""

from wavjourney.tools.neural.audiocraft import AudioGenTool, MusicGenTool
from wavjourney.tools.neural.coqui import VitsTool, XttsTool

__all__ = ["AudioGenTool", "MusicGenTool", "VitsTool", "XttsTool"]
