"""LLM settings: which chat model the planner uses, gathered once at the entry point.

Precedence, highest first: explicit arguments (CLI flags) → ``WAVJOURNEY_LLM`` /
``WAVJOURNEY_BASE_URL`` → the config file → the providers' standard variables
(``OPENAI_BASE_URL``, ``OLLAMA_HOST``, ...). The config file is
``$WAVJOURNEY_CONFIG``, else ``$XDG_CONFIG_HOME/wavjourney/config.toml``, else
``~/.config/wavjourney/config.toml``; its keys::

    llm = "ollama:llama3.1"          # provider:model
    base_url = "http://localhost:11434"
    api_key_env = "MY_PROVIDER_KEY"  # the *name* of the variable holding the key
    temperature = 0.7
    timeout_s = 120

    [tools.musicgen]                 # options of one tool (see `wavjourney tools`)
    model = "/models/musicgen-small"

Nothing here runs at import: `LLMSettings.from_environment` is called by the CLI (or an
app's entry point), and tests pass their own ``environ``. API keys are held as
`pydantic.SecretStr`, so they never show in a repr, a log line or an error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from wavjourney.exceptions import ConfigError

# tomllib is in the standard library from Python 3.11; tomli is the same parser for 3.10.
if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover  (exercised by test_planner_config on a simulated 3.10)
    import tomli as tomllib

CONFIG_ENV = "WAVJOURNEY_CONFIG"
LLM_ENV = "WAVJOURNEY_LLM"
BASE_URL_ENV = "WAVJOURNEY_BASE_URL"

# provider → (variable holding its API key, variable holding its base URL)
PROVIDER_ENV: dict[str, tuple[str | None, str | None]] = {
    "openai": ("OPENAI_API_KEY", "OPENAI_BASE_URL"),
    "anthropic": ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"),
    "ollama": (None, "OLLAMA_HOST"),
    "groq": ("GROQ_API_KEY", None),
    "mistralai": ("MISTRAL_API_KEY", None),
    "google_genai": ("GOOGLE_API_KEY", None),
    "deepseek": ("DEEPSEEK_API_KEY", None),
}


class _ConfigFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    llm: str | None = None
    base_url: str | None = None
    api_key_env: str | None = None
    temperature: float | None = Field(default=None, ge=0, le=2)
    timeout_s: float | None = Field(default=None, gt=0)
    tools: dict[str, dict[str, Any]] = Field(default_factory=dict)


def tool_options_from_config(environ: Mapping[str, str] | None = None,
                             config_path: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """The ``[tools.NAME]`` tables of the config file: tool name -> its options."""
    env = os.environ if environ is None else environ
    return {name: dict(options) for name, options in _read_config(config_path, env).tools.items()}


class LLMSettings(BaseModel):
    """Resolved LLM settings. ``llm`` None means the offline planner.

    Args:
        llm: a ``"provider:model"`` spec, or a bare model name served at `base_url`.
        base_url: server URL (OpenAI-compatible servers, Ollama host, proxies).
        api_key: the key, if one was found; never printed.
        temperature: sampling temperature (None: the model's default).
        timeout_s: per-request timeout in seconds (None: the client's default).
        source: where `llm` came from ("flag", "env", "config" or "none"), for messages.
    """

    model_config = ConfigDict(frozen=True)

    llm: str | None = None
    base_url: str | None = None
    api_key: SecretStr | None = None
    temperature: float | None = None
    timeout_s: float | None = None
    source: str = "none"

    @classmethod
    def from_environment(
        cls,
        *,
        llm: str | None = None,
        base_url: str | None = None,
        environ: Mapping[str, str] | None = None,
        config_path: str | Path | None = None,
    ) -> LLMSettings:
        """Gather settings from flags, the environment and the config file.

        Args:
            llm: the ``--llm`` flag, if given.
            base_url: the ``--base-url`` flag, if given.
            environ: the environment to read (default: ``os.environ``).
            config_path: config file to read (default: see the module docstring).
        """
        env = os.environ if environ is None else environ
        file = _read_config(config_path, env)
        source = "none"
        spec = None
        for value, where in ((llm, "flag"), (env.get(LLM_ENV), "env"), (file.llm, "config")):
            if value and value.strip():
                spec, source = value.strip(), where
                break
        url = base_url or env.get(BASE_URL_ENV) or file.base_url
        provider, compatible = _provider_of(spec, url)
        key_var, url_var = PROVIDER_ENV.get(provider or "", (None, None))
        if compatible:
            # A self-hosted server gets a key only through api_key_env: the standard
            # OPENAI_API_KEY is never sent to another host.
            key_var, url_var = None, None
        if url and provider:
            from wavjourney.planner.llm import is_official_url

            if not is_official_url(provider, url):
                # A URL from a flag, WAVJOURNEY_BASE_URL or the config file is not where the
                # provider's standard key was issued for: only api_key_env may key it.
                key_var = None
        elif not url and url_var and env.get(url_var):
            url = env[url_var]  # the provider's own pair of variables: its key goes with it
            if provider == "ollama" and "://" not in url:
                url = f"http://{url}"  # OLLAMA_HOST is often host:port
        key = None
        if file.api_key_env:
            key = env.get(file.api_key_env)
            if spec and not key:
                raise ConfigError(f"the config file names api_key_env = {file.api_key_env!r}, "
                                  "but that variable is not set")
        elif key_var:
            key = env.get(key_var)
        return cls(llm=spec, base_url=url or None, api_key=SecretStr(key) if key else None,
                   temperature=file.temperature, timeout_s=file.timeout_s, source=source)

    def resolve(self) -> Any:
        """The chat model these settings describe, or None for the offline planner.

        Raises:
            ConfigError: bad spec or missing provider package (with the pip command).
        """
        if not self.llm:
            return None
        from wavjourney.planner.llm import resolve_llm

        return resolve_llm(self.llm, base_url=self.base_url, api_key=self.api_key_value(),
                           temperature=self.temperature, timeout_s=self.timeout_s)

    def check_server(self) -> None:
        """Fail in about a second, naming the URL, if a configured server does not answer.

        Raises:
            PlanningError: nothing listens at `base_url` (see `planner.llm.check_server`).
        """
        if self.llm and self.base_url:
            from wavjourney.planner.llm import check_server

            check_server(self.base_url)

    def api_key_value(self) -> str | None:
        """The key in clear, for handing to the client only."""
        return self.api_key.get_secret_value() if self.api_key else None

    def describe(self) -> str:
        """One line for the user (never includes the key)."""
        if not self.llm:
            return "offline planner (no LLM configured)"
        at = f" at {self.base_url}" if self.base_url else ""
        return f"{self.llm}{at} (from {self.source})"


def default_config_path(environ: Mapping[str, str]) -> Path:
    explicit = environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit)
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "wavjourney" / "config.toml"


def _read_config(path: str | Path | None, environ: Mapping[str, str]) -> _ConfigFile:
    explicit = path is not None or bool(environ.get(CONFIG_ENV))
    path = Path(path) if path is not None else default_config_path(environ)
    if not path.is_file():
        if explicit:
            raise ConfigError(f"config file {path} does not exist")
        return _ConfigFile()
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    try:
        return _ConfigFile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"config file {path}: {problems}; allowed keys: "
                          f"{', '.join(_ConfigFile.model_fields)}") from None


def _provider_of(spec: str | None, base_url: str | None) -> tuple[str | None, bool]:
    if not spec:
        return None, False
    from wavjourney.planner.llm import split_spec

    try:
        parsed = split_spec(spec, base_url=base_url)
    except ConfigError:
        return None, False
    return parsed.provider, parsed.compatible
