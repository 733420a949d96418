"""LLM settings and model resolution: specs, extras, precedence, and keys kept secret."""

import logging

import pytest
from fakes import FakeChatModel

from wavjourney.exceptions import ConfigError
from wavjourney.planner.config import LLMSettings
from wavjourney.planner.llm import PLACEHOLDER_API_KEY, redact, resolve_llm, split_spec

KEY = "sk-test-DO-NOT-LEAK-1234567890"


@pytest.mark.parametrize("spec, base_url, expected", [
    ("openai:gpt-4o-mini", None, ("openai", "gpt-4o-mini", None, False)),
    ("ollama:llama3.1:8b", None, ("ollama", "llama3.1:8b", None, False)),
    ("anthropic:claude-3-5-haiku-latest", None,
     ("anthropic", "claude-3-5-haiku-latest", None, False)),
    ("gpt-4o-mini", None, ("openai", "gpt-4o-mini", None, False)),
    ("claude-3-opus", None, ("anthropic", "claude-3-opus", None, False)),
    ("qwen2.5-7b", "http://127.0.0.1:8080/v1",
     ("openai", "qwen2.5-7b", "http://127.0.0.1:8080/v1", True)),
    ("llamacpp:qwen", None, ("openai", "qwen", "http://localhost:8080/v1", True)),
    ("vllm:meta/llama", None, ("openai", "meta/llama", "http://localhost:8000/v1", True)),
    ("lmstudio:phi", None, ("openai", "phi", "http://localhost:1234/v1", True)),
])
def test_split_spec(spec, base_url, expected):
    assert tuple(split_spec(spec, base_url=base_url)) == expected


@pytest.mark.parametrize("spec, message", [
    ("mystery-model", "cannot tell the provider of 'mystery-model'"),
    ("openai:", "names no model"),
    ("local:qwen", "give its URL with --base-url"),
    ("", "empty LLM spec"),
])
def test_bad_specs_are_config_errors(spec, message):
    with pytest.raises(ConfigError, match=message):
        resolve_llm(spec)


@pytest.mark.parametrize("spec, command", [
    ("ollama:llama3.1", 'pip install "wavjourney[ollama]"'),
    ("anthropic:claude-3-5-haiku-latest", 'pip install "wavjourney[anthropic]"'),
])
def test_a_missing_provider_package_names_the_exact_extra(spec, command):
    pytest.importorskip("langchain")
    import importlib.util

    module = "langchain_ollama" if spec.startswith("ollama") else "langchain_anthropic"
    if importlib.util.find_spec(module) is not None:
        pytest.skip(f"{module} is installed here")
    with pytest.raises(ConfigError) as info:
        resolve_llm(spec, api_key=KEY)
    assert command in str(info.value)
    assert KEY not in str(info.value)


def test_a_model_object_is_returned_as_is():
    llm = FakeChatModel()
    assert resolve_llm(llm) is llm
    assert resolve_llm(None) is None


def test_openai_constructs_without_network_and_with_no_transport_retries():
    llm = resolve_llm("openai:gpt-4o-mini", api_key=KEY, base_url="http://127.0.0.1:9/v1")
    assert llm.max_retries == 0
    assert llm.openai_api_base == "http://127.0.0.1:9/v1"
    assert KEY not in repr(llm) and KEY not in str(llm)


def test_a_self_hosted_server_gets_a_placeholder_key_not_the_openai_one(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    llm = resolve_llm("qwen2.5", base_url="http://127.0.0.1:9/v1")
    assert llm.openai_api_key.get_secret_value() == PLACEHOLDER_API_KEY
    settings = LLMSettings.from_environment(llm="qwen2.5", base_url="http://127.0.0.1:9/v1")
    assert settings.api_key is None


def test_client_errors_are_config_errors_with_the_key_redacted(monkeypatch):
    import langchain.chat_models

    def boom(model, **kwargs):
        raise ValueError(f"invalid api key {kwargs['api_key']} for {model}")

    monkeypatch.setattr(langchain.chat_models, "init_chat_model", boom)
    with pytest.raises(ConfigError) as info:
        resolve_llm("openai:gpt-4o-mini", api_key=KEY)
    assert KEY not in str(info.value) and "***" in str(info.value)


def test_redact():
    assert redact(f"key={KEY}!", KEY) == "key=***!"
    assert redact("nothing", None, "") == "nothing"


# Settings ------------------------------------------------------------------------------------
def write_config(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_nothing_configured_means_the_offline_planner():
    settings = LLMSettings.from_environment(environ={})
    assert settings.llm is None and settings.resolve() is None
    assert "offline planner" in settings.describe()


def test_precedence_flag_then_env_then_config(tmp_path):
    config = write_config(tmp_path, 'llm = "ollama:from-config"\nbase_url = "http://c"\n')
    env = {"WAVJOURNEY_CONFIG": str(config), "WAVJOURNEY_LLM": "ollama:from-env"}
    assert LLMSettings.from_environment(environ=env, llm="ollama:flag").llm == "ollama:flag"
    assert LLMSettings.from_environment(environ=env).llm == "ollama:from-env"
    del env["WAVJOURNEY_LLM"]
    settings = LLMSettings.from_environment(environ=env)
    assert (settings.llm, settings.base_url, settings.source) == ("ollama:from-config",
                                                                   "http://c", "config")


def test_the_default_config_path_follows_xdg(tmp_path):
    (tmp_path / "wavjourney").mkdir()
    write_config(tmp_path / "wavjourney", 'llm = "openai:gpt-4o-mini"\ntemperature = 0.2\n')
    settings = LLMSettings.from_environment(environ={"XDG_CONFIG_HOME": str(tmp_path)})
    assert settings.llm == "openai:gpt-4o-mini" and settings.temperature == 0.2


def test_environment_is_read_only_when_asked(monkeypatch):
    monkeypatch.setenv("WAVJOURNEY_LLM", "openai:gpt-4o-mini")
    assert LLMSettings.from_environment(environ={}).llm is None
    assert LLMSettings.from_environment().llm == "openai:gpt-4o-mini"


def test_provider_variables_are_honoured():
    env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": "http://proxy/v1"}
    settings = LLMSettings.from_environment(llm="openai:gpt-4o-mini", environ=env)
    assert settings.api_key_value() == KEY and settings.base_url == "http://proxy/v1"
    ollama = LLMSettings.from_environment(llm="ollama:llama3.1",
                                          environ={"OLLAMA_HOST": "127.0.0.1:11434"})
    assert ollama.base_url == "http://127.0.0.1:11434" and ollama.api_key is None


def test_api_key_env_names_the_variable(tmp_path):
    config = write_config(tmp_path, 'llm = "openai:m"\napi_key_env = "MY_KEY"\n')
    env = {"WAVJOURNEY_CONFIG": str(config), "MY_KEY": KEY, "OPENAI_API_KEY": "other"}
    assert LLMSettings.from_environment(environ=env).api_key_value() == KEY
    del env["MY_KEY"]
    with pytest.raises(ConfigError, match="MY_KEY"):
        LLMSettings.from_environment(environ=env)


@pytest.mark.parametrize("text, message", [
    ('llm = "x"\nmodel = "y"\n', "allowed keys: llm, base_url"),
    ('llm = "unterminated\n', "cannot read config file"),
    ("temperature = 9\n", "temperature"),
])
def test_bad_config_files_are_config_errors(tmp_path, text, message):
    config = write_config(tmp_path, text)
    with pytest.raises(ConfigError, match=message):
        LLMSettings.from_environment(environ={"WAVJOURNEY_CONFIG": str(config)})


def test_an_explicit_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        LLMSettings.from_environment(environ={"WAVJOURNEY_CONFIG": str(tmp_path / "no.toml")})


def test_the_key_never_shows_in_reprs_dumps_or_logs(caplog):
    caplog.set_level(logging.DEBUG)
    settings = LLMSettings.from_environment(llm="openai:gpt-4o-mini",
                                            environ={"OPENAI_API_KEY": KEY})
    llm = settings.resolve()
    logging.getLogger("wavjourney.planner").debug("settings: %r, model: %r", settings, llm)
    for text in (repr(settings), str(settings), settings.model_dump_json(), settings.describe(),
                 repr(llm), caplog.text):
        assert KEY not in text
    assert llm.openai_api_key.get_secret_value() == KEY  # it does reach the client


def test_config_files_are_read_on_python_3_10_through_tomli(monkeypatch, tmp_path):
    """On 3.10 (no tomllib) the config module falls back to tomli; simulated here by hiding
    tomllib, claiming 3.10 and loading a fresh copy of the module."""
    import importlib.util
    import sys
    import types

    import tomllib

    tomli = types.ModuleType("tomli")
    tomli.loads = tomllib.loads
    tomli.TOMLDecodeError = tomllib.TOMLDecodeError
    monkeypatch.setitem(sys.modules, "tomli", tomli)
    monkeypatch.setitem(sys.modules, "tomllib", None)  # `import tomllib` now fails
    monkeypatch.setattr(sys, "version_info", (3, 10, 14, "final", 0))
    import wavjourney.planner.config as current

    spec = importlib.util.spec_from_file_location("config_on_310", current.__file__)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "config_on_310", module)  # pydantic looks it up
    spec.loader.exec_module(module)
    assert module.tomllib is tomli
    path = tmp_path / "config.toml"
    path.write_text('llm = "ollama:llama3.1"\n')
    settings = module.LLMSettings.from_environment(environ={}, config_path=path)
    assert settings.llm == "ollama:llama3.1"
    path.write_text("llm = [unclosed")
    with pytest.raises(ConfigError, match="cannot read config file"):
        module.LLMSettings.from_environment(environ={}, config_path=path)
