"""Every command the README and the docs show works as pasted.

Shell blocks (indented four spaces, or fenced as sh/bash/shell/console) are read from README.md and
docs/*.md. Each line that calls one of our programs is checked: a `make` target exists in the
Makefile; an `spbe` or `python -m mirror` command line parses with the real argument parser
(subcommand and options); a Dagster job named with `-j`/`--job` is one of the Definitions' jobs;
a `dg` subcommand exists; a script path exists. The quick offline ones (`spbe extract-news`,
`spbe parse-lampiran` on files in the repository, `spbe --help`) are run and must exit 0.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import io
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from spbe import cli as spbe_cli
from tests.paths import REPO_ROOT

PAGES = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
SHELL_FENCES = {"", "sh", "bash", "shell", "console"}
OUR_PROGRAMS = ("make", "spbe", "python", "python3", "dagster", "dg", "mkdocs")
# Commands that run offline in a few seconds and touch nothing outside stdout: run them.
RUN_SPBE = {"extract-news", "parse-lampiran"}


@dataclass(frozen=True)
class Command:
    page: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.text}"


def shell_blocks(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of every shell block of a Markdown page."""
    blocks: list[tuple[int, list[str]]] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        fence = re.match(r"^\s*```(\w*)", lines[i])
        if fence:
            start, body = i + 1, []
            i += 1
            while i < len(lines) and not lines[i].lstrip().startswith("```"):
                body.append(lines[i])
                i += 1
            if fence.group(1) in SHELL_FENCES:
                blocks.append((start + 1, body))
        elif lines[i].startswith("    ") and (i == 0 or not lines[i - 1].strip()) and lines[i].strip():
            start, body = i, []
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                body.append(lines[i][4:])
                i += 1
            blocks.append((start + 1, body))
            continue
        i += 1
    return blocks


def commands(path: Path) -> list[Command]:
    """Our programs' command lines in a page's shell blocks (continuations joined, `&&`/`;` split)."""
    found = []
    for start, body in shell_blocks(path.read_text(encoding="utf-8")):
        joined, first = "", None
        for offset, raw in enumerate(body):
            line = raw.rstrip()
            first = first if joined else start + offset
            if line.endswith("\\"):
                joined += line[:-1] + " "
                continue
            joined += line
            for part in re.split(r"&&|;", _strip_comment(joined)):
                words = _words(part)
                if words and Path(words[0]).name in OUR_PROGRAMS:
                    found.append(Command(path.name, first, " ".join(shlex.quote(w) for w in words)))
            joined = ""
    return found


def _strip_comment(line: str) -> str:
    return re.sub(r"(^|\s)#.*$", "", line)


def _words(part: str) -> list[str]:
    """The program and its arguments: leading VAR=value assignments and a trailing `&` dropped."""
    try:
        words = shlex.split(part)
    except ValueError:
        return []
    while words and re.match(r"^[A-Z_][A-Z0-9_]*=", words[0]):
        words.pop(0)
    if words and words[-1] == "&":
        words.pop()
    return words


ALL = [c for page in PAGES for c in commands(page)]


def make_targets() -> set[str]:
    text = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^([A-Za-z][\w.-]*)\s*:(?!=)", text, re.M)}


def parses(parser: argparse.ArgumentParser, argv: list[str]) -> str | None:
    """None when argv parses, else argparse's message."""
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            parser.parse_args(argv)
    except SystemExit as exc:
        return None if exc.code == 0 else err.getvalue().strip().splitlines()[-1]
    return None


def mirror_parser() -> argparse.ArgumentParser:
    from mirror.__main__ import build_parser

    return build_parser()


@functools.cache
def job_names() -> set[str]:
    from pipelines.definitions import defs

    return {job.name for job in defs.resolve_all_job_defs()}


def check(command: Command) -> str | None:
    """What is wrong with one command line, or None."""
    words = shlex.split(command.text)
    program = Path(words[0]).name
    args = words[1:]
    if program == "make":
        missing = [t for t in args if not t.startswith("-") and "=" not in t and t not in make_targets()]
        return f"no make target {missing}" if missing else None
    if program == "spbe":
        return parses(spbe_cli.build_parser(), args)
    if program in ("python", "python3"):
        if args[:2] == ["-m", "mirror"]:
            return parses(mirror_parser(), args[2:])
        if args[:1] == ["-m"]:
            return None if importlib.util.find_spec(args[1]) else f"no module {args[1]}"
        script = next((a for a in args if a.endswith(".py")), None)
        if script and not (REPO_ROOT / script).is_file() and not script.startswith("../shared/"):
            return f"no script {script}"
        return None
    if program == "dagster":
        job = next((args[i + 1] for i, a in enumerate(args[:-1]) if a in ("-j", "--job")), None)
        return None if job is None or job in job_names() else f"no job {job}"
    if program == "dg":
        if "--job" in args and args[args.index("--job") + 1] not in job_names():
            return f"no job {args[args.index('--job') + 1]}"
        done = subprocess.run([str(REPO_ROOT / ".venv" / "bin" / "dg"), args[0], "--help"], capture_output=True, cwd=REPO_ROOT)
        return None if done.returncode == 0 else f"dg has no command {args[0]}"
    if program == "mkdocs":
        return None if args and args[0] in ("build", "serve", "gh-deploy") else f"unknown mkdocs command {args}"
    return None


def test_the_pages_show_commands_of_every_kind_we_check():
    """The extraction finds the commands (so the checks below cannot pass on nothing)."""
    programs = {Path(shlex.split(c.text)[0]).name for c in ALL}
    assert {"make", "spbe", "python", "dagster", "dg"} <= programs, programs
    # The README once said dg has no command that runs a job: the one that does is shown, and checked.
    assert any(shlex.split(c.text)[1:3] == ["launch", "--job"] for c in ALL if Path(shlex.split(c.text)[0]).name == "dg")
    assert any("make demo" in c.text for c in ALL if c.page == "README.md")


@pytest.mark.parametrize("command", ALL, ids=str)
def test_every_shown_command_exists(command: Command):
    problem = check(command)
    assert problem is None, f"{command}\n  {problem}"


def test_the_checker_catches_commands_that_do_not_exist():
    """The mistakes the issue found in the README are caught: a command that is not there, a make
    target that is not there, a job that is not there, an option that is not there."""
    for bad in ("spbe mirror serve", "make launch", "spbe extract-news --no-such-flag x.txt",
                ".venv/bin/dagster job execute -m pipelines.definitions -j refresh_nothing",
                ".venv/bin/python -m mirror serve --no-such-flag",
                ".venv/bin/dg launch --job refresh_nothing", ".venv/bin/dg no-such-command"):
        assert check(Command("t", 1, bad)) is not None, bad


def test_blocks_are_read_with_continuations_comments_and_env(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("text\n\n    export A=1\n    X=1 .venv/bin/spbe release \\\n        --out d   # c\n\n"
                    "```bash\nmake demo && make test\n```\n", encoding="utf-8")
    got = [(c.line, c.text) for c in commands(page)]
    assert got == [(4, ".venv/bin/spbe release --out d"), (8, "make demo"), (8, "make test")]


RUNNABLE = [c for c in ALL if shlex.split(c.text)[1:2] and shlex.split(c.text)[1] in RUN_SPBE | {"--help"}
            and Path(shlex.split(c.text)[0]).name == "spbe"]


def test_there_are_offline_commands_to_run():
    assert any("extract-news" in c.text for c in RUNNABLE)


@pytest.mark.parametrize("command", RUNNABLE, ids=str)
def test_offline_commands_run_as_pasted(command: Command):
    words = shlex.split(command.text)
    done = subprocess.run([sys.executable, "-m", "spbe.cli", *words[1:]], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command}\n{done.stderr[-2000:]}"
    assert done.stdout.strip(), command


def test_a_quick_benchmark_does_not_overwrite_the_recorded_figures():
    spec = importlib.util.spec_from_file_location("run_benchmark", REPO_ROOT / "benchmarks" / "run_benchmark.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    quick = argparse.Namespace(results=None, articles=300)
    full = argparse.Namespace(results=None, articles=bench.ARTICLES)
    assert bench.results_path(quick) != bench.RECORDED
    assert bench.results_path(full) == bench.RECORDED
    assert bench.results_path(argparse.Namespace(results="x.json", articles=300)) == Path("x.json")


def test_make_serve_serves_the_warehouse_not_the_mirror():
    """`make serve` is what the README means by serving: Datasette over the warehouse (spbe serve);
    the synthetic mirror has its own target."""
    recipe = subprocess.run(["make", "-n", "-W", "pyproject.toml", "serve"], cwd=REPO_ROOT, capture_output=True, text=True).stdout
    mirror = subprocess.run(["make", "-n", "-W", "pyproject.toml", "mirror-serve"], cwd=REPO_ROOT, capture_output=True, text=True).stdout
    assert "spbe serve" in recipe and "mirror serve" not in recipe, recipe
    assert "-m mirror serve" in mirror, mirror
