"""Issue 21's rule on the adversarial catalog: every document is read right, has its wrong rows
rejected with a reason, or is refused in one line; never a silent wrong, a crash or a run past its
time. Every variant without OCR runs here, through `spbe parse-lampiran` in process; of the OCR'd
ones a sample (the full set: `python -m tests.adversarial.harness`, results in docs/faults.md)."""

from __future__ import annotations

import pytest

from spbe.cli import main
from spbe.sources.official import ocr
from tests.adversarial.catalog import catalog
from tests.adversarial.harness import classify

VARIANTS = catalog()
FAST = [v for v in VARIANTS if not v.slow]
# Scans that once went silently wrong or lost a page, and one of each damage family.
SAMPLED = ("scan-page3-turned-180", "scan-headerless-page-turned", "scan-section-restart-ruined-page", "hidden-layer-misreads")


def outcome(variant, tmp_path, capsys) -> tuple[str, str]:
    path = tmp_path / f"{variant.name}.{variant.kind}"
    path.write_bytes(variant.build())
    code = main(["parse-lampiran", str(path), "--year", str(variant.year)])
    out, err = capsys.readouterr()
    return classify(variant, code, out, err)


@pytest.mark.parametrize("variant", FAST, ids=[v.name for v in FAST])
def test_a_document_is_right_rejected_or_refused(variant, tmp_path, capsys):
    result, detail = outcome(variant, tmp_path, capsys)
    assert result in ("right", "rejected", "refused"), f"{result}: {detail}"
    if variant.refuse:
        assert result == "refused", detail


@pytest.mark.slow
@pytest.mark.parametrize("name", SAMPLED)
def test_a_sample_of_scans_is_right_rejected_or_refused(name, tmp_path, capsys):
    if ocr.engine_problem():
        pytest.skip(ocr.engine_problem())
    variant = next(v for v in VARIANTS if v.name == name)
    result, detail = outcome(variant, tmp_path, capsys)
    assert result in ("right", "rejected", "refused"), f"{result}: {detail}"
