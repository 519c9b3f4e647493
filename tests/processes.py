"""Real OS processes for kill tests: start a script, wait until it reaches its kill point, SIGKILL it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.paths import REPO_ROOT


def start_until_marker(script: str, args: list[str], marker: Path, *, env: dict[str, str] | None = None,
                       cwd: Path = REPO_ROOT, timeout_s: float = 120) -> subprocess.Popen:
    """`python -c script *args`, returned once it has written `marker` (where it then waits to be killed)."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})}
    proc = subprocess.Popen([sys.executable, "-c", script, *args], cwd=cwd, env=full_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout_s
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, "the process never reached its kill point"
        time.sleep(0.05)
    return proc


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
