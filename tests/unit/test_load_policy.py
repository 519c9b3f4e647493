"""The load policy as plain functions: reject share, the blocking decision, skip-unchanged."""

import pytest

from spbe.infra.load_policy import MAX_REJECT_SHARE, load_decision, reject_share, skip_unchanged


def test_flagged_and_missing_rows_count_in_the_reject_share():
    assert reject_share(rows_read=100, rejected=2) == pytest.approx(0.02)
    assert reject_share(rows_read=95, rejected=2, flagged=1, missing=5) == pytest.approx(8 / 100)
    assert reject_share(rows_read=0, rejected=0) == 0.0


@pytest.mark.parametrize("shares, failures, drops, allow, blocking", [
    ([0.0, MAX_REJECT_SHARE], 0, [], False, False),       # at the limit: loaded
    ([0.0, MAX_REJECT_SHARE + 0.001], 0, [], False, True),  # above it: blocked
    ([0.0], 1, [], False, True),                          # one schema failure blocks
    ([0.0], 0, ["2023: 17 rows, 3 fewer"], False, True),  # a row drop blocks ...
    ([0.0], 0, ["2023: 17 rows, 3 fewer"], True, False),  # ... unless confirmed
])
def test_the_load_decision(shares, failures, drops, allow, blocking):
    decision = load_decision(shares, schema_failures=failures, drops=drops, allow_row_drop=allow)
    assert decision.blocking is blocking and bool(decision.message) is blocking
    if drops and not allow:
        assert "allow_row_drop" in decision.message and drops[0] in decision.message


def test_a_document_is_skipped_only_when_bytes_parser_and_rows_are_unchanged():
    last = {"content_sha256": "a" * 64, "code_version": "v1", "dagster/row_count": 20}
    same = {"sha256": "a" * 64, "code_version": "v1", "held_rows": 20}
    assert "304 Not Modified" in skip_unchanged(last, **same, from_cache=True)
    assert "same bytes" in skip_unchanged(last, **same, from_cache=False)
    assert skip_unchanged(last, **{**same, "sha256": "b" * 64}, from_cache=True) is None
    assert skip_unchanged(last, **{**same, "code_version": "v2"}, from_cache=True) is None
    assert skip_unchanged(last, **{**same, "held_rows": 0}, from_cache=True) is None  # the warehouse lost them
    assert skip_unchanged({}, **same, from_cache=True) is None
