"""Run stamps are a flag on the column in schemas/, and the release derives what it leaves out from it.

A release must not hold when a run wrote a row (two builds of the same data would get two versions),
so the columns it drops come from the models' own declarations, not from a list kept in the release.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas import TABLE_MODELS, table_columns
from schemas import common as c
from spbe.infra.dictionary import render_dictionary
from spbe.release.tables import run_stamps, without_run_stamps


class _Stamped(c.TableModel):
    _table = c.Table("scratch_stamped", key=("id",))
    id: Series[str] = pa.Field(description="Key.")
    seen_at: Series[pd.DatetimeTZDtype] = c.utc_timestamp("When a run saw the row.", run_stamp=True)
    published: Series[pd.DatetimeTZDtype] = c.utc_timestamp("When it was published (data).", nullable=True)


def test_a_flagged_column_is_a_run_stamp_and_left_out_of_a_release():
    columns = table_columns(_Stamped)
    assert [x.name for x in columns if x.run_stamp] == ["seen_at"]
    assert [x.name for x in without_run_stamps("scratch_stamped", None, columns)] == ["id", "published"]


def test_the_release_list_is_derived_from_the_models():
    flagged = {(name, x.name) for name, model in TABLE_MODELS.items() for x in table_columns(model) if x.run_stamp}
    assert set(run_stamps()) == flagged
    assert ("spbe_index", "loaded_at") in flagged and ("spbe_news_article", "fetched_at") in flagged
    # Data timestamps are not run stamps: a publication date is what the data says.
    assert ("spbe_news_article", "published") not in flagged


def test_a_view_inherits_its_base_tables_run_stamps():
    view_cols = [c.Column.derived("instansi_id", "str", "Body."), c.Column.derived("loaded_at", "datetime64[ns, UTC]", "Stamp.")]
    assert [x.name for x in without_run_stamps("v_scratch", "spbe_index", view_cols)] == ["instansi_id"]


def test_the_data_dictionary_says_which_columns_a_release_leaves_out():
    line = next(x for x in render_dictionary().splitlines() if x.startswith("| `fetched_at` |"))
    assert "left out of releases" in line
