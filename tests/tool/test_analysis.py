from __future__ import annotations

import pandas as pd
import pytest

from equitylab.tool import (
    EXAMPLES,
    SUPPRESSED,
    WorksheetStore,
    analyse,
    candidate_columns,
    check,
    example_path,
    load,
    load_example,
    typed_upload,
)
from tests.measures.test_disclosure import audit_group_table


def _rows(spec: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Individual rows: group -> (people, events)."""
    groups, hits = [], []
    for g, (n, e) in spec.items():
        groups += [g] * n
        hits += [True] * e + [False] * (n - e)
    return pd.DataFrame({"race": groups, "searched": hits})


def test_individual_rows_hand_computed() -> None:
    item = analyse(_rows({"A": (200, 50), "B": (400, 40)}), "searched", "race", reference="B")
    rows = {r[0]: r for r in item.table.rows}
    assert rows["A"][1:4] == ["200", "50", "25.0%"]
    assert rows["B"][1:4] == ["400", "40", "10.0%"]
    assert rows["A"][5] == "2.50" and rows["B"][5] == "1.00"
    assert item.reference == "B" and item.disaggregated and item.suppressed_cells == 0
    assert "A people" in item.sentence and "2.5 times the rate of B people" in item.sentence
    assert "50 of 200 vs 40 of 400" in item.sentence
    assert [round(b.estimate, 3) for b in item.chart] == [25.0, 10.0]  # on the per-100 scale


def test_small_counts_are_suppressed_everywhere() -> None:
    data = _rows({"A": (300, 60), "B": (250, 40), "C": (40, 4)})
    item = analyse(data, "searched", "race", reference="A")
    rows = {r[0]: r for r in item.table.rows}
    assert rows["C"][2:] == [SUPPRESSED] * 4
    assert item.suppressed_cells >= 2  # complementary suppression hides a second group
    shown = " ".join(" ".join(r) for r in item.table.rows)
    assert " 4 " not in f" {shown} " and "10.0%" not in shown
    assert "C" not in [b.group for b in item.chart]
    assert " 4 of " not in item.sentence and "C people" not in item.sentence
    assert "(4 of 40)" not in item.chart_alt


def test_aggregated_table_with_denominator_and_unknowns() -> None:
    t = pd.DataFrame({"race": ["A", "B", "Unknown"], "cited": [30, 90, 5],
                      "inspected": [1000, 1500, 50]})
    item = analyse(t, "cited", "race", denominator="inspected", direction="adverse")
    assert item.reference == "B"  # the largest group
    assert [r[0] for r in item.table.rows] == ["A", "B"]
    assert item.table.columns[1:3] == ["Inspected", "Cited"]
    assert "50 rows" in item.notes


def test_more_events_than_people_is_refused_not_reanalysed_as_a_rate() -> None:
    from equitylab.userdata import DataProblem

    t = pd.DataFrame({"race": ["A", "B"], "visits": [300, 900], "people": [200, 1000]})
    with pytest.raises(DataProblem, match=r"Row 2 \(group 'A'\) has more in 'visits' \(300\) "
                       r"than in 'people' \(200\)"):
        analyse(t, "visits", "race", denominator="people")


def test_bundled_dataset_by_name_is_marked_synthetic() -> None:
    item = analyse("tallow_business_grants", "awarded", "owner_race_ethnicity",
                   reference="White", direction="favourable")
    assert item.dataset == "tallow_business_grants" and item.synthetic
    assert "SYNTHETIC" in item.table.caption and "SYNTHETIC" in item.chart_alt
    assert "Prefer not to say" not in item.groups


def test_candidate_columns_of_a_bundled_dataset() -> None:
    from equitylab import datasets

    cols = candidate_columns(datasets.load("tallow_housing"))
    assert "race_ethnicity" in cols["group"]
    assert "cost_burdened_renters" in cols["outcome"] and "renter_households" in cols["denominator"]
    assert "synthetic" not in cols["outcome"]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_examples_are_complete_and_synthetic(name: str, tmp_path) -> None:
    ws = load_example(name)
    assert ws.metadata.kind == name
    assert check(ws) == []
    assert "SYNTHETIC" in ws.notes and "(synthetic)" in ws.metadata.jurisdiction
    assert all(e.synthetic and e.dataset.startswith("tallow_") for e in ws.evidence)
    copy = load_example(name, copy=True)
    assert copy.id != ws.id and copy.metadata.title.startswith("Copy of")
    store = WorksheetStore(tmp_path)
    assert load(store.save(copy)) == copy
    assert example_path(name).read_text(encoding="utf-8").endswith("\n")


def test_shipped_examples_match_a_rebuild(tmp_path) -> None:
    from equitylab.tool._build_examples import build_examples

    built = build_examples(tmp_path)
    for name, path in built.items():
        assert path.read_text(encoding="utf-8") == example_path(name).read_text(
            encoding="utf-8"), (f"The {name} example is stale: run "
                                "`python -m equitylab.tool._build_examples`.")


# --- typed_upload: a participant's own CSV ---------------------------------------------

def _raw(**columns: list) -> pd.DataFrame:
    """The all-text table read_csv_bytes returns (missing cells are NaN)."""
    return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in columns.items()})


def test_typed_upload_converts_yes_no_whole_numbers_and_text() -> None:
    raw = _raw(race=[" Black", "White ", "White", "Asian"],
               yes_no=["Yes", "no", None, "YES"],
               zero_one=["1", "0", "0", " 1 "],
               true_false=["TRUE", "False", "t", "F"],
               y_n=["y", "N", "", "n"],
               counts=["1,200", " 30 ", "4", "-2"],
               decimals=["1.5", "2", "3", "4"],
               bad_commas=["1,2", "30", "4", "5"],
               ids=["a1", "a2", "a3", "a4"])
    typed = typed_upload(raw, name="my.csv")
    assert {c: str(d) for c, d in typed.dtypes.items()} == {
        "race": "string", "yes_no": "boolean", "zero_one": "boolean",
        "true_false": "boolean", "y_n": "boolean", "counts": "Int64",
        "decimals": "string", "bad_commas": "string", "ids": "string"}
    assert typed["race"].tolist() == ["Black", "White", "White", "Asian"]
    assert typed["yes_no"].tolist() == [True, False, pd.NA, True]
    assert typed["zero_one"].tolist() == [True, False, False, True]
    assert typed["true_false"].tolist() == [True, False, True, False]
    assert typed["y_n"].tolist() == [True, False, pd.NA, False]
    assert typed["counts"].tolist() == [1200, 30, 4, -2]
    assert raw["counts"].tolist() == ["1,200", " 30 ", "4", "-2"]  # the input is untouched
    cols = candidate_columns(typed)
    assert "race" in cols["group"] and "yes_no" in cols["outcome"]
    assert "counts" in cols["denominator"] and "yes_no" not in cols["denominator"]


def test_typed_upload_says_where_the_data_came_from() -> None:
    typed = typed_upload(_raw(race=["A", "B"], hit=["1", "0"]), name="clinic visits.csv")
    assert typed.attrs == {"dataset": "uploaded: clinic visits.csv",
                           "source": "Uploaded by the participant (file clinic visits.csv)",
                           "synthetic": False}


@pytest.mark.parametrize(("raw", "needs"), [
    # A column of ids has too many values to be groups; a single group compares nothing.
    (_raw(person=[f"p{i}" for i in range(30)], hit=["1", "0"] * 15), "no column of groups"),
    (_raw(race=["A"] * 4, hit=["1", "0", "1", "0"]),
     "only one group in 'race' ('A'), and two are"),
    (_raw(race=["A", "B", "A", "B"], note=["x", "y", "z", "w"]), "no outcome column"),
    (_raw(race=["A", "B"], rate=["0.5", "0.25"]), "no outcome column"),
])
def test_typed_upload_says_what_the_file_needs(raw: pd.DataFrame, needs: str) -> None:
    from equitylab.userdata import DataProblem

    with pytest.raises(DataProblem) as err:
        typed_upload(raw, name="mine.csv")
    assert isinstance(err.value, ValueError)
    message = str(err.value)
    assert f"The file 'mine.csv' has {needs}" in message
    assert "a column of groups such as race" in message and "0/1" in message
    assert f"Its columns are: {', '.join(repr(c) for c in raw.columns)}." in message


def test_analyse_an_upload_with_blank_outcomes_leaves_them_out() -> None:
    race = ["A"] * 60 + ["B"] * 90
    served = (["yes"] * 20 + ["no"] * 35 + [""] * 5) + (["Yes"] * 45 + ["No"] * 42 + [None] * 3)
    typed = typed_upload(_raw(race=race, served=served), name="served.csv")
    item = analyse(typed, "served", "race", reference="B", direction="favourable")
    rows = {r[0]: r for r in item.table.rows}
    assert rows["A"][1:4] == ["55", "20", "36.4%"]
    assert rows["B"][1:4] == ["87", "45", "51.7%"]
    assert item.notes == "8 rows with a missing or unknown group or outcome were left out."
    assert item.dataset == "uploaded: served.csv" and not item.synthetic
    assert item.source == "Uploaded by the participant (file served.csv)"
    assert "SYNTHETIC" not in item.table.caption


def test_analyse_an_uploaded_table_of_counts() -> None:
    typed = typed_upload(_raw(race=["A", "B", "C"], cited=["30", "90", ""],
                              inspected=["1,000", "1,500", "70"]), name="counts.csv")
    item = analyse(typed, "cited", "race", denominator="inspected")
    assert [r[:4] for r in item.table.rows] == [["A", "1,000", "30", "3.0%"],
                                                ["B", "1,500", "90", "6.0%"]]
    # The group whose count is unknown has no rate: it is left out of table, chart and
    # sentence, and the notes say so (it used to show as "0" people and "nan%").
    assert item.groups == ["A", "B"] and [b.group for b in item.chart] == ["A", "B"]
    assert item.notes == ("70 rows with a missing or unknown group or outcome were left out. "
                          "C had no people with a known outcome, so no rate can be given and "
                          "it is not in the table.")
    assert "nan" not in " ".join(" ".join(r) for r in item.table.rows) + item.sentence
    against_c = analyse(typed, "cited", "race", denominator="inspected", reference="C")
    assert [r[5] for r in against_c.table.rows] == ["", ""]
    assert against_c.sentence.startswith("C had no people with a known outcome")


def test_evidence_alt_text_describes_the_chart_reports_draw() -> None:
    from equitylab.tool._analysis import evidence_chart

    item = analyse("tallow_business_grants", "awarded", "owner_race_ethnicity",
                   direction="favourable")
    chart = evidence_chart(item)
    assert chart is not None and item.chart_alt == chart.alt_text
    assert len(chart.figure.axes[0].patches) == len(item.chart)


def test_analysing_does_not_draw() -> None:
    # Every participant's session runs one analysis when the app opens; drawing (and
    # importing matplotlib) there would add about a second to each start.
    import subprocess
    import sys

    code = ("import sys\n"
            "from equitylab.tool import analyse\n"
            "analyse('tallow_business_grants', 'awarded', 'owner_race_ethnicity')\n"
            "print('matplotlib' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# --- issue 13.1: an uploaded file's evidence, over generated files ------------------------

def _library(rng) -> pd.DataFrame:
    """A generated yes/no file: 3 to 6 groups, some of them small, as a CSV is read."""
    k = int(rng.integers(3, 7))
    sizes = [int(rng.integers(2, 12)) if rng.random() < 0.3 else int(rng.integers(11, 400))
             for _ in range(k)]
    groups, cards = [], []
    for i, n in enumerate(sizes):
        hits = int(rng.binomial(n, rng.uniform(0.2, 0.9)))
        groups += [f"Group {chr(65 + i)}"] * n
        cards += ["yes"] * hits + ["no"] * (n - hits)
    return typed_upload(pd.DataFrame({"race": groups, "library_card": cards}, dtype=object),
                        name="cards.csv")


@pytest.mark.parametrize("seed", range(16))
def test_an_uploaded_files_evidence_labels_its_hidden_cells_and_states_its_rule(
        seed: int) -> None:
    import numpy as np

    from equitylab.present import HIDDEN_COMPLEMENT
    from equitylab.tool import Worksheet, to_html, to_markdown
    from equitylab.userdata import DataProblem

    rng = np.random.default_rng(seed)
    data = _library(rng)
    direction = str(rng.choice(["adverse", "favourable"]))
    with pytest.raises(DataProblem, match="Choose under Direction"):
        analyse(data, "library_card", "race", direction=None)
    item = analyse(data, "library_card", "race", direction=direction)
    raw = data.groupby("race")["library_card"].agg(["size", "sum"])
    for row in item.table.rows:
        n, events = (int(raw.at[row[0], "size"]), int(raw.at[row[0], "sum"]))
        # A group's size is shown unless it is from 1 to 10 ("suppressed (1–10)"). Its
        # hidden outcome count reads "suppressed (1–10)" only when a count of the group
        # (people, with or without the outcome) is from 1 to 10, else it says it protects
        # a small count: a group of 11 or more is never "1–10" in its People column.
        assert row[1] == (SUPPRESSED if 1 <= n <= 10 else f"{n:,}")
        assert row[2] in (f"{events:,}", SUPPRESSED, HIDDEN_COMPLEMENT)
        small_row = any(1 <= v <= 10 for v in (n, events, n - events))
        assert (row[2] == SUPPRESSED) == (small_row and row[2] != f"{events:,}")
        assert row[2] != HIDDEN_COMPLEMENT or not small_row
    # What the table publishes (with the total of outcomes, the stricter case) gives no
    # hidden count away to a reader of its labels, solved by linear programming.
    order = [r[0] for r in item.table.rows]
    assert audit_group_table(raw.loc[order, "size"].to_numpy(float),
                             raw.loc[order, "sum"].to_numpy(float),
                             [r[1] for r in item.table.rows], [r[2] for r in item.table.rows],
                             (SUPPRESSED,)) == []
    # The headline names its rule, and follows it: the largest gap among the groups
    # worse off than the reference, of the groups whose figures are shown.
    ref = item.reference
    rate = raw["sum"] / raw["size"]
    shown = [r[0] for r in item.table.rows if r[0] != ref and r[5] not in
             (SUPPRESSED, HIDDEN_COMPLEMENT, "")]
    ratio = {g: rate[g] / rate[ref] for g in shown if rate[ref] > 0}
    worse = {g: r for g, r in ratio.items() if (r > 1 if direction == "adverse" else r < 1)}
    if worse:
        pick = (max if direction == "adverse" else min)(worse, key=worse.get)
        assert item.sentence.startswith(f"Largest gap among the groups worse off than {ref}: "
                                        f"{pick} people")
    elif ratio:
        assert item.sentence.startswith(f"No group that can be shown is worse off than {ref}.")
    # All of it flows into the exported reports.
    ws = Worksheet()
    ws.add_evidence(item)
    for report in (to_html(ws), to_markdown(ws)):
        text = report.replace("&amp;", "&").replace("\\", "")
        assert item.sentence.split(":")[0] in text
        if any(HIDDEN_COMPLEMENT in c for r in item.table.rows for c in r):
            assert HIDDEN_COMPLEMENT in text and "are not small themselves" in text


def test_the_issue_example_a_group_of_30_is_not_called_1_to_10() -> None:
    from equitylab.present import HIDDEN_COMPLEMENT

    spec = {"White": (400, 300), "Black": (200, 110), "Asian": (30, 14), "Other": (8, 3)}
    groups, cards = [], []
    for g, (n, e) in spec.items():
        groups += [g] * n
        cards += ["yes"] * e + ["no"] * (n - e)
    data = typed_upload(pd.DataFrame({"race": groups, "library_card": cards}, dtype=object),
                        name="cards.csv")
    item = analyse(data, "library_card", "race", direction="favourable")
    rows = {r[0]: r for r in item.table.rows}
    # The group of 30 shows its size; what is hidden of it says it protects a small count.
    assert rows["Asian"][1] == "30"
    assert SUPPRESSED not in rows["Asian"]
    assert all(c == HIDDEN_COMPLEMENT or c[0].isdigit() for c in rows["Asian"][1:])
    assert rows["Other"][1:3] == [SUPPRESSED] * 2
    # Shown now, the group of 30 has the largest gap (46.7% against 75.0%; Black 55.0%).
    assert item.sentence.startswith("Largest gap among the groups worse off than White: Asian")
