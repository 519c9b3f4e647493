"""Overlapping runs and a run killed mid-write, with real OS processes against the real database."""

import os
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from spbe.index.table import build_spbe_index
from tests.paths import REPO_ROOT
from tests.processes import kill, start_until_marker
from tests.unit.test_index_table import LOADED, fact

pytestmark = pytest.mark.slow

ROOT = REPO_ROOT

WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    import pandas as pd
    from spbe.index.table import build_spbe_index
    from spbe.infra.warehouse import Warehouse
    from tests.unit.test_index_table import fact
    url, worker, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    wh = Warehouse(url)
    for r in range(rounds):
        facts = pd.DataFrame([fact(y, f"18.{i:02d}", f"Kabupaten {i}", "kabupaten", 2.0 + (i + r + worker) % 20 / 10)
                              for y in (2023, 2024) for i in range(1, 41)])
        official = facts.assign(predikat_expected="Baik")
        loaded = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=r)
        wh.replace_slices([("spbe_official_result", official[official.year == y], {"year": y}) for y in (2023, 2024)]
                          + [("spbe_index", build_spbe_index(facts, loaded_at=loaded), None)])
    print("ok", worker)
    """
)


def test_overlapping_runs_never_duplicate_or_lose_rows(warehouse, warehouse_url):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, warehouse_url, str(w), "15"], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(3)
    ]
    outputs = [p.communicate(timeout=180) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outputs]
    official = warehouse.read("spbe_official_result")
    index = warehouse.read("spbe_index")
    assert len(official) == 80 and not official.duplicated(["year", "instansi_id"]).any()
    assert len(index) == 80 and not index.duplicated(["instansi_id", "year"]).any()


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    import pandas as pd
    from spbe.infra.warehouse import Warehouse
    from tests.unit.test_index_table import fact
    from spbe.index.table import build_spbe_index
    import datetime as dt
    url, marker = sys.argv[1], sys.argv[2]

    class Stall(pd.DataFrame):
        # Reached after the first slice's delete and insert ran inside the open transaction.
        def __getitem__(self, key):
            open(marker, "w").write("mid-write")
            time.sleep(600)

    facts = pd.DataFrame([fact(2024, f"18.{i:02d}", f"Kabupaten {i}", "kabupaten", 3.0) for i in range(1, 11)])
    table = build_spbe_index(facts, loaded_at=dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc))
    Warehouse(url).replace_slices([("spbe_index", table, None), ("spbe_reject", Stall(), None)])
    """
)


def test_run_killed_mid_write_leaves_previous_contents(warehouse, warehouse_url, tmp_path):
    before_facts = pd.DataFrame([fact(2024, "18.09", "Kabupaten Pesawaran", "kabupaten", 3.49)])
    warehouse.replace_rows("spbe_index", build_spbe_index(before_facts, loaded_at=LOADED))
    before = warehouse.read("spbe_index")
    marker = tmp_path / "marker"
    kill(start_until_marker(KILLED_WRITER, [warehouse_url, str(marker)], marker))
    warehouse.engine.dispose()  # reconnect: the killed session's locks die with its connection
    pd.testing.assert_frame_equal(warehouse.read("spbe_index"), before)
