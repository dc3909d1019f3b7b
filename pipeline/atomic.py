"""Writing outputs safely: atomic files, all-or-nothing groups, the folder swap, the lock.

Everything ``build`` and ``publish`` put on disk goes through this module, so the same
guarantees hold for both:

* A file is written to a temporary name in its own folder (``.NAME.almen-PID-XXXX.tmp``),
  flushed and renamed into place; a failure or signal before the rename leaves the old
  file byte-identical and no temporary file.
* :func:`replace_together` does that for several files (a PDF, its HTML and its build
  manifest): every temporary file is complete before the first rename, and the renames run
  with SIGINT/SIGTERM deferred, so the files change together or not at all.
* :func:`swap_dir` puts a finished staging folder where the old folder was in one atomic
  step (Linux ``renameat2(RENAME_EXCHANGE)``, else two renames); behind a symlink the
  link stays a link and its target is what is swapped.
* :func:`publication_lock` serialises publishes of one folder; a run holding it removes
  the staging folders, backups and temporary files an earlier killed run left behind
  (:func:`remove_stale`), recognised by their name and the dead process id they carry.
* Every ``OSError`` while writing becomes an :class:`~pipeline.errors.OutputError` with a
  plain Danish reason ("kan ikke skrive til dist/x.pdf: disken er fuld").
* :data:`journal` records every output actually replaced in this process, so an
  interrupted command can say truthfully what changed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from pipeline.errors import OutputError, PipelineError

#: The file that marks a folder as a publication written by ``almen publish``.
MARKER_NAME = ".almen-publication"
MARKER = {"tool": "almenrapport", "kind": "publication", "version": 1}
#: Leftovers of a run this old are removed even if their process id is in use again.
STALE_AFTER_S = 6 * 3600

_TMP_RE = re.compile(r"^\..+\.almen-(\d+)-[0-9a-f]{8}\.tmp$")
_SIGNALS = (signal.SIGINT, signal.SIGTERM)

#: Outputs replaced (renamed into place) by this process, in order.
journal: list[Path] = []


# ---------------------------------------------------------------------------- errors


#: Errors an editor can meet while writing, reported in plain words, not as "internal".
PLAIN_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES,
                          errno.EPERM})


def os_reason(exc: OSError) -> str:
    """Why an OSError happened, in plain Danish."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "disken er fuld"
    if code == errno.EROFS:
        return "mappen ligger på et skrivebeskyttet drev"
    if code in (errno.EACCES, errno.EPERM):
        return "du har ikke lov til at skrive i mappen"
    if code == errno.ENOTDIR:
        return "en del af stien er en fil, ikke en mappe"
    if code == errno.EEXIST:
        return "der findes allerede en fil med det navn"
    return exc.strerror or str(exc)


def output_error(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"kan ikke skrive til {path}: {os_reason(exc)}; "
                       "de tidligere filer er ikke ændret")


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn an OSError raised while writing ``path`` into a located, plain message."""
    try:
        yield
    except OSError as exc:
        raise output_error(path, exc) from None


# ---------------------------------------------------------------------------- signals


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM, raised like Ctrl-C (so every ``except KeyboardInterrupt`` and
    ``finally`` cleans up the same way); ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


_deferring = threading.local()
_pending: list[int] = []


def _raise_interrupted(signum: int, _frame: FrameType | None) -> None:
    if getattr(_deferring, "depth", 0):
        _pending.append(signum)
        return
    raise Interrupted(signum)


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """Within the block SIGINT and SIGTERM both raise :class:`Interrupted` (also when the
    process started with SIGINT ignored, as a background job without a terminal does).
    Only in the main thread; elsewhere a no-op."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in _SIGNALS}
    for s in _SIGNALS:
        signal.signal(s, _raise_interrupted)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """SIGINT/SIGTERM arriving in the block take effect when it ends (never halfway
    through a sequence of renames)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    own = signal.getsignal(signal.SIGINT) is _raise_interrupted
    previous = {s: signal.getsignal(s) for s in _SIGNALS}
    if not own:
        for s in _SIGNALS:
            signal.signal(s, _raise_interrupted)
    _deferring.depth = getattr(_deferring, "depth", 0) + 1
    try:
        yield
    finally:
        _deferring.depth -= 1
        if not own:
            for s, handler in previous.items():
                signal.signal(s, handler)
        if not _deferring.depth and _pending:
            signum = _pending[0]
            _pending.clear()
            handler = previous[signal.Signals(signum)] if not own else _raise_interrupted
            if handler is _raise_interrupted:
                raise Interrupted(signum)
            if callable(handler):
                handler(signum, None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), signum)


# ---------------------------------------------------------------------------- files


def temp_name(path: Path) -> Path:
    """The temporary name ``path`` is written under before its rename."""
    return path.with_name(f".{path.name}.almen-{os.getpid()}-{secrets.token_hex(4)}.tmp")


def _write_temp(tmp: Path, data: bytes) -> None:
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def replace_together(files: Sequence[tuple[Path, bytes]], *,
                     record: bool = True) -> list[Path]:
    """Write every ``(path, data)`` to a temporary file, then rename them all into place.

    Either every file is replaced or (an error, a full disk, a signal before the renames)
    none is and no temporary file is left. Returns the paths, in order. ``record``:
    add them to :data:`journal` (not for caches).
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            with writing(path):
                path.parent.mkdir(parents=True, exist_ok=True)
                remove_stale(path.parent)
                tmp = temp_name(path)
                temps.append((tmp, path))   # before writing: a signal now still cleans up
                _write_temp(tmp, data)
        with signals_deferred():
            for tmp, path in temps:
                with writing(path):
                    os.replace(tmp, path)
                if record:
                    journal.append(path)
    except BaseException:
        with signals_deferred():
            for tmp, _ in temps:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        raise
    return [path for path, _ in files]


def write_atomic(path: Path, data: bytes, *, record: bool = True) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    replace_together([(path, data)], record=record)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(folder: Path) -> list[Path]:
    """Remove our temporary files in ``folder`` whose process is gone (or that are older
    than :data:`STALE_AFTER_S`). Never touches a name we did not make."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TMP_RE.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
        except OSError:
            continue
        if old or not _pid_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


# ---------------------------------------------------------------------------- folders


def staging_prefix(target: Path) -> str:
    return f".{target.name}.staging-"


def backup_prefix(target: Path) -> str:
    return f".{target.name}.old-"


def remove_stale_folders(target: Path) -> list[Path]:
    """Staging folders and backups an earlier (killed) publish of ``target`` left beside
    it. Call only while holding :func:`publication_lock`: then none is in use."""
    removed = []
    prefixes = (staging_prefix(target), backup_prefix(target))
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if entry.name.startswith(prefixes) and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(Path(entry.path))
    removed += remove_stale(target.parent)
    return removed


def write_marker(folder: Path) -> None:
    (folder / MARKER_NAME).write_text(json.dumps(MARKER, sort_keys=True) + "\n", "utf-8")


def has_marker(folder: Path) -> bool:
    try:
        data = json.loads((folder / MARKER_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("tool") == MARKER["tool"] \
        and data.get("kind") == MARKER["kind"]


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2: Any = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b),
                       _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_dir(staging: Path, target: Path) -> None:
    """Put the folder ``staging`` where ``target`` is (``target`` must be a real folder
    path, not a symlink: resolve it first); the old folder is deleted afterwards."""
    with signals_deferred(), writing(target):
        if not target.exists():
            staging.rename(target)
            journal.append(target)
            return
        if _exchange(staging, target):
            journal.append(target)
            old = staging   # now holds the old folder
        else:
            old = target.with_name(f"{backup_prefix(target)}{secrets.token_hex(4)}")
            target.rename(old)
            try:
                staging.rename(target)
            except BaseException:
                old.rename(target)
                raise
            journal.append(target)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def publication_lock(target: Path) -> Iterator[None]:
    """One publish at a time per publication folder (``.NAME.lock`` beside it); the
    holder first removes what an earlier killed run left behind."""
    lock_path = target.parent / f".{target.name}.lock"
    with writing(lock_path):
        handle = lock_path.open("a")
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PipelineError(f"{target}: en anden 'almen publish' skriver til mappen lige "
                                "nu; vent til den er færdig") from None
        try:
            remove_stale_folders(target)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---------------------------------------------------------------------------- children


_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """In a forked child: be killed (SIGKILL) when the parent dies, also by SIGKILL.
    Linux only (prctl); elsewhere the parent closing the pipe ends the child."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:   # the parent died before prctl took effect
        os._exit(1)
