"""Run the engine's tasks on a Ray cluster (extra ``wavjourney[ray]``).

Generation is what scales out:
- a tool that holds a model (its card declares `memory_bytes`, or it runs on CUDA) gets one
  Ray actor per configured tool and device; the actor loads the model once, through its own
  process's `ModelPool`, and serves every batch of the render (and of later renders of the
  same engine). On CUDA the actor asks Ray for a share of a GPU;
- a cheap CPU tool runs as plain Ray tasks, so many run at once across the cluster.

Clips come back through Ray's object store (a task's result), and the clip cache stays the
content-addressed folder every worker reads and writes: on one machine that is simply the
engine's cache folder; on several machines it must be a shared path (NFS or similar).

DSP nodes run on the driver by default, in a thread pool: their inputs, the clips, are
already there, and a render's DSP is light next to generation. ``dsp="cluster"`` ships them
as Ray tasks instead (Export nodes always run on the driver, which owns the staging folder).

Faults: Ray retries a generate task whose worker died (`max_retries`; a dead actor is
restarted, `max_restarts`) and one that failed with a retryable `ToolError`
(`retry_exceptions`). Cancelling a render cancels the outstanding remote work
(`ray.cancel`): a queued task never starts, a running plain task is interrupted, and a
running actor task sees the cancellation through its `Control`.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from wavjourney.compiler import graph as g
from wavjourney.engine.executor import Executor
from wavjourney.engine.generate import GenerateTask, run_generate
from wavjourney.engine.ops import evaluate
from wavjourney.exceptions import ConfigError, RenderCancelled, ToolError
from wavjourney.tools.base import Control

try:
    import ray
    import ray.exceptions
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ConfigError("the ray executor needs Ray: pip install 'wavjourney[ray]'") from exc

#: ``address`` that starts a new local cluster sized to this machine (Ray's own spelling).
LOCAL_CLUSTER = "local"
#: how often a render's cancellation is checked for outstanding remote work
CANCEL_POLL_S = 0.1
#: seconds a cancelled plain task may take to stop before its worker is killed
CANCEL_FORCE_AFTER_S = 5.0
#: retries of a generate task after a worker death or a retryable tool error
DEFAULT_MAX_RETRIES = 3
#: restarts of a model-holding actor that died
DEFAULT_MAX_RESTARTS = 3
#: seconds a stopped cluster's processes get to exit before being told to (then made to)
SHUTDOWN_GRACE_S = 2.0
#: the share of one GPU a model actor asks for: several models (speech, music, effects) may
#: share a GPU, each process within its own model pool's memory budget
DEFAULT_GPUS_PER_ACTOR = 0.25
#: ray.init options used unless `init_options` says otherwise (no dashboard: it costs
#: start-up time and memory and opens a port)
DEFAULT_INIT_OPTIONS: dict[str, Any] = {"include_dashboard": False,
                                        "configure_logging": False,
                                        "log_to_driver": False}


class RetryableToolError(ToolError):
    """A retryable `ToolError` as raised inside a Ray worker: the one exception type Ray is
    told to retry (`retry_exceptions`)."""

    def __reduce__(self):
        return (_rebuild_retryable, (self.message, self.tool, self.element))


def _rebuild_retryable(message: str, tool: str, element: str | None) -> RetryableToolError:
    return RetryableToolError(message, tool=tool, element=element, retryable=True)


def _run_remote_generate(task: GenerateTask, control: Control) -> list[Any]:
    """`run_generate` inside a worker, with retryable failures marked for Ray."""
    try:
        return run_generate(task, control)
    except ToolError as exc:
        if exc.retryable and not isinstance(exc, RetryableToolError):
            raise RetryableToolError(exc.message, tool=exc.tool, element=exc.element,
                                     retryable=True) from exc
        raise


def _cancelled_in_ray() -> bool:
    # `is_canceled` arrived in Ray 2.5x; before it, a running actor task is not interrupted
    # (it finishes), and a plain task still gets KeyboardInterrupt.
    is_canceled = getattr(ray.get_runtime_context(), "is_canceled", None)
    return bool(is_canceled and is_canceled())


@ray.remote
def _generate_task(task: GenerateTask) -> list[Any]:
    # A plain task is interrupted by ray.cancel (KeyboardInterrupt); the flag covers a tool
    # that checks its Control between steps.
    return _run_remote_generate(task, Control(is_cancelled=_cancelled_in_ray))


@ray.remote
def _evaluate_task(op: g.Op, inputs: dict[str, Any], settings: Any) -> Any:
    return evaluate(op, inputs, settings)


@ray.remote
class ToolWorker:
    """One tool's model, loaded once in this actor's process, serving generate tasks."""

    def generate(self, task: GenerateTask) -> list[Any]:
        return _run_remote_generate(task, Control(is_cancelled=_cancelled_in_ray))


class RayExecutor(Executor):
    """Runs generate tasks (and optionally DSP nodes) on a Ray cluster.

    Args:
        address: the cluster: ``"local"`` starts a new one on this machine (sized to it),
            ``"auto"`` joins the one running here, ``"HOST:PORT"`` or ``"ray://HOST:PORT"``
            joins a remote one. Default: ``$RAY_ADDRESS`` when set, else ``"local"``.
        max_workers: DSP threads on the driver (generation concurrency is the engine's
            per-tool limit and the cluster's CPUs and GPUs).
        init_options: extra `ray.init` keyword arguments (``num_cpus``,
            ``object_store_memory``, ``runtime_env``, ...), over `DEFAULT_INIT_OPTIONS`.
        max_retries: Ray retries of a generate task (worker died, retryable tool error).
        max_restarts: restarts of a model actor that died.
        gpus_per_actor: share of a GPU a model actor on CUDA requests.
        dsp: ``"driver"`` (threads here, default) or ``"cluster"`` (Ray tasks).

    Ray starts on first use (a local cluster takes a few seconds); `close` shuts down a
    cluster this executor started, or just disconnects from one it joined. When Ray is
    already initialised in this process, that connection is used and left open.
    """

    def __init__(self, address: str | None = None, max_workers: int = 2, *,
                 init_options: dict[str, Any] | None = None,
                 max_retries: int = DEFAULT_MAX_RETRIES,
                 max_restarts: int = DEFAULT_MAX_RESTARTS,
                 gpus_per_actor: float = DEFAULT_GPUS_PER_ACTOR, dsp: str = "driver"):
        super().__init__(max_workers)
        if dsp not in ("driver", "cluster"):
            raise ConfigError(f"dsp must be 'driver' or 'cluster'; got {dsp!r}")
        self.address = address or os.environ.get("RAY_ADDRESS") or LOCAL_CLUSTER
        self.init_options = {**DEFAULT_INIT_OPTIONS, **(init_options or {})}
        self.max_retries = max_retries
        self.max_restarts = max_restarts
        self.gpus_per_actor = gpus_per_actor
        self.dsp = dsp
        self.start_s: float | None = None  # seconds ray.init took, once started
        self._lock = threading.RLock()  # connection, actors, DSP threads
        # Guards only `_watched`: Ray's callback threads take it, so it is never held while
        # calling into Ray (ray.shutdown waits for those threads).
        self._watch_lock = threading.Lock()
        self._connected = False
        self._owns_connection = False
        self._actors: dict[tuple[str, str], Any] = {}
        self._threads: ThreadPoolExecutor | None = None
        # ObjectRef -> (the render's control, whether it is a plain task)
        self._watched: dict[Any, tuple[Control, bool]] = {}
        self._watcher: threading.Thread | None = None
        self._closed = threading.Event()

    # Connection ----------------------------------------------------------------------------
    def start(self) -> None:
        """Start or join the cluster now (otherwise the first task does). Call it from the
        main thread where possible: Ray installs its signal handlers only there."""
        with self._lock:
            self._connect()

    def _connect(self) -> None:
        if self._connected:
            return
        if not ray.is_initialized():
            started = time.perf_counter()
            ray.init(address=self.address, **self.init_options)
            self.start_s = time.perf_counter() - started
            self._owns_connection = True
        self._connected = True
        self._closed.clear()
        self._watcher = threading.Thread(target=self._watch_cancellation, daemon=True,
                                         name="wavjourney-ray-cancel")
        self._watcher.start()

    def close(self) -> None:
        with self._lock:
            if self._threads is not None:
                self._threads.shutdown(wait=True, cancel_futures=True)
                self._threads = None
            if not self._connected:
                return
            self._closed.set()
            for actor in self._actors.values():
                ray.kill(actor)
            self._actors.clear()
            with self._watch_lock:
                self._watched.clear()
            leftovers: set[int] = set()
            if self._owns_connection:
                leftovers = _local_cluster_pids()
                ray.shutdown()  # stops a cluster ray.init started; leaves a joined one running
            self._connected = self._owns_connection = False
        _stop_leftovers(leftovers)
        if self._watcher is not None:
            self._watcher.join()
            self._watcher = None

    # Generation ----------------------------------------------------------------------------
    def submit_generate(self, task: GenerateTask, control: Control) -> Future:
        with self._lock:
            self._connect()
            options = {"max_retries": self.max_retries,
                       "retry_exceptions": [RetryableToolError]}
            if _holds_model(task):
                actor = self._actor_for(task)
                ref = actor.generate.options(**{"max_task_retries": self.max_retries,
                                                "retry_exceptions": [RetryableToolError]}
                                             ).remote(task)
            else:
                ref = _generate_task.options(**options).remote(task)
        with self._watch_lock:
            self._watched[ref] = (control, not _holds_model(task))
        return self._future(ref, task.spec.name)

    def _actor_for(self, task: GenerateTask) -> Any:
        key = (task.spec.key, task.tool_device)
        actor = self._actors.get(key)
        if actor is None:
            info = task.spec.info
            # Scheduled by what a model needs (a GPU share, or host memory), not by a CPU:
            # an idle actor holding a CPU would starve the plain tasks of a small machine.
            options: dict[str, Any] = {
                "max_restarts": self.max_restarts, "max_task_retries": self.max_retries,
                "max_concurrency": max(1, info.max_concurrency), "num_cpus": 0}
            if task.tool_device.startswith("cuda"):
                options["num_gpus"] = self.gpus_per_actor
            elif info.memory_bytes > 0:
                options["memory"] = info.memory_bytes
            # mypy ignores class decorators (python/mypy#3135): ray.remote made ToolWorker an
            # ActorClass, which has options().
            worker = ToolWorker.options(**options)  # type: ignore[attr-defined]
            actor = self._actors[key] = worker.remote()
        return actor

    # DSP -----------------------------------------------------------------------------------
    def submit_evaluate(self, op, inputs, settings) -> Future:
        with self._lock:
            if self.dsp == "cluster" and not isinstance(op, g.Export):
                self._connect()
                return self._future(_evaluate_task.remote(op, inputs, settings), None)
            if self._threads is None:
                self._threads = ThreadPoolExecutor(self.max_workers,
                                                   thread_name_prefix="wavjourney-dsp")
            return self._threads.submit(evaluate, op, inputs, settings)

    # Results and cancellation --------------------------------------------------------------
    def _future(self, ref: Any, tool: str | None) -> Future:
        """A future that holds the task's result, or the error the engine understands."""
        out: Future = Future()

        def done(ray_future: Future) -> None:
            with self._watch_lock:
                self._watched.pop(ref, None)
            try:
                out.set_result(ray_future.result())
            except BaseException as exc:  # noqa: BLE001 - translated for the engine
                out.set_exception(_engine_error(exc, tool))

        ref.future().add_done_callback(done)
        return out

    def _watch_cancellation(self) -> None:
        # A Control cannot cross into a worker, so the driver watches it and cancels there:
        # first gently (a plain task gets KeyboardInterrupt at its next Python step, an actor
        # task sees its Control cancelled); a plain task still running after
        # CANCEL_FORCE_AFTER_S (stuck in native code) has its worker killed.
        asked: dict[Any, float] = {}  # plain-task ref -> when it was asked to stop
        while not self._closed.wait(CANCEL_POLL_S):
            now = time.monotonic()
            with self._watch_lock:
                gentle = [ref for ref, (control, _) in self._watched.items()
                          if control.cancelled and ref not in asked]
                for ref in gentle:
                    if self._watched[ref][1]:
                        asked[ref] = now
                    else:
                        del self._watched[ref]  # an actor task cannot be forced
                forced = [ref for ref, when in asked.items()
                          if now - when > CANCEL_FORCE_AFTER_S and ref in self._watched]
                for ref in [*forced, *(r for r in asked if r not in self._watched)]:
                    asked.pop(ref, None)
                    self._watched.pop(ref, None)
            for ref, force in [(r, False) for r in gentle] + [(r, True) for r in forced]:
                try:
                    ray.cancel(ref, force=force)
                except Exception:  # noqa: BLE001 - the task may have finished meanwhile
                    pass


def _local_cluster_pids() -> set[int]:
    """The processes of the cluster this process started (none when it joined one): what
    Ray started directly, and everything those started (workers, agents)."""
    node = getattr(ray._private.worker, "_global_node", None)
    if node is None or not getattr(node, "head", False):
        return set()
    roots = {info.process.pid for infos in node.all_processes.values() for info in infos
             if info.process is not None}
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if entry.isdigit():
            parent = _parent_pid(int(entry))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry))
    found, todo = set(), list(roots)
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo += children.get(pid, [])
    return found


def _parent_pid(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            # the command name may hold spaces: the fields after its closing bracket are fixed
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except (OSError, IndexError):
        return False


def _stop_leftovers(pids: set[int]) -> None:
    """Wait for the processes of a stopped cluster to exit; end the stragglers. Ray's node
    agents notice their raylet died only after a while (a minute on a busy machine)."""
    for sig in (signal.SIGTERM, signal.SIGKILL, None):
        deadline = time.monotonic() + SHUTDOWN_GRACE_S
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        pids = {p for p in pids if _alive(p)}
        if not pids:
            return
        if sig is not None:
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass


def _holds_model(task: GenerateTask) -> bool:
    """Whether a tool is worth an actor: it loads a model, or it runs on a GPU."""
    return task.spec.info.memory_bytes > 0 or task.tool_device.startswith("cuda")


def _engine_error(exc: BaseException, tool: str | None) -> BaseException:
    """Ray's wrapper errors as the errors the engine handles."""
    if isinstance(exc, ray.exceptions.TaskCancelledError):
        return RenderCancelled("render cancelled; finished clips are cached")
    if isinstance(exc, ray.exceptions.RayTaskError):
        cause = exc.cause
        if isinstance(cause, RetryableToolError):  # retries used up: an ordinary ToolError
            return ToolError(cause.message, tool=cause.tool, element=cause.element,
                             retryable=True)
        if isinstance(cause, BaseException):
            return cause
    if isinstance(exc, (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError,
                        ray.exceptions.NodeDiedError)) and tool is not None:
        # Ray's retries are spent: the engine moves the elements to their next tool.
        return ToolError(f"its Ray worker died ({type(exc).__name__}) after "
                         f"retries", tool=tool)
    return exc
