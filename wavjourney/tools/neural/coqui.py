"""XTTS-v2 (multilingual, voice cloning) and VITS (fast multi-speaker) through coqui-tts.

Both load through coqui-tts's own ``TTS.api.TTS``: a model name resolves through its model
manager (weights under ``TTS_HOME``, or the Hugging Face cache for XTTS-v2), a local folder
holding ``config.json`` and ``model.pth`` (plus ``vocab.json`` and ``speakers_xtts.pth`` for
XTTS) loads with no network. Long text is split by sentence with the same splitter as the
offline speech tool (`wavjourney.tools.text`).

XTTS clones a voice-library recording: its conditioning latents are computed once per
recording content (sha256 and excerpt) and kept while the model is loaded, so every line of
a character reuses them and a replaced recording is computed afresh.

Install: ``pip install "wavjourney[coqui]" torchaudio torchcodec`` (torchaudio and torchcodec
builds matching your torch; coqui-tts imports them at import time).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from wavjourney.exceptions import ToolError
from wavjourney.tools.base import (
    NO_CONTROL,
    AudioReference,
    Control,
    Gender,
    GeneratedClip,
    GenerationRequest,
    ToolInfo,
    VoiceContext,
    VoicePreset,
)
from wavjourney.tools.neural.base import NeuralTool, hf_cached
from wavjourney.tools.testing import stable_seed
from wavjourney.tools.text import SENTENCE_PAUSE_S, split_text

COQUI_INSTALL = 'pip install "wavjourney[coqui]" torchaudio torchcodec'
COQUI_PACKAGES = ("TTS", "torchaudio", "torchcodec")
NARRATOR = "narrator"
XTTS_MODEL = "tts_models/multilingual/multi-dataset/xtts_v2"
XTTS_REPO = "tts-hub/XTTS-v2"  # where coqui-tts's model manager fetches XTTS-v2 from
XTTS_RATE_HZ = 22_050  # the rate XTTS computes conditioning latents at
XTTS_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "pl", "tr", "ru", "nl", "cs", "ar", "zh",
                  "hu", "ko", "ja", "hi")
XTTS_DEFAULT_CHAR_LIMIT = 250
VITS_MODEL = "tts_models/en/vctk/vits"
GIB = 1024**3
MIB = 1024**2

# Genders of XTTS-v2's built-in studio speakers (from listening notes published with it);
# speakers not listed are offered as neutral.
_XTTS_FEMALE = frozenset({
    "Claribel Dervla", "Daisy Studious", "Gracie Wise", "Tammie Ema", "Alison Dietlinde",
    "Ana Florence", "Annmarie Nele", "Asya Anara", "Brenda Stern", "Gitta Nikolina",
    "Henriette Usha", "Sofia Hellen", "Tammy Grit", "Tanja Adelina", "Vjollca Johnnie",
    "Suad Qasim"})
_XTTS_MALE = frozenset({
    "Andrew Chipper", "Badr Odhiambo", "Dionisio Schuyler", "Royston Min", "Viktor Eka",
    "Abrahan Mack", "Adde Michal", "Baldur Sanjin", "Craig Gutsy", "Damien Black",
    "Gilberto Mathias", "Ilkin Urbanus", "Kazuhiko Atallah", "Ludvig Milivoj",
    "Torcull Diarmuid", "Viktor Menelaos", "Zacharie Aimilios", "Eugenio Mataracı"})
# VCTK speakers (gender, accent) from the corpus's speaker-info.txt, for the ones we know.
_VCTK: dict[str, tuple[Gender, str]] = {
    "p225": ("female", "english"), "p226": ("male", "english"), "p227": ("male", "english"),
    "p228": ("female", "english"), "p229": ("female", "english"),
    "p230": ("female", "english"), "p231": ("female", "english"), "p232": ("male", "english"),
    "p233": ("female", "english"), "p234": ("female", "scottish"),
    "p236": ("female", "english"), "p237": ("male", "scottish"),
    "p238": ("female", "northern irish"), "p239": ("female", "english"),
    "p240": ("female", "english"), "p241": ("male", "scottish"),
}


class CoquiTool(NeuralTool):
    """Loading, batching and sentence splitting shared by the coqui-tts tools."""

    packages = COQUI_PACKAGES
    checkpoint_files: ClassVar[tuple[str, ...]] = ("config.json", "model.pth")

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._speakers: list[str] | None = None

    def _load_model(self, source: str, device: str) -> Any:
        from TTS.api import TTS

        folder = self.local_folder()
        if folder is not None:
            api = TTS(model_path=str(self._checkpoint_path(folder)),
                      config_path=str(folder / "config.json"), progress_bar=False)
        else:
            api = TTS(model_name=source, progress_bar=False)
        return api.to(device)

    def _checkpoint_path(self, folder: Path) -> Path:
        return folder / "model.pth"

    @property
    def tts_model(self) -> Any:
        return self.loaded_model().synthesizer.tts_model

    def speakers(self) -> list[str]:
        """Built-in speaker names, read from the checkpoint without loading the model."""
        if self._speakers is None:
            self._speakers = self._read_speakers()
        return self._speakers

    def _read_speakers(self) -> list[str]:
        raise NotImplementedError

    def _preset(self, name: str, language: str) -> VoicePreset:
        raise NotImplementedError

    def voices(self, context: VoiceContext | None = None) -> list[VoicePreset]:
        language = context.language if context else "en"
        try:
            names = self.speakers()
        except (OSError, ValueError, RuntimeError):
            return []
        presets = [self._preset(name, language) for name in names]
        if names:
            first = presets[0]
            presets.insert(0, VoicePreset(
                NARRATOR, f"The default narrator: {first.description}", gender=first.gender,
                age=first.age, accent=first.accent, language=language,
                tags=("narrator", *first.tags)))
        return presets

    def _speaker(self, voice: str | None) -> str:
        names = self.speakers()
        if not names:
            raise ToolError(f"{self.model_ref!r} has no built-in speakers", tool=self.info.name)
        if voice in (None, "", NARRATOR):
            return names[0]
        if voice not in names:
            raise ToolError(f"unknown voice {voice!r}; voices: {NARRATOR}, {', '.join(names)}",
                            tool=self.info.name)
        return voice

    @staticmethod
    def _joined(pieces: list[Any], rate: int) -> Any:
        """Concatenate spoken pieces with a sentence pause between them."""
        import torch

        pause = torch.zeros(round(SENTENCE_PAUSE_S * rate), device=pieces[0].device)
        out: list[Any] = []
        for index, piece in enumerate(pieces):
            if index:
                out.append(pause)
            out.append(piece.reshape(-1).float())
        return torch.cat(out)[None, :]


class XttsTool(CoquiTool):
    """XTTS-v2: natural multilingual speech, built-in studio voices and voice cloning.

    Args:
        model: ``tts_models/multilingual/multi-dataset/xtts_v2`` or a local folder.
        temperature: sampling temperature (default: the checkpoint's config).
    """

    default_model = XTTS_MODEL
    checkpoint_files = ("config.json", "model.pth", "vocab.json")
    options_schema: ClassVar[dict[str, str]] = {
        "model": "coqui model name or local folder (config.json, model.pth, vocab.json)",
        "temperature": "sampling temperature (default: the checkpoint's)",
    }
    info = ToolInfo(
        name="xtts", version="1", kind="speech",
        description=("XTTS-v2 (coqui-tts): natural neural speech in 17 languages, built-in "
                     "studio voices, and voice cloning from a short recording."),
        quality=70,
        capabilities=frozenset({"neural", "voice_clone", "batched"}),
        languages=XTTS_LANGUAGES, max_concurrency=1, max_batch_size=16,
        devices=("cuda", "cpu"), memory_bytes=2 * GIB,
        tasks=("text-to-speech", "voice-cloning"), modalities=("text", "audio"),
        licence="Coqui Public Model Licence 1.0 (XTTS-v2 weights, non-commercial); code MPL-2.0",
        install=COQUI_INSTALL,
    )

    def __init__(self, **options: Any):
        super().__init__(**options)
        # recording identity -> (gpt conditioning latents, speaker embedding) on the device
        self._latents: dict[tuple[str, float, float | None], tuple[Any, Any]] = {}

    def _cached(self, model_id: str) -> bool:
        return hf_cached(XTTS_REPO, "model.pth")

    def _checkpoint_path(self, folder: Path) -> Path:
        return folder  # XTTS loads a whole folder (model, vocab, speakers)

    def download(self) -> str:
        from TTS.utils.manage import ModelManager

        path, _, _ = ModelManager(progress_bar=True).download_model(self.model_ref)
        return str(path)

    def _load_model(self, source: str, device: str) -> Any:
        if self.local_folder() is None:
            from TTS.utils.manage import ModelManager

            manager = ModelManager(progress_bar=False)
            item, full_name, _ = manager._set_model_item(source)
            if not manager.tos_agreed(item, manager.output_prefix / full_name):
                # coqui-tts would otherwise stop and ask on the terminal, mid-render.
                raise ToolError(f"{source} is under the Coqui Public Model Licence: read "
                                "https://coqui.ai/cpml and set COQUI_TOS_AGREED=1",
                                tool=self.info.name)
        api = super()._load_model(source, device)
        self._latents.clear()  # latents live on the device of the model that made them
        return api

    def _read_speakers(self) -> list[str]:
        import torch

        if self.model is not None:
            manager = self.model.synthesizer.tts_model.speaker_manager
            return list(manager.speakers) if manager is not None else []
        folder = self.local_folder()
        if folder is not None:
            path: str | None = str(folder / "speakers_xtts.pth")
        else:
            from huggingface_hub import try_to_load_from_cache

            found = try_to_load_from_cache(XTTS_REPO, "speakers_xtts.pth")
            path = found if isinstance(found, str) else None
        if path is None or not os.path.isfile(path):
            return []
        return list(torch.load(path, map_location="cpu", weights_only=True))

    def _preset(self, name: str, language: str) -> VoicePreset:
        gender: Gender = ("female" if name in _XTTS_FEMALE else "male" if name in _XTTS_MALE
                          else "neutral")
        kind = f"{gender} " if gender != "neutral" else ""
        return VoicePreset(name, f"XTTS-v2 built-in studio voice {name}: a natural {kind}adult "
                                 "voice that speaks all 17 XTTS languages.",
                           gender=gender, age="adult", accent="neutral", language=language,
                           tags=("studio", "neural"))

    def voices(self, context: VoiceContext | None = None) -> list[VoicePreset]:
        presets = super().voices(context)
        if context is not None:  # a cloning tool speaks with the library's recordings
            presets += [v for v in context.custom_voices if v.sample is not None]
        return presets

    def generate_batch(self, requests: Sequence[GenerationRequest],
                       control: Control = NO_CONTROL) -> list[GeneratedClip]:
        """Speak every request with the model loaded once; long text by sentences."""
        import torch

        clips = []
        with self._lock:
            model = self.tts_model
            rate = int(model.config.audio.output_sample_rate)
            limits = getattr(model.tokenizer, "char_limits", {})
            settings = {}
            if "temperature" in self.options:
                settings["temperature"] = float(self.options["temperature"])
            on_cuda = str(self.device).startswith("cuda")
            for index, request in enumerate(requests):
                control.check()
                language = "zh-cn" if request.language.split("-")[0] == "zh" else (
                    request.language.split("-")[0])
                if language.split("-")[0] not in XTTS_LANGUAGES:
                    raise ToolError(f"xtts does not speak {request.language!r}; it speaks "
                                    f"{', '.join(XTTS_LANGUAGES)}", tool=self.info.name)
                latents, embedding, voice = self._conditioning(request)
                limit = limits.get(language.split("-")[0], XTTS_DEFAULT_CHAR_LIMIT)
                torch.manual_seed(stable_seed(request.text, voice, request.seed) % 2**63)
                pieces = []
                for piece in split_text(request.text, limit):
                    # fp16 on CUDA: the GPT and the HiFi-GAN decoder run under autocast.
                    with torch.autocast("cuda", dtype=torch.float16, enabled=on_cuda):
                        out = model.inference(piece, language, latents, embedding,
                                              speed=request.speaking_rate, **settings)
                    # coqui-tts returns host arrays; the clip goes back onto the device.
                    pieces.append(torch.as_tensor(out["wav"], device=self.device))
                    self._log(call="inference", chars=len(piece), voice=voice)
                clips.append(GeneratedClip(self._joined(pieces, rate), rate,
                                           {"preset": voice, "pieces": len(pieces)}))
                control.report((index + 1) / len(requests), f"{index + 1}/{len(requests)}")
        return clips

    def _conditioning(self, request: GenerationRequest) -> tuple[Any, Any, str]:
        """(GPT latents, speaker embedding, voice name) for a request: a built-in speaker's,
        or a recording's, computed once per recording content."""
        model = self.tts_model
        sample = request.voice_sample
        if sample is None:
            speaker = self._speaker(request.voice)
            latents, embedding = model.speaker_manager.speakers[speaker].values()
            return latents, embedding, speaker
        key = (sample.sha256, sample.start_s, sample.end_s)
        if key not in self._latents:
            self._latents[key] = self._clone(model, sample)
            self._log(call="conditioning", sha256=sample.sha256)
        latents, embedding = self._latents[key]
        return latents, embedding, request.voice or f"sha256:{sample.sha256[:12]}"

    def _clone(self, model: Any, sample: AudioReference) -> tuple[Any, Any]:
        import soundfile as sf
        import torch

        from wavjourney.dsp.resample import resample

        audio, rate = sf.read(sample.path, dtype="float32", always_2d=True)
        audio = audio.mean(axis=1)
        end = None if sample.end_s is None else round(sample.end_s * rate)
        audio = audio[round(sample.start_s * rate):end]
        audio = audio[: round(float(model.config.max_ref_len) * rate)]
        audio = resample(audio[None, :], rate, XTTS_RATE_HZ)
        wav = torch.as_tensor(audio, device=self.device)
        latents = model.get_gpt_cond_latents(wav, XTTS_RATE_HZ,
                                             length=int(model.config.gpt_cond_len),
                                             chunk_length=int(model.config.gpt_cond_chunk_len))
        embedding = model.get_speaker_embedding(wav, XTTS_RATE_HZ)
        return latents, embedding


class VitsTool(CoquiTool):
    """VITS (VCTK): fast, light English multi-speaker speech.

    Args:
        model: ``tts_models/en/vctk/vits`` (or another VITS model name) or a local folder.
    """

    default_model = VITS_MODEL
    info = ToolInfo(
        name="vits", version="1", kind="speech",
        description=("VITS (coqui-tts, VCTK): fast neural English speech with over a hundred "
                     "speakers of British and other accents."),
        quality=40,
        capabilities=frozenset({"neural", "batched"}),
        languages=("en",), max_concurrency=1, max_batch_size=16,
        devices=("cuda", "cpu"), memory_bytes=200 * MIB,
        tasks=("text-to-speech",), modalities=("text",),
        licence="VCTK VITS weights Apache-2.0 (per coqui-tts's model list); code MPL-2.0",
        install=COQUI_INSTALL,
    )

    def _cached(self, model_id: str) -> bool:
        return self._hub_folder(model_id).is_dir()

    @staticmethod
    def _hub_folder(model_id: str) -> Path:
        # Where coqui-tts's model manager keeps a downloaded model (trainer.io's rule).
        home = os.environ.get("TTS_HOME") or os.environ.get("XDG_DATA_HOME")
        root = Path(home) if home else Path.home() / ".local" / "share"
        return root.expanduser() / "tts" / model_id.replace("/", "--")

    def download(self) -> str:
        from TTS.utils.manage import ModelManager

        path, _, _ = ModelManager(progress_bar=True).download_model(self.model_ref)
        return str(path)

    def _read_speakers(self) -> list[str]:
        if self.model is not None:
            manager = self.model.synthesizer.tts_model.speaker_manager
            return list(manager.name_to_id) if manager is not None else []
        folder = self.local_folder() or self._hub_folder(self.model_ref)
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        if config.get("speakers"):
            return list(config["speakers"])
        for name in ("speaker_ids.json", "speakers.json"):
            if (folder / name).is_file():
                return list(json.loads((folder / name).read_text(encoding="utf-8")))
        return []

    def _preset(self, name: str, language: str) -> VoicePreset:
        gender, accent = _VCTK.get(name, ("neutral", "british"))
        kind = f"{gender} " if gender != "neutral" else ""
        return VoicePreset(name, f"VCTK speaker {name}: a {kind}adult voice with a {accent} "
                                 "accent, read-speech style.",
                           gender=gender, age="adult", accent=accent, language="en",
                           tags=("vctk", "neural"))

    def generate_batch(self, requests: Sequence[GenerationRequest],
                       control: Control = NO_CONTROL) -> list[GeneratedClip]:
        """Speak every request with the model loaded once; long text by sentences."""
        import torch

        clips = []
        with self._lock:
            api = self.loaded_model()
            synthesizer = api.synthesizer
            model = synthesizer.tts_model
            rate = int(synthesizer.output_sample_rate)
            normal_scale = model.length_scale
            try:
                for index, request in enumerate(requests):
                    control.check()
                    speaker = self._speaker(request.voice)
                    model.length_scale = normal_scale / request.speaking_rate
                    torch.manual_seed(stable_seed(request.text, speaker, request.seed) % 2**63)
                    pieces = []
                    for piece in split_text(request.text, XTTS_DEFAULT_CHAR_LIMIT):
                        wav = synthesizer.tts(piece, speaker_name=speaker, split_sentences=False)
                        pieces.append(torch.as_tensor(wav, dtype=torch.float32,
                                                      device=self.device))
                        self._log(call="tts", chars=len(piece), voice=speaker)
                    clips.append(GeneratedClip(self._joined(pieces, rate), rate,
                                               {"preset": speaker, "pieces": len(pieces)}))
                    control.report((index + 1) / len(requests), f"{index + 1}/{len(requests)}")
            finally:
                model.length_scale = normal_scale
        return clips
