"""Runs op graphs: ready nodes in parallel, a content-addressed clip cache, progress events."""

from wavjourney.engine.cache import ClipCache
from wavjourney.engine.events import ProgressEvent
from wavjourney.engine.executor import Executor, LocalExecutor

__all__ = ["ClipCache", "Executor", "LocalExecutor", "ProgressEvent"]
