"""The curated public surface of `wavjourney`."""

import subprocess
import sys

import wavjourney

EXPECTED = {
    "AudioScript", "Character", "ConfigError", "GeneratedClip", "GenerationRequest", "Music",
    "PlanningError", "ProgressEvent", "Registry", "RenderCancelled", "RenderResult",
    "ScriptError", "SoundEffect", "Speech", "Studio", "Tool", "ToolError", "ToolInfo",
    "ToolUnavailable", "VoicePreset", "WavJourneyError", "__version__", "dump_script",
    "load_script", "parse_script",
}


def test_exported_names():
    assert set(wavjourney.__all__) == EXPECTED
    for name in wavjourney.__all__:
        assert getattr(wavjourney, name) is not None


def test_import_is_light():
    code = "import sys, wavjourney; print('torch' in sys.modules, 'pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
