"""CPU time of a process tree, as the benchmark's OCR probe measures it (standard library only).

The parse's OCR workers are children of multiprocessing's fork server, not of the parser, and their
Tesseract runs are the workers' children: the parser's getrusage sees none of them. The probe makes
itself the subreaper of what it starts, stops the fork server (which reaped the workers) and reaps
what is left, so RUSAGE_CHILDREN then holds every process the parse ran."""

from __future__ import annotations

import ctypes
import os
import resource
import time

_PR_SET_CHILD_SUBREAPER = 36


def adopt_descendants() -> None:
    """Orphans among this process's descendants are reparented to it (and reaped by `reap_children`)."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_children(wait_s: float = 10.0) -> None:
    """Reap every child that ends within `wait_s` (adopted orphans too), so their CPU reaches RUSAGE_CHILDREN."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no child left
        if pid == 0:
            time.sleep(0.05)


def tree_cpu_s(finish: bool = False, wait_s: float = 10.0) -> float:
    """User + system CPU-seconds of this process and of the descendants it has reaped. `finish`:
    first stop the fork server and reap every descendant (call it once, after the work)."""
    if finish:
        from multiprocessing import forkserver

        forkserver._forkserver._stop()  # closes its alive fd and waits for it: its reaped workers count
        reap_children(wait_s)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
