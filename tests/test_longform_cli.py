"""`wavjourney plan` for long pieces through a local OpenAI-compatible server replaying
replies: per-scene progress, a failed scene kept apart, `--resume` asking only for it."""

from __future__ import annotations

import json

import pytest
from fakes import FakeOpenAIServer
from test_planner_longform import outline_reply, scene_reply
from typer.testing import CliRunner

from wavjourney.cli import app
from wavjourney.script import load_script

runner = CliRunner()
TOOL_ARGS = ["--tool", "speech=test-tone-speech"]
PROMPT = "a 20-minute radio drama about a lighthouse keeper"


def llm_args(server) -> list[str]:
    # One scene at a time: the server replays its replies in arrival order.
    return ["--llm", "local:fake", "--base-url", server.base_url, "--scene-concurrency", "1"]


def scene_asked(body: dict) -> str | None:
    text = body["messages"][-1]["content"]
    return text.split()[2] if text.startswith("Write scene") else None


def test_a_failed_scene_is_kept_apart_and_resumed_alone(tmp_path):
    out = tmp_path / "drama.json"
    replies = [outline_reply(4), scene_reply(), scene_reply()] + ["no script"] * 3 + [
        scene_reply()]
    with FakeOpenAIServer(replies) as server:
        failed = runner.invoke(app, ["plan", PROMPT, "-o", str(out), *llm_args(server),
                                     *TOOL_ARGS])
    assert failed.exit_code == 1
    assert "scene 2/4 planned (2 of 4 done)" in failed.output
    assert "scene s3 (Part 3)" in failed.output
    assert f"wavjourney plan --resume {out}" in " ".join(failed.output.split())
    assert not out.exists()
    partial = json.loads((tmp_path / "drama.json.partial").read_text())
    assert sorted(partial["scenes"]) == ["s1", "s2", "s4"]

    with FakeOpenAIServer([scene_reply()]) as server:
        resumed = runner.invoke(app, ["plan", "--resume", str(out), *llm_args(server),
                                      *TOOL_ARGS])
        asked = [scene_asked(body) for body in server.requests]
    assert resumed.exit_code == 0, resumed.output
    assert asked == ["s3"]
    assert "planning s3" in resumed.output and "scene 3/4 planned" in resumed.output
    script = load_script(out)
    assert [s for s in dict.fromkeys(e.id.split("-")[0] for e in script.elements)] == [
        "s1", "s2", "s3", "s4"]
    assert not (tmp_path / "drama.json.partial").exists()


def test_resume_without_a_partial_plan_says_so(tmp_path):
    result = runner.invoke(app, ["plan", "--resume", str(tmp_path / "drama.json")])
    assert result.exit_code == 1
    assert "nothing to resume" in result.output


def test_plan_needs_a_prompt_or_resume(tmp_path):
    assert "give a prompt" in runner.invoke(app, ["plan"]).output
    both = runner.invoke(app, ["plan", "x", "--resume", str(tmp_path / "a.json")])
    assert both.exit_code == 1 and "not both" in both.output


def test_resume_refuses_the_offline_planner(tmp_path):
    """Without the LLM the plan was started with, the offline planner would rewrite the
    scenes that worked: refused, and the partial plan is kept."""
    from test_longform_parallel import routed

    from wavjourney.exceptions import ScenesIncomplete
    from wavjourney.planner.partial_plan import partial_path, save_partial
    from wavjourney.planner.scene_writer import plan_long_llm

    with pytest.raises(ScenesIncomplete) as caught:
        plan_long_llm("a long drama", routed(2, s2=["no"] * 3), duration_s=600)
    out = tmp_path / "drama.json"
    save_partial(out, caught.value.partial)
    result = runner.invoke(app, ["plan", "--resume", str(out), *TOOL_ARGS])
    assert result.exit_code == 1 and "needs a chat model" in result.output
    assert partial_path(out).is_file() and not out.exists()


def test_generate_keeps_the_scenes_that_worked_and_says_how_to_go_on(tmp_path):
    bundle = tmp_path / "drama"
    replies = [outline_reply(4), scene_reply(), scene_reply()] + ["no script"] * 3 + [
        scene_reply()]
    with FakeOpenAIServer(replies) as server:
        failed = runner.invoke(app, ["generate", PROMPT, "--out", str(bundle),
                                     *llm_args(server), *TOOL_ARGS])
    assert failed.exit_code == 1
    plan = tmp_path / "drama.plan.json"
    said = " ".join(failed.output.split())
    assert f"wavjourney plan --resume {plan}, then wavjourney render {plan} --out {bundle}" \
        in said
    assert not bundle.exists()  # nothing rendered, and no file in the bundle's place
    partial = json.loads((tmp_path / "drama.plan.json.partial").read_text())
    assert sorted(partial["scenes"]) == ["s1", "s2", "s4"]

    with FakeOpenAIServer([scene_reply()]) as server:
        resumed = runner.invoke(app, ["plan", "--resume", str(plan), *llm_args(server),
                                      *TOOL_ARGS])
    assert resumed.exit_code == 0, resumed.output
    rendered = runner.invoke(app, ["render", str(plan), "--out", str(bundle), *TOOL_ARGS,
                                   "--tool", "music=test-noise-music",
                                   "--tool", "sound_effect=test-noise-sfx"])
    assert rendered.exit_code == 0, rendered.output
    assert (bundle / "mix.wav").is_file()
