"""The golden harness itself (tests/golden.py), on cases made in a temporary directory: a
mismatch fails with a unified diff and the regenerate command, update mode rewrites
``expected/`` to exactly what was produced, and the switch reads the flag and the variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import REGENERATE_ALL, UPDATE_VARIABLE, Golden, read_tree, update_requested


def make_case(root: Path, expected: dict[str, str]) -> Path:
    case = root / "cases" / "demo"
    for name, text in expected.items():
        (case / "expected" / name).parent.mkdir(parents=True, exist_ok=True)
        (case / "expected" / name).write_text(text, "utf-8")
    return case


def failure(check: object, *args: object) -> str:
    with pytest.raises(pytest.fail.Exception) as raised:
        check(*args)  # type: ignore[operator]
    return str(raised.value)


def test_a_changed_line_fails_with_its_diff_and_both_commands(tmp_path: Path) -> None:
    case = make_case(tmp_path, {"stdout": "one\ntwo\n"})
    harness = Golden(update=False, test_id="tests/test_x.py::test_y[demo]")
    message = failure(harness.check_text, case, "stdout", "one\nTWO\n")
    assert "--- expected/stdout\n+++ produced/stdout\n" in message
    assert "-two\n+TWO\n" in message
    assert REGENERATE_ALL in message
    assert "pytest 'tests/test_x.py::test_y[demo]' --update-golden" in message
    assert (case / "expected/stdout").read_text("utf-8") == "one\ntwo\n"


def test_missing_and_extra_files_are_named_and_diffed(tmp_path: Path) -> None:
    case = make_case(tmp_path, {"a/kept.json": "{}\n", "a/gone.json": "[1]\n"})
    produced = tmp_path / "out"
    (produced / "a").mkdir(parents=True)
    (produced / "a/kept.json").write_text("{}\n", "utf-8")
    (produced / "a/new.json").write_text("[2]\n", "utf-8")
    message = failure(Golden(update=False).check_tree, case, produced)
    assert "a/gone.json: in expected/, but not produced" in message
    assert "a/new.json: produced, but not in expected/" in message
    assert "-[1]\n" in message and "+[2]\n" in message
    assert "kept.json" not in message


def test_a_missing_final_newline_is_shown(tmp_path: Path) -> None:
    case = make_case(tmp_path, {"stdout": "same\n"})
    message = failure(Golden(update=False).check_text, case, "stdout", "same")
    assert "\\ No newline at end of file" in message


def test_update_mode_makes_expected_exactly_the_produced_tree(tmp_path: Path) -> None:
    case = make_case(tmp_path, {"a/kept.json": "{}\n", "a/changed.json": "[1]\n",
                                "stale/old.json": "x\n"})
    kept = case / "expected/a/kept.json"
    kept_stamp = kept.stat().st_mtime_ns
    produced = tmp_path / "out"
    (produced / "a").mkdir(parents=True)
    (produced / "a/kept.json").write_text("{}\n", "utf-8")
    (produced / "a/changed.json").write_text("[2]\n", "utf-8")
    (produced / "b.json").write_text("new\n", "utf-8")
    Golden(update=True).check_tree(case, produced)
    assert read_tree(case / "expected") == read_tree(produced)
    assert not (case / "expected/stale").exists()
    assert kept.stat().st_mtime_ns == kept_stamp
    Golden(update=False).check_tree(case, produced)


def test_update_mode_creates_expected_for_a_new_case(tmp_path: Path) -> None:
    case = tmp_path / "cases" / "fresh"
    Golden(update=True).check_text(case, "diff.md", "# Diff\n")
    assert read_tree(case / "expected") == {"diff.md": b"# Diff\n"}


@pytest.mark.parametrize("flag, variable, update", [
    (False, None, False), (True, None, True), (False, "1", True), (False, "0", False),
    (False, "", False),
])
def test_update_is_the_flag_or_the_variable(flag: bool, variable: str | None, update: bool,
                                            request: pytest.FixtureRequest,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(request.config.option, "update_golden", flag)
    if variable is None:
        monkeypatch.delenv(UPDATE_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(UPDATE_VARIABLE, variable)
    assert update_requested(request.config) is update


def test_every_case_family_is_checked_by_a_golden_test(request: pytest.FixtureRequest) -> None:
    """Each tests/cases/<family>-* has a test that uses the harness (so ``make golden`` sees it)."""
    cases = Path(__file__).parent / "cases"
    families = {path.name.split("-")[0] for path in cases.iterdir() if path.is_dir()}
    owners = {"build": "test_golden.py", "cp": "test_customer_profiles.py",
              "diff": "test_diff.py", "envs": "test_environments.py", "show": "test_show.py",
              "sql": "test_estimate_sql.py", "profiles": "test_profiles_estimate_sql.py",
              "docs": "test_docs.py"}
    assert families <= set(owners), f"a case family without a golden test: {families}"
    for family, module in owners.items():
        text = (Path(__file__).parent / module).read_text("utf-8")
        assert "golden: Golden" in text and f'"{family}-' in text, module
