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
import re
import time
from typing import Any, NamedTuple
from urllib.parse import urlsplit

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
# Bounds on one model call, whatever the server does (trickles, stays silent, never ends).
DEFAULT_CALL_DEADLINE_S = 300.0
DEFAULT_MAX_REPLY_BYTES = 4_000_000
# The providers' own API hosts: only these receive a key read from the environment.
OFFICIAL_HOSTS: dict[str, tuple[str, ...]] = {
    "openai": ("api.openai.com",),
    "anthropic": ("api.anthropic.com",),
    "groq": ("api.groq.com",),
    "mistralai": ("api.mistral.ai",),
    "google_genai": ("generativelanguage.googleapis.com",),
    "deepseek": ("api.deepseek.com",),
}
# Things that look like credentials in error text: bearer tokens and common key formats.
_SECRET_PATTERNS = re.compile(
    r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{4,}|\b(sk|pk|gsk|xai|key)-[A-Za-z0-9_-]{6,}"
    r"|\bAIza[A-Za-z0-9_-]{20,}")
# A server that is down refuses at once; one that is unreachable should not hang the user for
# the clients' default (5 s per try in openai). Replies themselves may take minutes.
CONNECT_TIMEOUT_S = 2.0
DEFAULT_REQUEST_TIMEOUT_S = 600.0


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
    env_keys: bool = True,
    deadline_s: float = DEFAULT_CALL_DEADLINE_S,
    max_reply_bytes: int = DEFAULT_MAX_REPLY_BYTES,
) -> Any:
    """A LangChain chat model from a spec; a model object is returned as is.

    Args:
        spec: a `BaseChatModel` (returned unchanged), or a string (see `split_spec`).
        base_url: server URL (OpenAI-compatible server, Ollama host, proxy).
        api_key: the key given for this model and URL (see `request_api_key` for when a
            key from the environment may be used instead).
        temperature: sampling temperature (None: the model's default).
        timeout_s: request timeout in seconds (None: the client's default).
        max_retries: transport retries (default 0; the planner re-asks on bad output).
        env_keys: False for settings typed in by someone other than the operator (a web
            visitor): then no key from the server's environment is ever used.
        deadline_s: the longest one model call may take in all (OpenAI-compatible clients).
        max_reply_bytes: the largest reply body accepted (OpenAI-compatible clients).

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
    provider, model, url, _ = split_spec(spec, base_url=base_url)
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
        kwargs["timeout"] = _timeout(min(timeout_s or deadline_s, deadline_s))
        key = request_api_key(provider, url, api_key, env_keys=env_keys)
        if key is not None:
            kwargs["api_key"] = key
        if provider == "openai":
            kwargs["http_client"] = bounded_http_client(deadline_s, max_reply_bytes)
    else:
        kwargs["client_kwargs"] = {"timeout": _timeout(min(timeout_s or deadline_s, deadline_s))}
    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(model, model_provider=provider, **kwargs)
    except ImportError:
        _require(provider, force=True)
        raise  # pragma: no cover  (_require raised)
    except Exception as exc:  # the client's own validation: wrong kwargs, missing key, ...
        raise ConfigError(f"cannot create the {provider} model {model!r}: "
                          f"{redact(str(exc).splitlines()[0] if str(exc) else exc, api_key)}"[:300]
                          ) from None


def is_official_url(provider: str, url: str | None) -> bool:
    """True when `url` is None (the provider's default) or on the provider's own API host."""
    if not url:
        return True
    parts = urlsplit(url if "://" in url else f"https://{url}")
    return parts.scheme == "https" and (parts.hostname or "") in OFFICIAL_HOSTS.get(provider, ())


def request_api_key(provider: str, url: str | None, api_key: str | None, *,
                    env_keys: bool = True) -> str | None:
    """The one place that decides which key a model request may carry.

    A key given for these settings is used as is. Otherwise the provider package would read
    its standard variable (``OPENAI_API_KEY``, ...) from the environment; that is allowed
    only for the provider's own API host and only when `env_keys` is true. Any other case
    gets a placeholder, so the environment's key never reaches a URL someone typed in.

    Returns:
        the key to pass to the client, or None to let it read its standard variable.
    """
    if api_key:
        return api_key
    if env_keys and is_official_url(provider, url):
        return None
    return PLACEHOLDER_API_KEY


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
    """`text` with every secret, and anything shaped like a key or bearer token, replaced by
    ``***``. Every error from a model call passes through here before anyone sees it."""
    out = str(text)
    for secret in secrets:
        if secret and len(secret) >= 4:
            out = out.replace(secret, "***")
    return _SECRET_PATTERNS.sub(lambda m: (m.group(1) or "") + "***", out)


def secrets_of(llm: Any) -> list[str]:
    """The keys a LangChain chat model holds (for redaction)."""
    found = []
    for name in ("openai_api_key", "anthropic_api_key", "api_key", "groq_api_key",
                 "mistral_api_key", "google_api_key"):
        value = getattr(llm, name, None)
        if value is not None and hasattr(value, "get_secret_value"):
            value = value.get_secret_value()
        if isinstance(value, str) and value and value != PLACEHOLDER_API_KEY:
            found.append(value)
    return found


class ReplyTooLarge(Exception):
    """The model server sent more than the reply cap, or took longer than the deadline."""


def bounded_http_client(deadline_s: float, max_reply_bytes: int) -> Any:
    """An httpx client whose every request ends within `deadline_s` in all (a trickling
    server cannot stretch it) and whose response bodies stop at `max_reply_bytes`."""
    import httpx

    class _BoundedStream(httpx.SyncByteStream):
        def __init__(self, inner: Any, started: float):
            self.inner, self.started = inner, started

        def __iter__(self):
            total = 0
            for chunk in self.inner:
                total += len(chunk)
                if total > max_reply_bytes:
                    raise ReplyTooLarge(f"the model server's reply passed {max_reply_bytes} "
                                        "bytes; stopped reading")
                if time.monotonic() - self.started > deadline_s:
                    raise ReplyTooLarge(f"the model call took longer than {deadline_s:.0f} s")
                yield chunk

        def close(self) -> None:
            self.inner.close()

    class _BoundedTransport(httpx.HTTPTransport):
        def handle_request(self, request: Any) -> Any:
            started = time.monotonic()
            response = super().handle_request(request)
            response.stream = _BoundedStream(response.stream, started)
            return response

    return httpx.Client(transport=_BoundedTransport(),
                        timeout=httpx.Timeout(deadline_s, connect=min(deadline_s,
                                                                      CONNECT_TIMEOUT_S)))


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
