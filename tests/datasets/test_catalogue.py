"""The catalogue: names, errors, caveats, metadata and every loader's columns and dtypes."""

import time

import pandas as pd
import pytest

from equitylab import datasets
from equitylab.datasets import DOMAINS, TOOL_USES

ALL = datasets.list()
REAL = [n for n in ALL if not datasets.info(n).synthetic]
SYNTHETIC = [n for n in ALL if datasets.info(n).synthetic]

# Row counts stated in each R package's documentation, typed in from there:
# an independent check that the loaders neither drop nor duplicate rows.
DOCUMENTED_ROWS = {
    "boston_hmda": 2380,
    "cps1988_wages": 28155,
    "gi_bill_mortgages": 214144,
    "health_insurance": 8802,
    "mpls_demographics": 84,
    "mpls_use_of_force": 12925,
    "resume_callbacks": 4870,
    "toronto_arrests": 5226,
}


def test_catalogue_covers_every_domain_and_tool_use():
    domains = {d for n in ALL for d in datasets.info(n).domains}
    assert domains == set(DOMAINS)
    uses = {u for n in SYNTHETIC for u in datasets.info(n).tool_uses}
    assert uses == set(TOOL_USES)
    assert len(REAL) >= 8


def test_unknown_name_lists_valid_names():
    with pytest.raises(ValueError) as excinfo:
        datasets.load("mpls_stop")
    message = str(excinfo.value)
    assert "'mpls_stop'" in message
    for name in ALL:
        assert name in message
    with pytest.raises(ValueError, match="Choose one of"):
        datasets.info("nope")


@pytest.mark.parametrize("name", ALL)
def test_loader_matches_metadata_and_is_fast(name):
    meta = datasets.info(name)
    start = time.perf_counter()
    frame = datasets.load(name, show_caveats=False)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"{name} took {elapsed:.2f}s"
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == meta.rows
    assert list(frame.columns) == [c.name for c in meta.columns]
    for column in meta.columns:
        assert str(frame[column.name].dtype) == column.dtype, column.name
        assert column.description
    assert frame.attrs["synthetic"] is meta.synthetic
    # No column is left as untyped Python objects except the geometry's vertex lists.
    objects = [c for c in frame.columns if frame[c].dtype == object]
    assert objects in ([], ["polygon"])


@pytest.mark.parametrize("name", ALL)
def test_every_datasheet_field_is_filled(name):
    meta = datasets.info(name)
    for field in ["title", "summary", "source", "publication", "licence", "race_recorded_by",
                  "motivation", "composition", "collection", "preprocessing", "uses", "harms"]:
        assert getattr(meta, field).strip(), field
    assert meta.caveats and meta.cannot_show
    assert set(meta.domains) <= set(DOMAINS)
    if meta.synthetic:
        assert "SYNTHETIC" in meta.source and "SYNTHETIC" in meta.title
        assert any("not a real place" in c for c in meta.caveats)
    else:
        assert "Vendored in equitylab" in meta.source
        assert "as listed for the R package" in meta.licence
        paths = {r["name"]: r["path"] for r in datasets.datapackage()["resources"]}
        assert meta.resources and all(paths[r] in meta.source for r in meta.resources)


@pytest.mark.parametrize("name", sorted(DOCUMENTED_ROWS))
def test_row_counts_match_r_documentation(name):
    assert len(datasets.load(name, show_caveats=False)) == DOCUMENTED_ROWS[name]


def test_caveats_shown_once_per_session_for_real_data_about_people(capsys):
    datasets.load("mpls_stops")
    text = capsys.readouterr().out
    assert "squad computer" in text and "contraband" in text and "Officer-perceived" in text
    datasets.load("mpls_stops")  # second time: silent
    datasets.load("tallow_justice")  # synthetic: labelled in the data, no note
    datasets.load("resume_callbacks")  # fictitious applicants: not about real people
    datasets.load("boston_hmda", show_caveats=False)
    assert capsys.readouterr().out == ""
    datasets.load("boston_hmda")
    assert "African-American" in capsys.readouterr().out
    datasets.reset_caveats()
    datasets.load("mpls_stops")
    assert "squad computer" in capsys.readouterr().out


def test_caveats_render_as_markdown_in_a_notebook(monkeypatch):
    shown = []
    import IPython
    import IPython.display

    class Kernel:
        kernel = object()

    monkeypatch.setattr(IPython, "get_ipython", lambda: Kernel())
    monkeypatch.setattr(IPython.display, "display", shown.append)
    datasets.load("mpls_use_of_force")
    assert len(shown) == 1
    assert "Race recorded by" in shown[0].data and shown[0].data.startswith("**About")


def test_load_returns_independent_copies():
    first = datasets.load("tallow_neighbourhoods")
    first.loc[0, "pm25_ugm3"] = -1.0
    assert datasets.load("tallow_neighbourhoods").loc[0, "pm25_ugm3"] != -1.0


def test_catalogue_table():
    table = datasets.catalogue()
    assert table["name"].tolist() == ALL
    assert set(table["kind"]) == {"real", "synthetic"}
    assert (table.loc[table["kind"] == "synthetic", "name"].str.startswith("tallow_")).all()
