"""A multi-turn editing session: script versions, the conversation, undo / redo, re-render.

Each edit asks the planner for a complete edited script, validates it and stores it as a new
version; rendering goes through the studio, whose clip cache means only changed elements
regenerate. A session saves as plain files (one JSON script per version plus
``session.json`` with the conversation); it never holds or writes an API key.

Example:
    >>> from wavjourney import api                                       # doctest: +SKIP
    >>> session = api.Studio().session("my-session")                     # doctest: +SKIP
    >>> session.start("A couple dating in a rainy cafe")                 # doctest: +SKIP
    >>> print(session.edit("add thunder and make the music quieter").diff)  # doctest: +SKIP
    + sound_effect-4 (a loud crack of thunder rolling away)
    ~ music-1.target_lufs: -28 → -34
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wavjourney.destination import write_text_atomically
from wavjourney.exceptions import WavJourneyError
from wavjourney.planner import DEFAULT_MAX_ATTEMPTS, Plan
from wavjourney.script import AudioScript, dump_script, load_script
from wavjourney.session.diff import ScriptDiff, diff_scripts

SESSION_FILE = "session.json"
VERSIONS_DIR = "versions"
RENDERS_DIR = "renders"
SESSION_FORMAT = "wavjourney-session"
SESSION_FORMAT_VERSION = 1


@dataclass(frozen=True)
class EditResult:
    """The outcome of one edit: the new version, what changed and how it was planned."""

    script: AudioScript
    version: int
    diff: ScriptDiff | None  # None for the first version
    plan: Plan | None  # None for a hand-made change (`Session.commit`)

    def __str__(self) -> str:
        return f"version {self.version}:\n{self.diff}"


@dataclass
class _Version:
    script: AudioScript
    origin: str  # the prompt or instruction that produced it ("" when given directly)
    planner: str = ""
    render_dir: str | None = None


class Session:
    """Script versions and the conversation that produced them.

    Args:
        studio: a `wavjourney.api.Studio` (or anything with its ``plan``, ``edit`` and
            ``render`` methods).
        directory: where the session saves itself after every change and renders go
            (None: nothing is written until `save` is called).
        script: a starting script (version 1; an AudioScript, raw data, JSON text or a
            path); otherwise call `start`.
        max_attempts: model calls per plan / edit, repairs included.
    """

    def __init__(self, studio: Any, directory: str | Path | None = None,
                 script: AudioScript | dict | str | Path | None = None, *,
                 max_attempts: int = DEFAULT_MAX_ATTEMPTS):
        self.studio = studio
        self.directory = Path(directory) if directory is not None else None
        self.max_attempts = max_attempts
        self.conversation: list[dict[str, Any]] = []
        # A long piece's outline: context for edits of one scene ("in scene 3, ...").
        self.outline: Any = None
        self._versions: list[_Version] = []
        self._cursor = -1
        if script is not None:
            from wavjourney.api import Studio

            self._push(Studio.load(script), origin="", planner="given")
            self._log("assistant", "started from a given script", kind="load")
            self._autosave()

    def __repr__(self) -> str:
        return (f"Session(version={self.version}, versions={len(self._versions)}, "
                f"directory={str(self.directory) if self.directory else None!r})")

    # State ----------------------------------------------------------------------------------
    @property
    def script(self) -> AudioScript:
        """The current version's script."""
        if self._cursor < 0:
            raise WavJourneyError("the session has no script yet: call start(prompt) first")
        return self._versions[self._cursor].script

    @property
    def version(self) -> int:
        """The current version number (1-based; 0 before `start`)."""
        return self._cursor + 1

    @property
    def versions(self) -> list[AudioScript]:
        """Every stored version, oldest first (versions after an undo included)."""
        return [v.script for v in self._versions]

    @property
    def can_undo(self) -> bool:
        return self._cursor > 0

    @property
    def can_redo(self) -> bool:
        return self._cursor < len(self._versions) - 1

    @property
    def history(self) -> list[str]:
        """The instructions that led to the current version, oldest first."""
        return [v.origin for v in self._versions[1:self._cursor + 1] if v.origin]

    # Turns ----------------------------------------------------------------------------------
    def start(self, prompt: str, *, duration_s: float | None = None,
              language: str | None = None, outline: Any = None,
              progress: Any = None) -> Plan:
        """Plan version 1 from a prompt, or write the scenes of a long piece's `outline`
        (from `studio.plan_outline`, perhaps edited; `prompt` is then just the log entry).

        Args:
            progress: called as each scene of a long piece is planned.
        """
        if self._versions:
            raise WavJourneyError("the session already has a script; use edit(), or start a "
                                  "new session")
        self._log("user", prompt, kind="plan")
        if outline is not None:
            plan = self.studio.plan_scenes(outline, max_attempts=self.max_attempts,
                                           progress=progress)
        else:
            extra = {"progress": progress} if progress is not None else {}
            plan = self.studio.plan(prompt, duration_s=duration_s, language=language,
                                    max_attempts=self.max_attempts, **extra)
        self.outline = plan.outline
        self._push(plan.script, origin=prompt, planner=plan.planner)
        self._log("assistant", f"planned version 1: {len(plan.script.elements)} elements "
                  f"({_planner_words(plan)})", kind="plan", planner=plan.planner,
                  attempts=plan.attempts)
        self._autosave()
        return plan

    def edit(self, instruction: str) -> EditResult:
        """Ask the planner for an edited script; store it as a new version.

        Versions after the current one (undone edits) are discarded, as in an editor.

        Raises:
            PlanningError: the planner gave up (the session is unchanged).
        """
        before = self.script
        self._log("user", instruction, kind="edit")
        try:
            extra = {"outline": self.outline} if self.outline is not None else {}
            plan = self.studio.edit(before, instruction, history=self.history,
                                    max_attempts=self.max_attempts, **extra)
        except WavJourneyError as exc:
            self._log("assistant", f"failed: {exc}", kind="error")
            self._autosave()
            raise
        diff = diff_scripts(before, plan.script)
        self._push(plan.script, origin=instruction, planner=plan.planner)
        self._log("assistant", str(diff), kind="edit", planner=plan.planner,
                  attempts=plan.attempts)
        self._autosave()
        return EditResult(plan.script, self.version, diff, plan)

    def commit(self, script: AudioScript, change: str) -> EditResult:
        """Store a hand-made change (a table or JSON edit, a recast) as a new version.

        Args:
            script: the changed script (validated already, being an AudioScript).
            change: a short description for the history, e.g. ``"recast Emma"``.
        """
        before = self.script if self._versions else None
        self._log("user", change, kind="manual")
        self._push(script, origin=change, planner="manual")
        self._autosave()
        diff = diff_scripts(before, script) if before is not None else None
        return EditResult(script, self.version, diff, None)

    def undo(self) -> AudioScript:
        """Go back one version; returns that script (exactly as it was)."""
        if not self.can_undo:
            raise WavJourneyError("nothing to undo" if self._versions else
                                  "the session has no script yet")
        self._cursor -= 1
        self._log("user", ":undo", kind="undo")
        self._autosave()
        return self.script

    def redo(self) -> AudioScript:
        """Go forward one version after an undo."""
        if not self.can_redo:
            raise WavJourneyError("nothing to redo")
        self._cursor += 1
        self._log("user", ":redo", kind="redo")
        self._autosave()
        return self.script

    def diff(self, from_version: int | None = None, to_version: int | None = None) -> ScriptDiff:
        """Changes between two versions (default: the previous one and the current one)."""
        to_version = to_version or self.version
        from_version = from_version or max(1, to_version - 1)
        return diff_scripts(self._at(from_version), self._at(to_version))

    def render(self, out_dir: str | Path | None = None, **kwargs: Any) -> Any:
        """Render the current version with the studio (cached clips are reused).

        Args:
            out_dir: the bundle folder; default ``<directory>/renders/v<N>`` when the
                session has a directory, else an in-memory render.
            kwargs: passed to ``studio.render`` (``progress=``, ``cancel=``).
        """
        if out_dir is None and self.directory is not None:
            out_dir = self.directory / RENDERS_DIR / f"v{self.version:03d}"
        result = self.studio.render(self.script, out_dir, **kwargs)
        if out_dir is not None:
            self._versions[self._cursor].render_dir = str(out_dir)
            self._autosave()
        return result

    # Files ----------------------------------------------------------------------------------
    def save(self, directory: str | Path | None = None) -> Path:
        """Write every version and the conversation to `directory` (default: the session's).

        Layout: ``versions/v001.json``, ... and ``session.json``. Returns the directory.
        """
        target = Path(directory) if directory is not None else self.directory
        if target is None:
            raise WavJourneyError("no directory to save the session to")
        (target / VERSIONS_DIR).mkdir(parents=True, exist_ok=True)
        names = []
        for k, v in enumerate(self._versions, start=1):
            name = f"{VERSIONS_DIR}/v{k:03d}.json"
            write_text_atomically(target / name, dump_script(v.script) + "\n")
            names.append(name)
        for stale in (target / VERSIONS_DIR).glob("v*.json"):
            if f"{VERSIONS_DIR}/{stale.name}" not in names:
                stale.unlink()
        state = {
            "format": SESSION_FORMAT,
            "format_version": SESSION_FORMAT_VERSION,
            "current_version": self.version,
            "versions": [{"file": name, "origin": v.origin, "planner": v.planner,
                          "render_dir": v.render_dir}
                         for name, v in zip(names, self._versions, strict=True)],
            "conversation": self.conversation,
        }
        if self.outline is not None:
            state["outline"] = self.outline.model_dump(mode="json", exclude_none=True)
        write_text_atomically(target / SESSION_FILE, json.dumps(state, indent=2, ensure_ascii=False)
                      + "\n")
        return target

    @classmethod
    def load(cls, directory: str | Path, studio: Any, *,
             max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> Session:
        """Reopen a saved session; it keeps saving to the same directory."""
        directory = Path(directory)
        try:
            state = json.loads((directory / SESSION_FILE).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise WavJourneyError(f"cannot read a session from {directory}: {exc}") from None
        if state.get("format") != SESSION_FORMAT:
            raise WavJourneyError(f"{directory / SESSION_FILE} is not a WavJourney session")
        session = cls(studio, directory=directory, max_attempts=max_attempts)
        for entry in state.get("versions", []):
            session._versions.append(_Version(load_script(directory / entry["file"]),
                                              entry.get("origin", ""),
                                              entry.get("planner", ""),
                                              entry.get("render_dir")))
        current = int(state.get("current_version", len(session._versions)))
        if not 0 <= current <= len(session._versions):
            raise WavJourneyError(f"{directory / SESSION_FILE}: current_version {current} is "
                                  f"not one of the {len(session._versions)} versions")
        session._cursor = current - 1
        session.conversation = list(state.get("conversation", []))
        if state.get("outline"):
            from wavjourney.planner.longform import Outline

            session.outline = Outline.model_validate(state["outline"])
        return session

    # Internals ------------------------------------------------------------------------------
    def _push(self, script: AudioScript, *, origin: str, planner: str) -> None:
        del self._versions[self._cursor + 1:]
        self._versions.append(_Version(script, origin, planner))
        self._cursor = len(self._versions) - 1

    def _at(self, version: int) -> AudioScript:
        if not 1 <= version <= len(self._versions):
            raise WavJourneyError(f"no version {version}; versions are 1 to "
                                  f"{len(self._versions)}")
        return self._versions[version - 1].script

    def _log(self, role: str, content: str, **extra: Any) -> None:
        self.conversation.append({"role": role, "content": content,
                                  "version": self.version, **extra})

    def _autosave(self) -> None:
        if self.directory is not None:
            self.save()


def _planner_words(plan: Plan) -> str:
    if plan.planner == "offline":
        return "offline planner"
    return f"LLM, {plan.attempts} call{'s' if plan.attempts != 1 else ''}"


