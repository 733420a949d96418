"""Chat models through LangChain: ``"provider:model"`` specs → `BaseChatModel`.

Providers are optional extras; a missing one fails with the exact install command. Transport
retries are off by default (``max_retries=0``): the planner's own loop re-asks on invalid
output, and a network failure should surface, not be retried blindly.

Example:
    >>> llm = resolve_llm("openai:gpt-4o-mini")                        # doctest: +SKIP
    >>> # a llama.cpp server:
    >>> llm = resolve_llm("qwen2.5", base_url="http://localhost:8080/v1")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib.util
from typing import Any, NamedTuple

from wavjourney.exceptions import ConfigError

# provider → (python module, wavjourney extra or None, pip package)
PROVIDERS: dict[str, tuple[str, str | None, str]] = {
    "openai": ("langchain_openai", "openai", "langchain-openai"),
    "ollama": ("langchain_ollama", "ollama", "langchain-ollama"),
    "anthropic": ("langchain_anthropic", "anthropic", "langchain-anthropic"),
    "groq": ("langchain_groq", None, "langchain-groq"),
    "mistralai": ("langchain_mistralai", None, "langchain-mistralai"),
    "google_genai": ("langchain_google_genai", None, "langchain-google-genai"),
    "deepseek": ("langchain_deepseek", None, "langchain-deepseek"),
}
# Names for OpenAI-compatible local servers → their usual default URL (None: must be given).
OPENAI_COMPATIBLE: dict[str, str | None] = {
    "openai-compatible": None,
    "openai_compatible": None,
    "local": None,
    "llamacpp": "http://localhost:8080/v1",
    "llama.cpp": "http://localhost:8080/v1",
    "vllm": "http://localhost:8000/v1",
    "lmstudio": "http://localhost:1234/v1",
}
PLACEHOLDER_API_KEY = "not-needed"
DEFAULT_MAX_RETRIES = 0
# A server that is down refuses at once; one that is unreachable should not hang the user for
# the clients' default (5 s per try in openai). Replies themselves may take minutes.
CONNECT_TIMEOUT_S = 2.0
DEFAULT_REQUEST_TIMEOUT_S = 600.0
OPENAI_HOSTS = ("api.openai.com",)


class LLMSpec(NamedTuple):
    """A parsed spec. `compatible`: an OpenAI-compatible server other than OpenAI itself."""

    provider: str
    model: str
    base_url: str | None
    compatible: bool = False


def split_spec(spec: str, *, base_url: str | None = None) -> LLMSpec:
    """``"provider:model"`` → `LLMSpec`.

    A bare model name is served by `base_url` when one is given (OpenAI-compatible),
    otherwise its provider is inferred from the name (``gpt-*`` → openai, ``claude*`` →
    anthropic). ``llamacpp:``, ``vllm:``, ``lmstudio:`` and ``local:`` are OpenAI-compatible
    servers.
    """
    spec = spec.strip()
    head, sep, rest = spec.partition(":")
    head_key = head.lower().replace("-", "_")
    if sep and head.lower() in OPENAI_COMPATIBLE:
        url = base_url or OPENAI_COMPATIBLE[head.lower()]
        if not url:
            raise ConfigError(f"{spec!r} names an OpenAI-compatible server: give its URL with "
                              "--base-url (or base_url in the config file)")
        return LLMSpec("openai", _model(rest, spec), url, compatible=True)
    if sep and (head_key in PROVIDERS or _langchain_knows(head_key)):
        return LLMSpec(head_key, _model(rest, spec), base_url)
    if base_url:
        return LLMSpec("openai", spec, base_url, compatible=True)
    lowered = spec.lower()
    if lowered.startswith(("gpt-", "o1", "o3", "o4", "chatgpt")):
        return LLMSpec("openai", spec, None)
    if lowered.startswith("claude"):
        return LLMSpec("anthropic", spec, None)
    raise ConfigError(f"cannot tell the provider of {spec!r}: write provider:model (e.g. "
                      "openai:gpt-4o-mini, ollama:llama3.1, anthropic:claude-3-5-haiku-latest) "
                      "or give --base-url for an OpenAI-compatible server")


def resolve_llm(
    spec: Any,
    *,
    base_url: str | None = None,
    api_key: str | None = None,
    temperature: float | None = None,
    timeout_s: float | None = None,
    max_retries: int = DEFAULT_MAX_RETRIES,
) -> Any:
    """A LangChain chat model from a spec; a model object is returned as is.

    Args:
        spec: a `BaseChatModel` (returned unchanged), or a string (see `split_spec`).
        base_url: server URL (OpenAI-compatible server, Ollama host, proxy).
        api_key: the key; None lets the provider package read its standard variable.
        temperature: sampling temperature (None: the model's default).
        timeout_s: request timeout in seconds (None: the client's default).
        max_retries: transport retries (default 0; the planner re-asks on bad output).

    Raises:
        ConfigError: malformed spec, missing provider package (with the pip command), or
            a client that refuses the settings. Never includes the key.
    """
    if spec is None or not isinstance(spec, str):
        if spec is not None and not hasattr(spec, "invoke"):
            raise ConfigError(f"llm must be a 'provider:model' string or a LangChain chat "
                              f"model, got {type(spec).__name__}")
        return spec
    if not spec.strip():
        raise ConfigError("empty LLM spec; write provider:model, e.g. openai:gpt-4o-mini")
    provider, model, url, compatible = split_spec(spec, base_url=base_url)
    _require(provider)
    if not _installed("langchain"):
        raise ConfigError('LLM planning needs LangChain: pip install "wavjourney[llm]"')
    kwargs: dict[str, Any] = {}
    if url:
        kwargs["base_url"] = url
    if temperature is not None:
        kwargs["temperature"] = temperature
    if provider != "ollama":
        kwargs["max_retries"] = max_retries
        kwargs["timeout"] = _timeout(timeout_s)
        if api_key:
            kwargs["api_key"] = api_key
        elif compatible or (provider == "openai" and url and not is_openai_host(url)):
            # Local servers ignore the key but the OpenAI client will not start without
            # one; a placeholder also keeps a real OPENAI_API_KEY from going to that server.
            kwargs["api_key"] = PLACEHOLDER_API_KEY
    else:
        kwargs["client_kwargs"] = {"timeout": _timeout(timeout_s)}
    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(model, model_provider=provider, **kwargs)
    except ImportError:
        _require(provider, force=True)
        raise  # pragma: no cover  (_require raised)
    except Exception as exc:  # the client's own validation: wrong kwargs, missing key, ...
        raise ConfigError(f"cannot create the {provider} model {model!r}: "
                          f"{redact(str(exc).splitlines()[0] if str(exc) else exc, api_key)}"
                          ) from None


def is_openai_host(url: str) -> bool:
    """Whether `url` is OpenAI's own API (rather than a proxy or a self-hosted server)."""
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").lower() in OPENAI_HOSTS


def check_server(url: str, timeout_s: float = CONNECT_TIMEOUT_S) -> None:
    """Fail fast, naming `url`, when nothing answers there (a TCP connect, no request).

    Called by the entry points before the slow client imports, so a server that is down is
    reported in about a second rather than after the first model call.

    Raises:
        PlanningError: connection refused, unknown host, or no answer within `timeout_s`.
    """
    import socket
    from urllib.parse import urlsplit

    from wavjourney.exceptions import PlanningError

    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = parts.hostname
    if not host:
        raise ConfigError(f"the LLM server URL {url!r} has no host; write e.g. "
                          "http://localhost:8080/v1")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ConfigError(f"the LLM server URL {url!r} has a bad port") from None
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return
    except ConnectionRefusedError:
        reason = "connection refused (is the server running?)"
    except socket.gaierror:
        reason = f"unknown host {host!r}"
    except TimeoutError:
        reason = f"no answer within {timeout_s:g} s"
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
    raise PlanningError(f"cannot reach the LLM server at {url}: {reason}")


def server_url(llm: Any) -> str | None:
    """The URL a LangChain chat model talks to, if it says (for error messages)."""
    for attribute in ("openai_api_base", "base_url", "anthropic_api_url"):
        value = getattr(llm, attribute, None)
        if isinstance(value, str) and value:
            return value
    return None


def _timeout(timeout_s: float | None) -> tuple[float, float, float, float]:
    """The clients' timeout as httpx's (connect, read, write, pool) tuple: `timeout_s` per
    request, but at most CONNECT_TIMEOUT_S to connect. A tuple, not an ``httpx.Timeout``, so
    it suits every httpx flavour the provider packages use."""
    request_s = timeout_s or DEFAULT_REQUEST_TIMEOUT_S
    return (CONNECT_TIMEOUT_S, request_s, request_s, request_s)


def redact(text: object, *secrets: str | None) -> str:
    """`text` with every secret replaced by ``***``."""
    out = str(text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            out = out.replace(secret, "***")
    return out


def message_text(message: Any) -> str:
    """The text of a chat message, whether its content is a string or content blocks."""
    content = getattr(message, "content", message)
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for block in content:
            if isinstance(block, str):
                parts.append(block)
            elif isinstance(block, dict) and block.get("type") in (None, "text"):
                parts.append(str(block.get("text", "")))
        return "".join(parts)
    return "" if content is None else str(content)


def _model(rest: str, spec: str) -> str:
    if not rest.strip():
        raise ConfigError(f"{spec!r} names no model; write provider:model")
    return rest.strip()


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _require(provider: str, *, force: bool = False) -> None:
    module, extra, package = PROVIDERS.get(
        provider, (f"langchain_{provider}", None, f"langchain-{provider.replace('_', '-')}"))
    if force or not _installed(module):
        command = f'pip install "wavjourney[{extra}]"' if extra else f"pip install {package}"
        raise ConfigError(f"the {provider} provider needs the {package} package: {command}")


def _langchain_knows(provider: str) -> bool:
    try:
        from langchain.chat_models.base import _BUILTIN_PROVIDERS
    except ImportError:
        return False
    return provider in _BUILTIN_PROVIDERS
