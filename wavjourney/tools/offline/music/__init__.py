"""Offline procedural music: text description -> arranged, synthesised, mixed stereo music.

Modules, in data-flow order: `understand` (description -> MusicSpec), `styles` (genre data),
`theory` (keys, chords, voice leading), `form` (bars, sections, swung grid), `melody` and
`parts` and `grooves` (note events), `arrange` (the band), `instruments` / `drums` / `synth`
(sound), `render` (mix, reverb, master), `tool` (the registered `ProceduralMusicTool`).
"""

from wavjourney.tools.offline.music.tool import ProceduralMusicTool

__all__ = ["ProceduralMusicTool"]
