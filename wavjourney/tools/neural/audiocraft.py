"""MusicGen (text to music) and AudioGen (text to audio) through audiocraft.

Both load through audiocraft's own ``get_pretrained``: a hub id resolves through the Hugging
Face cache (``HF_HOME``, or ``AUDIOCRAFT_CACHE_DIR``), a local folder holding
``state_dict.bin`` and ``compression_state_dict.bin`` loads with no network. On CUDA the
language model runs in float16 (audiocraft's loader and autocast do this).

Batching: every request of a batch goes to one ``generate`` call. Clips longer than the
model's window (30 s for MusicGen, 10 s for AudioGen) are made by windowed continuation:
each new window is generated from the last `overlap_s` seconds of audio as its prompt and
joined with a level-matched crossfade over the re-generated prompt, so there is no seam.

Install: ``pip install "wavjourney[audiocraft]" && pip install --no-deps audiocraft==1.3.0``
(audiocraft's metadata pins torch 2.1); torchaudio, xformers and spacy must match your torch.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import Any, ClassVar

from wavjourney.tools.base import NO_CONTROL, Control, GeneratedClip, GenerationRequest, ToolInfo
from wavjourney.tools.neural.base import NeuralTool, hf_cached
from wavjourney.tools.testing import stable_seed

AUDIOCRAFT_INSTALL = ('pip install "wavjourney[audiocraft]" torchaudio xformers spacy && '
                      "pip install --no-deps audiocraft==1.3.0")
AUDIOCRAFT_PACKAGES = ("audiocraft", "torchaudio", "xformers", "spacy")
AUDIOCRAFT_LICENCE = "code MIT; MusicGen/AudioGen weights CC-BY-NC 4.0 (non-commercial)"
DEFAULT_OVERLAP_S = 10.0
# The crossfade covers the end of the re-generated prompt; longer fades hide more of a
# mismatch, but the regenerated prompt drifts from the original towards its start.
CROSSFADE_S = 2.0
# Level matching of a new window against the audio it continues is bounded: a real change
# of level in the music is kept, a codec re-encoding step is evened out.
MAX_MATCH_GAIN_DB = 6.0
DEFAULT_CLIP_S = 10.0
GIB = 1024**3


class AudiocraftTool(NeuralTool):
    """Shared batching and windowed continuation of MusicGen and AudioGen.

    Args:
        model: hub id or local folder (``state_dict.bin``, ``compression_state_dict.bin``).
        overlap_s: seconds of audio each continuation window is prompted with.
        top_k: sampling top-k (audiocraft's default 250).
        cfg_coef: classifier-free guidance strength (default 3.0).
    """

    packages = AUDIOCRAFT_PACKAGES
    checkpoint_files = ("state_dict.bin", "compression_state_dict.bin")
    options_schema: ClassVar[dict[str, str]] = {
        "model": "hub id (e.g. facebook/musicgen-small) or local checkpoint folder",
        "overlap_s": f"seconds each continuation window is prompted with (default "
                     f"{DEFAULT_OVERLAP_S:g})",
        "top_k": "sampling top-k (default 250)",
        "cfg_coef": "classifier-free guidance strength (default 3.0)",
    }

    def _model_class(self) -> Any:
        raise NotImplementedError

    def _load_model(self, source: str, device: str) -> Any:
        return self._model_class().get_pretrained(source, device=device)

    def _cached(self, model_id: str) -> bool:
        return hf_cached(model_id, "state_dict.bin", os.environ.get("AUDIOCRAFT_CACHE_DIR"))

    def download(self) -> str:
        from huggingface_hub import hf_hub_download

        for filename in self.checkpoint_files:
            path = hf_hub_download(self.model_ref, filename, library_name="audiocraft")
        return os.path.dirname(path)

    def generate_batch(self, requests: Sequence[GenerationRequest],
                       control: Control = NO_CONTROL) -> list[GeneratedClip]:
        """Make every request in one batched ``generate`` call per window.

        The batch shares one random stream, seeded from every request's seed and text, so
        a batch is reproducible; the engine caches each clip by its own request.
        """
        import torch

        control.check()
        with self._lock:
            model = self.loaded_model()
            rate = model.sample_rate
            window_s = float(model.max_duration)
            overlap_s = min(float(self.options.get("overlap_s", DEFAULT_OVERLAP_S)),
                            window_s / 2)
            params = {"top_k": int(self.options.get("top_k", 250)),
                      "cfg_coef": float(self.options.get("cfg_coef", 3.0))}
            wanted = [max(round((r.duration_s or DEFAULT_CLIP_S) * rate), 1) for r in requests]
            texts = [r.description or "music" for r in requests]
            torch.manual_seed(stable_seed(*[(r.seed, r.description) for r in requests])
                              % 2**63)
            total_windows = sum(_windows(n / rate, window_s, overlap_s) for n in wanted)
            done = 0

            frame_rate = float(model.frame_rate)

            def whole_frames(seconds: float) -> float:
                # The LM makes whole codec frames: round up so no clip comes out short.
                return math.ceil(seconds * frame_rate - 1e-6) / frame_rate

            first_s = min(whole_frames(max(wanted) / rate), window_s)
            model.set_generation_params(duration=first_s, **params)
            first = model.generate(texts)  # (batch, channels, samples)
            self._log(call="generate", window=0, batch=len(texts), start_s=0.0,
                      duration_s=first_s)
            outs = [first[i] for i in range(len(texts))]
            done += len(texts)
            control.report(done / total_windows, "window 1")

            overlap = round(overlap_s * rate)
            fade = min(round(CROSSFADE_S * rate), overlap)
            window = 1
            while True:
                active = [i for i, n in enumerate(wanted) if outs[i].shape[-1] < n]
                if not active:
                    break
                control.check()
                new_s = min(window_s - overlap_s, whole_frames(
                    max(wanted[i] - outs[i].shape[-1] for i in active) / rate))
                model.set_generation_params(duration=overlap_s + new_s, **params)
                prompt = torch.stack([outs[i][..., -overlap:] for i in active])
                more = model.generate_continuation(prompt, rate, [texts[i] for i in active])
                for row, i in enumerate(active):
                    start_s = (outs[i].shape[-1] - fade) / rate
                    outs[i] = _join(outs[i], more[row], overlap, fade)
                    self._log(call="generate_continuation", window=window, batch=len(active),
                              element=i, start_s=start_s, crossfade_s=fade / rate,
                              duration_s=overlap_s + new_s)
                done += len(active)
                window += 1
                control.report(done / total_windows, f"window {window}")
        return [GeneratedClip(out[..., :n].float(), rate,
                              {"model": self.model_ref, "windows": _windows(n / rate, window_s,
                                                                             overlap_s)})
                for out, n in zip(outs, wanted)]


def _windows(duration_s: float, window_s: float, overlap_s: float) -> int:
    """How many generation windows a clip of `duration_s` takes."""
    if duration_s <= window_s:
        return 1
    return 1 + math.ceil((duration_s - window_s) / (window_s - overlap_s))


def _join(previous: Any, window: Any, overlap: int, fade: int) -> Any:
    """Append a continuation `window` (which starts with `overlap` samples re-generated from
    the end of `previous`) with a level-matched, power-preserving crossfade of `fade`
    samples at the end of that prompt."""
    import torch

    window = window.to(previous.dtype)
    head = window[..., overlap - fade:overlap]
    tail = previous[..., -fade:]
    # Match the new window's level to the audio it continues (bounded), so the codec's
    # re-encoding of the prompt cannot make a step in loudness.
    ratio = tail.pow(2).mean().clamp_min(1e-12).sqrt() / head.pow(2).mean().clamp_min(1e-12).sqrt()
    limit = 10 ** (MAX_MATCH_GAIN_DB / 20)
    window = window * ratio.clamp(1 / limit, limit)
    head = window[..., overlap - fade:overlap]
    # Gains that keep the power constant for the measured correlation of the two signals:
    # equal-power (sin/cos) for unrelated audio, close to linear for near-identical audio.
    correlation = float((tail * head).sum() / (tail.norm() * head.norm()).clamp_min(1e-12))
    theta = torch.linspace(0, math.pi / 2, fade, device=previous.device, dtype=previous.dtype)
    fade_in, fade_out = torch.sin(theta), torch.cos(theta)
    norm = (fade_in**2 + fade_out**2 + 2 * correlation * fade_in * fade_out).clamp_min(1e-6)
    mixed = (tail * fade_out + head * fade_in) / norm.sqrt()
    return torch.cat([previous[..., :-fade], mixed, window[..., overlap:]], dim=-1)


class MusicGenTool(AudiocraftTool):
    """Text-to-music with Meta's MusicGen (``facebook/musicgen-small`` by default)."""

    default_model = "facebook/musicgen-small"
    info = ToolInfo(
        name="musicgen", version="1", kind="music",
        description=("MusicGen (audiocraft): neural text-to-music, 32 kHz; any genre or mood "
                     "from a description; long beds by windowed continuation."),
        quality=60,
        capabilities=frozenset({"neural", "extends_beyond_max", "batched"}),
        languages=("en",), max_concurrency=1, max_duration_s=30.0, max_batch_size=8,
        devices=("cuda", "cpu"), memory_bytes=3 * GIB,
        tasks=("text-to-music", "music-continuation"), modalities=("text",),
        licence=AUDIOCRAFT_LICENCE, install=AUDIOCRAFT_INSTALL,
    )

    def _model_class(self) -> Any:
        from audiocraft.models import MusicGen

        return MusicGen


class AudioGenTool(AudiocraftTool):
    """Text-to-audio (sound effects, ambiences) with Meta's AudioGen."""

    default_model = "facebook/audiogen-medium"
    info = ToolInfo(
        name="audiogen", version="1", kind="sound_effect",
        description=("AudioGen (audiocraft): neural text-to-audio, 16 kHz; sound effects and "
                     "ambiences from a description; long beds by windowed continuation."),
        quality=60,
        capabilities=frozenset({"neural", "extends_beyond_max", "batched"}),
        languages=("en",), max_concurrency=1, max_duration_s=10.0, max_batch_size=8,
        devices=("cuda", "cpu"), memory_bytes=7 * GIB,
        tasks=("text-to-audio", "sound-effects", "ambience"), modalities=("text",),
        licence=AUDIOCRAFT_LICENCE, install=AUDIOCRAFT_INSTALL,
    )

    def _model_class(self) -> Any:
        from audiocraft.models import AudioGen

        return AudioGen
