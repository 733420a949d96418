"""Write tiny, randomly initialised checkpoints for the neural tools, in each library's real
on-disk format, so the tools' normal local-folder loading code can be tried and tested
without downloading weights.

    python scripts/make_tiny_models.py OUT_DIR [--only musicgen,xtts]

writes OUT_DIR/musicgen and OUT_DIR/audiogen (audiocraft: ``state_dict.bin`` and
``compression_state_dict.bin``, each a ``{"xp.cfg", "best_state"}`` package),
OUT_DIR/xtts (coqui-tts: ``config.json``, ``model.pth``, ``vocab.json``, ``speakers_xtts.pth``)
and OUT_DIR/vits (coqui-tts: ``config.json``, ``model.pth``). Load them with e.g.
``--tool-option musicgen.model=OUT_DIR/musicgen``. The audio they make is noise-like.
Needs ``pip install "wavjourney[neural]"``; never commit the output.
"""

from __future__ import annotations

import argparse
import json
import string
import sys
from pathlib import Path

import torch

SEED = 1234
TOOLS = ("musicgen", "audiogen", "xtts", "vits")
# Tiny audiocraft models: a 4-codebook debug codec like audiocraft's own unit tests use, but
# at 5 frames per second (one more x5 stage) so a minute of audio is 300 LM steps, and a
# two-layer, 16-wide transformer LM with a lookup-table text conditioner. The windows are the
# real models' (MusicGen 30 s, AudioGen 10 s).
AUDIOCRAFT = {"musicgen": {"sample_rate": 32_000, "ratios": [10, 8, 16, 5], "window_s": 30},
              "audiogen": {"sample_rate": 16_000, "ratios": [10, 8, 8, 5], "window_s": 10}}
CODEBOOKS = 4
CODEBOOK_BINS = 400
TINY_SPEAKERS = ("Ana Florence", "Claribel Dervla", "Damien Black", "Viktor Eka")
VITS_SPEAKERS = ("p225", "p226", "p227", "p228")
XTTS_LANGUAGES = ("en", "es", "fr", "de", "it", "pt", "pl", "tr", "ru", "nl", "cs", "ar",
                  "zh-cn", "hu", "ko", "ja", "hi")


def audiocraft_configs(tool: str) -> tuple[dict, dict]:
    """The (compression, language model) ``xp.cfg`` dicts audiocraft's builders read."""
    spec = AUDIOCRAFT[tool]
    compression = {
        "compression_model": "encodec", "device": "cpu",
        "encodec": {"autoencoder": "seanet", "quantizer": "rvq", "sample_rate": spec["sample_rate"],
                    "channels": 1, "causal": False, "renormalize": False},
        "seanet": {"dimension": 32, "channels": 1, "causal": False, "n_filters": 4,
                   "n_residual_layers": 1, "ratios": spec["ratios"], "encoder": {},
                   "decoder": {}},
        "rvq": {"n_q": CODEBOOKS, "bins": CODEBOOK_BINS},
    }
    lm = {
        "lm_model": "transformer_lm", "device": "cpu", "dtype": "float32",
        "dataset": {"segment_duration": spec["window_s"]},
        "transformer_lm": {"n_q": CODEBOOKS, "card": CODEBOOK_BINS, "dim": 16, "num_heads": 2,
                           "num_layers": 2, "hidden_scale": 2, "causal": True},
        "codebooks_pattern": {"modeling": "delay", "delay": {"delays": list(range(CODEBOOKS))}},
        "attribute_dropout": {},
        "classifier_free_guidance": {"training_dropout": 0.0, "inference_coef": 3.0},
        "fuser": {"cross_attention_pos_emb": False, "cross_attention_pos_emb_scale": 1,
                  "sum": [], "prepend": [], "cross": ["description"], "input_interpolate": []},
        # The "noop" tokenizer needs no spacy model (the real checkpoints use T5).
        "conditioners": {"description": {"model": "lut", "lut": {
            "n_bins": 128, "dim": 16, "tokenizer": "noop"}}},
    }
    return compression, lm


def make_audiocraft(tool: str, out: Path) -> None:
    from audiocraft.models import builders
    from omegaconf import OmegaConf

    compression_cfg, lm_cfg = audiocraft_configs(tool)
    codec = builders.get_compression_model(OmegaConf.create(compression_cfg))
    codec.quantizer(torch.randn(8, 32, 128), 1)  # initialise the codebooks (k-means)
    lm = builders.get_lm_model(OmegaConf.create(lm_cfg))
    out.mkdir(parents=True, exist_ok=True)
    torch.save({"xp.cfg": compression_cfg, "best_state": codec.eval().state_dict()},
               out / "compression_state_dict.bin")
    torch.save({"xp.cfg": lm_cfg, "best_state": lm.state_dict()}, out / "state_dict.bin")


def _xtts_vocab() -> str:
    """A character-level tokenizer in the `tokenizers` JSON format XTTS's vocab.json uses."""
    from tokenizers import Tokenizer, models

    specials = ["[STOP]", "[UNK]", "[SPACE]", "[START]"] + [f"[{lang}]" for lang in XTTS_LANGUAGES]
    chars = sorted(set(string.ascii_lowercase + string.digits + ".,!?'-:;\"()"
                       + "àâäáçèéêëíîïñóôöùúûüœß"))
    vocab = {token: index for index, token in enumerate(specials + chars)}
    tokenizer = Tokenizer(models.BPE(vocab=vocab, merges=[], unk_token="[UNK]"))
    tokenizer.add_special_tokens(specials)
    return tokenizer.to_str()


def make_xtts(out: Path) -> None:
    from TTS.tts.configs.xtts_config import XttsArgs, XttsAudioConfig, XttsConfig
    from TTS.tts.layers.xtts.tokenizer import VoiceBpeTokenizer
    from TTS.tts.models.xtts import Xtts

    out.mkdir(parents=True, exist_ok=True)
    (out / "vocab.json").write_text(_xtts_vocab(), encoding="utf-8")
    width = 32
    args = XttsArgs(gpt_layers=1, gpt_n_model_channels=width, gpt_n_heads=2,
                    gpt_max_audio_tokens=32, gpt_max_text_tokens=402, gpt_max_prompt_tokens=70,
                    gpt_num_audio_tokens=66, gpt_start_audio_token=64, gpt_stop_audio_token=65,
                    gpt_use_perceiver_resampler=True, decoder_input_dim=width,
                    d_vector_dim=512)
    config = XttsConfig(model_args=args, audio=XttsAudioConfig(), languages=list(XTTS_LANGUAGES))
    model = Xtts(config)
    model.tokenizer = VoiceBpeTokenizer(vocab_file=str(out / "vocab.json"))
    model.init_models()
    config.save_json(str(out / "config.json"))
    # Half precision halves the file; loading casts back to the model's float32.
    torch.save({"model": {k: v.half() if v.is_floating_point() else v
                          for k, v in model.state_dict().items()}}, out / "model.pth")
    latents = model.gpt.get_style_emb(torch.randn(1, 80, 200), None).transpose(1, 2)
    speakers = {name: {"gpt_cond_latent": torch.randn_like(latents),
                       "speaker_embedding": torch.nn.functional.normalize(
                           torch.randn(1, 512, 1), dim=1)}
                for name in TINY_SPEAKERS}
    torch.save(speakers, out / "speakers_xtts.pth")


def make_vits(out: Path) -> None:
    from TTS.config.shared_configs import BaseAudioConfig
    from TTS.tts.configs.shared_configs import CharactersConfig
    from TTS.tts.configs.vits_config import VitsArgs, VitsConfig
    from TTS.tts.models.vits import Vits

    args = VitsArgs(hidden_channels=16, hidden_channels_ffn_text_encoder=32,
                    num_layers_text_encoder=1, num_layers_posterior_encoder=1,
                    num_layers_flow=1, upsample_initial_channel_decoder=32,
                    resblock_kernel_sizes_decoder=[3], resblock_dilation_sizes_decoder=[[1, 3, 5]],
                    use_sdp=False, init_discriminator=False, use_speaker_embedding=True,
                    speaker_embedding_channels=16)
    characters = CharactersConfig(
        characters_class="TTS.tts.utils.text.characters.Graphemes", pad="<PAD>", eos="<EOS>",
        bos="<BOS>", blank="<BLNK>", characters=string.ascii_lowercase + string.ascii_uppercase,
        punctuations="!'(),-.:;? ")
    config = VitsConfig(model_args=args, audio=BaseAudioConfig(sample_rate=22_050),
                        use_phonemes=False, text_cleaner="english_cleaners",
                        characters=characters, add_blank=True,
                        speakers=list(VITS_SPEAKERS), use_speaker_embedding=True)
    model = Vits(config)
    out.mkdir(parents=True, exist_ok=True)
    config.save_json(str(out / "config.json"))
    torch.save({"model": model.state_dict()}, out / "model.pth")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--only", default=",".join(TOOLS),
                        help=f"comma-separated subset of {', '.join(TOOLS)}")
    options = parser.parse_args(argv)
    wanted = [t.strip() for t in options.only.split(",") if t.strip()]
    unknown = sorted(set(wanted) - set(TOOLS))
    if unknown:
        parser.error(f"unknown model(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")
    torch.manual_seed(SEED)
    for tool in wanted:
        out = options.out_dir / tool
        if tool in AUDIOCRAFT:
            make_audiocraft(tool, out)
        elif tool == "xtts":
            make_xtts(out)
        else:
            make_vits(out)
        size_kb = sum(f.stat().st_size for f in out.iterdir()) / 1024
        print(json.dumps({"tool": tool, "dir": str(out), "size_kb": round(size_kb)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
