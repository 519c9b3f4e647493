"""The command lines: documented options, one-line errors with exit code 2, and reading never creates a warehouse."""

import argparse
import subprocess
import sys

import pytest

from mirror.__main__ import build_parser as mirror_parser
from mirror.__main__ import main as mirror_main
from spbe.cli import build_parser, main
from tests.paths import REPO_ROOT


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def subparsers(parser: argparse.ArgumentParser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


@pytest.mark.parametrize("parser", [build_parser(), mirror_parser()], ids=["spbe", "mirror"])
def test_every_option_has_help_and_shows_its_default(parser):
    for name, sub in subparsers(parser):
        text = sub.format_help()
        for action in sub._actions:
            if not action.option_strings or action.dest == "help":
                continue
            assert action.help, f"{name} {action.option_strings[0]} has no help"
            if action.default not in (None, False, argparse.SUPPRESS):
                assert f"(default: {action.default})" in " ".join(text.split()), f"{name} {action.option_strings[0]}"


def test_summary_in_an_empty_directory_creates_nothing_and_says_where_it_looked(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SPBE_WAREHOUSE_URL", raising=False)
    assert main(["summary"]) == 2
    err = one_line_error(capsys)
    assert str(tmp_path / "data" / "warehouse.sqlite") in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["not a database url", "nosuchdialect://x/y"])
def test_a_garbage_warehouse_url_is_one_line(url, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SPBE_WAREHOUSE_URL", url)
    assert main(["summary"]) == 2
    assert "SPBE_WAREHOUSE_URL" in one_line_error(capsys)


def test_bi_role_on_sqlite_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SPBE_WAREHOUSE_URL", f"sqlite:///{tmp_path / 'wh.sqlite'}")
    monkeypatch.setenv("SPBE_BI_PASSWORD", "pw")
    assert main(["bi-role"]) == 2
    assert "PostgreSQL" in one_line_error(capsys)
    assert not (tmp_path / "wh.sqlite").exists()


@pytest.mark.parametrize("args", [["--first-year", "2017"], ["--first-year", "2024", "--last-year", "2019"], ["--last-year", "2199"]])
def test_demo_with_years_outside_the_partitions_is_one_line(args, capsys):
    assert mirror_main(["demo", *args]) == 2
    assert "year" in one_line_error(capsys)


def test_demo_error_from_the_shell_has_no_traceback():
    proc = subprocess.run([sys.executable, "-m", "mirror", "demo", "--first-year", "2017"], cwd=REPO_ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
