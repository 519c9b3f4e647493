"""Peak memory as the benchmark measures it, each figure the named process's own.

Standard library only: the probes that parse a lampiran or OCR a scan import this in the process
they measure, so importing it must not add to what they report.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def own_peak_rss_mb() -> int:
    """This process's own peak RSS since it started (VmHWM): unlike getrusage's ru_maxrss, it does not
    inherit the parent's peak across fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024)
    raise RuntimeError("/proc/self/status has no VmHWM line")


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants (from /proc), `pid` first."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree


def tree_cpu_s(pid: int, reaped: bool = False) -> float:
    """User + system CPU seconds of `pid` and its live descendants so far (/proc/PID/stat); with
    `reaped`, also those of the children they have waited for (the parse workers that have exited
    count in their forkserver's)."""
    ticks = 0
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
        if reaped:
            ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


class TreeRss:
    """Samples the RSS of a process and all its descendants (from /proc, every `every_s`): the parse
    workers are the forkserver's children, so the crawler's own getrusage never sees them."""

    def __init__(self, pid: int, every_s: float = 0.25, descendants_only: bool = False) -> None:
        self.pid, self.every_s, self.peak_total_kb, self.peak_single_kb = pid, every_s, 0, 0
        self.descendants_only = descendants_only  # the benchmark sampling its own children, not itself
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        tree = process_tree(self.pid)
        return tree[1:] if self.descendants_only else tree

    @staticmethod
    def _rss_kb(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            sizes = [self._rss_kb(pid) for pid in self._tree()]
            self.peak_total_kb = max(self.peak_total_kb, sum(sizes))
            self.peak_single_kb = max(self.peak_single_kb, max(sizes, default=0))

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        return {"all_processes": round(self.peak_total_kb / 1024), "largest_process": round(self.peak_single_kb / 1024)}
