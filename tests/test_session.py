"""Dialogue sessions: versions, diffs, undo / redo, save / load, incremental re-render."""

import json

import pytest
from fakes import FakeChatModel, FakeStudio, good_reply

from wavjourney.exceptions import PlanningError, WavJourneyError
from wavjourney.script import dump_script, parse_script
from wavjourney.session import Session, diff_scripts

PROMPT = "A couple dating in a rainy cafe"
TEST_TOOLS = {"speech": "test-tone-speech", "music": "test-noise-music",
              "sound_effect": "test-noise-sfx"}


def reply_from(script, change):
    """The model's reply: the current script as JSON with one change applied."""
    data = json.loads(dump_script(script))
    change(data)
    return data


def test_three_turn_session_holds_four_versions_and_undo_is_exact():
    session = Session(FakeStudio())
    session.start(PROMPT)
    v1 = session.script
    r2 = session.edit("add thunder")
    r3 = session.edit("make the music quieter")
    r4 = session.edit("remove the cafe")
    assert len(session.versions) == 4 and session.version == 4
    assert [r.version for r in (r2, r3, r4)] == [2, 3, 4]
    assert "+ sound_effect-" in str(r2.diff) and "thunder" in str(r2.diff)
    assert "~ music-1.target_lufs: -28 → -34" in str(r3.diff)
    assert str(r4.diff).startswith("- sound_effect-")

    assert session.undo() == r3.script
    assert session.undo() == r2.script
    assert session.undo() is v1 and session.script == v1
    with pytest.raises(WavJourneyError, match="nothing to undo"):
        session.undo()
    assert session.redo() == r2.script and session.version == 2
    # A new edit after undo discards the undone versions, as in an editor.
    session.edit("make the music louder")
    assert session.version == 3 and len(session.versions) == 3
    with pytest.raises(WavJourneyError, match="nothing to redo"):
        session.redo()


def test_llm_edits_carry_the_session_history():
    llm = FakeChatModel(replies=[good_reply()])
    session = Session(FakeStudio(llm=llm))
    plan = session.start(PROMPT)
    assert plan.planner == "llm" and llm.calls == 1
    louder = reply_from(session.script, lambda d: d["elements"][4].update(target_lufs=-22))
    rain = reply_from(session.script, lambda d: d["elements"][3].update(target_lufs=-26))
    llm.replies += [louder, rain]
    first = session.edit("make the music louder")
    assert str(first.diff) == "~ jazz.target_lufs: -28 → -22"
    session.edit("and the rain too")
    assert "- make the music louder" in llm.request_text(2)
    assert len(session.versions) == 3


def test_a_failed_edit_leaves_the_session_unchanged():
    llm = FakeChatModel(replies=[good_reply()] + ["no json here"] * 3)
    session = Session(FakeStudio(llm=llm))
    session.start(PROMPT)
    with pytest.raises(PlanningError):
        session.edit("do something")
    assert session.version == 1 and len(session.versions) == 1
    assert session.conversation[-1]["kind"] == "error"


def test_start_from_a_script_and_offline_edits_that_need_an_llm():
    script = parse_script({k: v for k, v in good_reply().items() if k != "casting"})
    session = Session(FakeStudio(), script=script)
    assert session.version == 1 and session.script == script
    with pytest.raises(PlanningError, match="LLM"):
        session.edit("rewrite it as a musical")
    with pytest.raises(WavJourneyError, match="already has a script"):
        session.start(PROMPT)


def test_save_and_load_round_trip_without_secrets(tmp_path):
    studio = FakeStudio()
    studio.api_key = "sk-secret-should-not-be-saved"
    session = Session(studio, directory=tmp_path / "s")
    session.start(PROMPT)
    session.edit("add thunder")
    session.edit("make the music quieter")
    session.undo()
    files = sorted(p.relative_to(tmp_path / "s").as_posix()
                   for p in (tmp_path / "s").rglob("*") if p.is_file())
    assert files == ["session.json", "versions/v001.json", "versions/v002.json",
                     "versions/v003.json"]
    for path in (tmp_path / "s").rglob("*.json"):
        assert "sk-secret" not in path.read_text()

    loaded = Session.load(tmp_path / "s", FakeStudio())
    assert loaded.version == 2 and loaded.versions == session.versions
    assert loaded.conversation == session.conversation
    assert loaded.history == ["add thunder"]
    assert loaded.redo() == session.versions[2]
    copy = loaded.save(tmp_path / "copy")
    assert json.loads((copy / "session.json").read_text())["current_version"] == 3


def test_load_rejects_other_folders(tmp_path):
    with pytest.raises(WavJourneyError, match="cannot read a session"):
        Session.load(tmp_path, FakeStudio())


def test_render_goes_through_the_studio_into_the_session_folder(tmp_path):
    studio = FakeStudio()
    session = Session(studio, directory=tmp_path)
    session.start(PROMPT)
    session.render()
    session.edit("add thunder")
    session.render(tmp_path / "elsewhere")
    assert [out for _, out in studio.rendered] == [tmp_path / "renders" / "v001",
                                                   tmp_path / "elsewhere"]
    assert studio.rendered[1][0] == session.script
    state = json.loads((tmp_path / "session.json").read_text())
    assert state["versions"][0]["render_dir"] == str(tmp_path / "renders" / "v001")


def test_diff_reports_fields_additions_removals_and_moves():
    base = {k: v for k, v in good_reply().items() if k != "casting"}
    old = parse_script(base)
    new_data = json.loads(dump_script(old))
    new_data["elements"][0], new_data["elements"][1] = (new_data["elements"][1],
                                                        new_data["elements"][0])
    new_data["elements"][4]["target_lufs"] = -34
    new_data["elements"][2]["text"] = "It is. Sit down."
    del new_data["elements"][3]
    new_data["elements"].append({"type": "sound_effect", "id": "thunder",
                                 "description": "thunder", "duration_s": 2})
    new_data["title"] = "Rainy night"
    diff = diff_scripts(old, parse_script(new_data))
    lines = str(diff).splitlines()
    assert '~ script.title: "Rainy cafe" → "Rainy night"' in lines
    assert "~ jazz.target_lufs: -28 → -34" in lines
    assert '~ anna-1.text: "It is. Please sit." → "It is. Sit down."' in lines
    assert "+ thunder (thunder)" in lines
    assert "- rain (steady rain on a window)" in lines
    assert any(line.startswith("~ intro moved") or line.startswith("~ tom-1 moved")
               for line in lines)
    assert set(diff.changed_ids) >= {"jazz", "anna-1", "thunder", "rain"}
    assert not diff_scripts(old, old) and str(diff_scripts(old, old)) == "(no changes)"


# With the real engine ------------------------------------------------------------------------
@pytest.fixture
def real_studio(tmp_path):
    pytest.importorskip("wavjourney.render")
    from wavjourney.api import Studio

    return lambda llm=None: Studio(llm=llm, cache_dir=tmp_path / "cache",
                                   tool_preferences=dict(TEST_TOOLS))


def test_rerendering_after_a_one_line_edit_regenerates_one_clip(real_studio, tmp_path):
    llm = FakeChatModel(replies=[good_reply()])
    session = Session(real_studio(llm), directory=tmp_path / "session")
    session.start(PROMPT)
    first = session.render()
    assert first.generated_count == len(session.script.elements)
    llm.replies.append(reply_from(session.script, lambda d: d["elements"][1].update(
        text="Excuse me, is this seat free?")))
    result = session.edit("make Tom more polite")
    assert str(result.diff).startswith("~ tom-1.text:")
    second = session.render()
    assert second.generated_count == 1
    assert [e["id"] for e in second.timeline if not e["cached"]] == ["tom-1"]
    assert (tmp_path / "session" / "renders" / "v002" / "mix.wav").is_file()
    # Undo brings back the first version; its clips are all cached.
    session.undo()
    assert session.render().generated_count == 0


def test_offline_session_with_the_real_engine(real_studio):
    session = Session(real_studio())
    session.start(PROMPT)
    assert session.render().generated_count == len(session.script.elements)
    session.edit("add thunder and make the music quieter")
    again = session.render()
    assert again.generated_count == 1  # only the new thunder clip


def test_commit_stores_a_hand_made_change_as_a_version(studio):
    from wavjourney.script import parse_script
    from wavjourney.session import Session

    first = parse_script({"characters": [{"name": "A"}], "elements": [
        {"type": "speech", "id": "one", "character": "A", "text": "Hello."}]})
    session = Session(studio, script=first)
    changed = first.model_copy(deep=True)
    changed.elements[0].text = "Hello again."
    result = session.commit(changed, "retyped a line")
    assert session.version == result.version == 2
    assert "one" in str(result.diff) and result.plan is None
    assert session.undo() == first
