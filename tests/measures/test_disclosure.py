"""Suppression holds against everything published with it (issue 14.2).

The checker solves, for each hidden cell, the smallest and largest value consistent with
the shown cells, the published totals, the fact that zeros are shown, and the cells'
labels; a small count is protected when every value from 1 to the threshold stays possible.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from equitylab import measures as m
from equitylab.labs import first_look, stops

T = m.SMALL_CELL_MAX


def published(res: m._suppress.SuppressionResult) -> dict:
    return {"row_public": ~res.row_total_withheld, "col_public": ~res.col_total_withheld,
            "grand_public": not res.total_withheld}


def random_grids(seed: int, count: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    out = []
    for i in range(count):
        shape = (1, int(rng.integers(2, 8))) if i % 3 == 0 else tuple(rng.integers(2, 5, 2))
        pools = ([0, 0, 1, 2, 3, 7, 10, 11, 15, 40, 200], [1, 1, 2, 12, 13, 30])
        pool = pools[i % 2]
        grid = rng.choice(pool, size=shape).astype(float)
        if i % 5 == 4:
            grid[tuple(rng.integers(0, s) for s in shape)] = np.nan  # a cell that cannot exist
        out.append(grid)
    return out


def brute_force(values, hidden, lower, upper, span=20):
    """Integer intervals by enumeration, for tiny grids (checks the LP)."""
    cells = np.argwhere(hidden)
    vals = np.nan_to_num(values)
    lo = {tuple(c): np.inf for c in cells}
    hi = {tuple(c): -np.inf for c in cells}
    ranges = [range(int(lower[tuple(c)]), int(min(upper[tuple(c)], span)) + 1) for c in cells]
    for combo in itertools.product(*ranges):
        g = vals.copy()
        for c, v in zip(cells, combo, strict=True):
            g[tuple(c)] = v
        if (np.allclose(g.sum(1), vals.sum(1)) and np.allclose(g.sum(0), vals.sum(0))):
            for c, v in zip(cells, combo, strict=True):
                lo[tuple(c)] = min(lo[tuple(c)], v)
                hi[tuple(c)] = max(hi[tuple(c)], v)
    return lo, hi


def test_checker_finds_what_the_issue_found():
    # A row total leaving 2 for two hidden cells pins both to 1.
    # (A one-row table publishes its row total; its "column totals" are the cells.)
    one_row = {"col_public": np.zeros(3, bool)}
    v = np.array([[1.0, 1.0, 40.0]])
    a = m.audit_grid(v, np.array([[True, True, False]]), **one_row)
    assert a.exposed.tolist() == [[True, True, False]]
    assert a.lower[0, 0] == a.upper[0, 0] == 1
    # Reading the labels (a complementary cell is above 10), a small cell hidden with a
    # complementary one of 11 is capped at 5 by the total 16.
    a = m.audit_grid(np.array([[5.0, 11.0, 300.0]]), np.array([[True, True, False]]),
                     labels=True, **one_row)
    assert a.lower[0, 0] == 1 and a.upper[0, 0] == 5 and not a.ok
    # Without the labels (only "hidden cells are at least 1") the same cell is safe.
    assert m.audit_grid(np.array([[5.0, 11.0, 300.0]]), np.array([[True, True, False]]),
                        **one_row).ok


def test_lp_intervals_match_integer_enumeration():
    rng = np.random.default_rng(5)
    checked = 0
    for _ in range(10):
        v = rng.choice([1, 2, 3, 6, 9, 12], size=(2, 3)).astype(float)
        hidden = rng.random((2, 3)) < 0.4
        if not 1 <= hidden.sum() <= 3:
            continue
        lower, upper = np.ones_like(v), np.full_like(v, np.inf)
        lo, hi = m.feasible_intervals(v, hidden)
        blo, bhi = brute_force(v, hidden, lower, upper)
        for c in np.argwhere(hidden):
            assert (lo[tuple(c)], hi[tuple(c)]) == (blo[tuple(c)], bhi[tuple(c)])
            checked += 1
        ilo, ihi = m.feasible_intervals(v, hidden, integer=True)
        np.testing.assert_array_equal(lo, ilo)
        np.testing.assert_array_equal(hi, ihi)
    assert checked > 8


def test_suppression_holds_on_random_grids():
    """Seeded grids, 1 x K and R x K, with zeros and absent cells, every total public."""
    grids = random_grids(2026, 36)
    sensitive = 0
    for grid in grids:
        res = m.suppress_grid(grid)
        small = (grid >= 1) & (grid <= T)
        assert not (small & ~res.mask).any()
        assert not (res.mask & (np.nan_to_num(grid) == 0)).any()  # zeros stay shown
        a = m.audit_grid(grid, res.mask, res.primary, **published(res))
        assert a.ok, (grid, res.mask)
        ia = m.audit_grid(grid, res.mask, res.primary, integer=True, **published(res))
        assert ia.ok
        sensitive += int(a.sensitive.sum())
    assert sensitive > 100


def test_suppression_respects_shown_denominators():
    rng = np.random.default_rng(11)
    for _ in range(8):
        n = rng.choice([25, 40, 60, 300], size=(3, 3)).astype(float)
        e = np.minimum(rng.choice([1, 4, 12, 20, 35], size=(3, 3)).astype(float), n)
        res = m.suppress_grid(e, upper=n)
        assert m.audit_grid(e, res.mask, res.primary, upper=n, **published(res)).ok


def _audit_published(long: pd.DataFrame, strata: list[str], group: str, true: str,
                     shown_hidden: np.ndarray, primary: np.ndarray,
                     upper: np.ndarray | None = None) -> m.Audit:
    """Audit what a lab published: its hidden cells, against every total being public."""
    r, c, nr, nc = m._suppress.grid_index(long, strata, group)
    grid = m._suppress.to_grid(r, c, nr, nc, long[true].to_numpy(float))
    hidden = m._suppress.to_grid(r, c, nr, nc, shown_hidden.astype(float)) > 0
    prim = m._suppress.to_grid(r, c, nr, nc, primary.astype(float)) > 0
    cap = None if upper is None else m._suppress.to_grid(r, c, nr, nc, upper)
    # Column totals are published only when there are rows to add up.
    return m.audit_grid(grid, hidden, prim, upper=cap, col_public=np.full(nc, nr > 1))


def test_lab_outputs_pass_the_audit():
    """The stops lab's perceived-race table, the first look's rates and a stratified table."""
    from equitylab import datasets

    data = datasets.load("mpls_stops", show_caveats=False)
    wide, _ = stops.perceived_race_table(data)
    both = data.dropna(subset=["race", "race_before_contact"])
    known = both[(both["race"] != "Unknown") & (both["race_before_contact"] != "Unknown")]
    long = known.groupby(["race_before_contact", "race"], observed=True).size()
    long = long.rename("stops").reset_index().astype({"race": str, "race_before_contact": str})
    shown = wide.set_index("Perceived before contact")
    hidden = np.array([shown.loc[a, b] == "hidden" for a, b in
                       zip(long["race_before_contact"], long["race"], strict=True)])
    assert hidden.any()
    small = long["stops"].between(1, T).to_numpy()
    a = _audit_published(long, ["race_before_contact"], "race", "stops", hidden, small)
    assert a.ok and a.sensitive.sum() == small.sum()

    rates = first_look.outcome_rates(data, "race", "person_searched")
    counts = m.count(data, "race", "person_searched").table
    hidden = rates["events"].isna().to_numpy()
    small = counts["events"].between(1, T).to_numpy()
    a = _audit_published(counts, [], "group", "events", hidden, small,
                         upper=counts["n"].to_numpy(float))  # n is shown beside it
    assert a.ok

    out = m.disparities(data, "race", "person_searched", strata="precinct",
                        measures=["estimate"])
    out.attrs = {}  # (notes and excluded rows: not needed here)
    est = out[out["measure"] != "excluded_rows"].reset_index(drop=True)
    tab = m.count(data, "race", "person_searched", strata="precinct").table.copy()
    tab.attrs = {}
    tab = tab.astype({"group": str, "precinct": str}).reset_index(drop=True)
    est = est.astype({"group": str, "precinct": str})
    merged = tab.merge(est[["precinct", "group", "events", "n", "flags"]],
                       on=["precinct", "group"], suffixes=("", "_shown"))
    hidden = merged["events_shown"].isna().to_numpy()
    assert hidden.any()
    prim = merged["flags"].str.contains("suppressed_small_cell").to_numpy()
    cap = np.where(merged["n_shown"].isna(), np.inf, merged["n"].to_numpy(float))
    a = _audit_published(merged, ["precinct"], "group", "events", hidden, prim, upper=cap)
    assert a.ok and a.sensitive.any()


def test_rows_read_line_does_not_pin_hidden_groups():
    """Lab 6's "Read N rows" line: with a hidden group, N minus the shown groups pins it."""
    from equitylab.widgets.byod import byod_app

    rng = np.random.default_rng(9)
    big = ["A"] * 300 + ["B"] * 200 + ["C"] * int(rng.integers(1, 6))
    frame = pd.DataFrame({"race": big, "flag": rng.integers(0, 2, len(big))})
    app = byod_app(frame, name="mine.csv")
    app.set_mapping("race", "flag")
    status = app.message.value
    assert "mine.csv" in status
    assert str(len(frame)) not in status.replace(",", "")
    assert m.ROWS_NOT_SHOWN in status
    assert m.rows_read(1737, any_hidden=False) == "1,737 rows"


# --- What readers of the labels can work out (issues 13.1 and 14.2) ------------------------

def generated_grids(seed: int, count: int) -> list[np.ndarray]:
    """Grids as the course makes them, with counts crowded around the threshold.

    In turn: a row of 2 to 20 groups, a column of 2 to 20 strata, 2 to 20 strata by 2 to 4
    groups, and small squares; zeros throughout and, in every fifth grid, an absent cell.
    """
    rng = np.random.default_rng(seed)
    pool = [0, 0, 1, 2, 3, 5, 7, 9, 10, 11, 12, 14, 16, 30, 45, 200, 1000]
    out = []
    for i in range(count):
        shape = [(1, int(rng.integers(2, 21))), (int(rng.integers(2, 21)), 1),
                 (int(rng.integers(2, 21)), int(rng.integers(2, 5))),
                 (int(rng.integers(2, 5)), int(rng.integers(2, 5)))][i % 4]
        grid = rng.choice(pool, size=shape).astype(float)
        if i % 5 == 4:
            grid[tuple(int(rng.integers(0, s)) for s in shape)] = np.nan
        out.append(grid)
    return out


def test_suppression_holds_for_readers_of_the_labels():
    """A small cell is at most 10, a complementary one above it: still nothing narrows."""
    small = 0
    for grid in generated_grids(2027, 24):
        res = m.suppress_grid(grid)
        assert not ((grid >= 1) & (grid <= T) & ~res.mask).any()
        assert not (res.mask & (np.nan_to_num(grid) == 0)).any()  # zeros stay shown
        a = m.audit_grid(grid, res.mask, res.primary, labels=True, **published(res))
        assert a.ok, (grid.tolist(), res.mask.tolist(), np.argwhere(a.exposed).tolist())
        small += int(a.sensitive.sum())
    assert small > 120


def test_suppression_protects_the_people_without_the_outcome():
    """Beside a shown number of people, hidden events must leave the non-events free too."""
    rng = np.random.default_rng(12)
    checked = 0
    for _ in range(12):
        n = rng.choice([12, 15, 20, 30, 60, 400], size=(1, int(rng.integers(2, 9)))).astype(float)
        e = np.minimum(rng.choice([0, 2, 12, 14, 25, 50, 395], size=n.shape), n).astype(float)
        rest = ((n - e) >= 1) & ((n - e) <= T)
        res = m.suppress_grid(e, rest, upper=n, rest=rest)
        a = m.audit_grid(e, res.mask, res.primary, labels=True, upper=n, rest=rest,
                         **published(res))
        assert a.ok, (n.tolist(), e.tolist(), res.mask.tolist())
        checked += int((a.sensitive & rest).sum())
    assert checked >= 8


def _is_number(text: str) -> bool:
    return text.replace(",", "").isdigit()


def audit_group_table(n: np.ndarray, e: np.ndarray, people: list[str], events: list[str],
                      small_labels: tuple[str, ...], *, events_total: bool = True,
                      people_total: bool = False) -> list[str]:
    """Problems a reader of a published table of groups could find (none when it holds).

    ``n`` and ``e`` are the true people and events per group; ``people`` and ``events`` the
    cells as published; hidden cells whose text is in ``small_labels`` say a count of the
    group is small, any other hidden text says it protects one. The reader is given the
    labels, every shown number, that zeros are shown, each shown group size as a cap on its
    events, and the totals of events and of people where they are published (the total of
    events by default, the stricter case). Group sizes must be shown unless small.
    """
    problems = []
    for i, (size, text) in enumerate(zip(n, people, strict=True)):
        small = 1 <= size <= T
        if _is_number(text) == small:
            problems.append(f"group {i}: size {size:g} {'shown' if small else 'hidden'}")
        elif not small or text in small_labels:
            continue
        problems.append(f"group {i}: small size labelled {text!r}")
    hidden = np.array([[not _is_number(t) for t in events]])
    labelled_small = np.array([[t in small_labels for t in events]]) & hidden
    shown_n = np.array([_is_number(t) for t in people])
    cap = np.where(shown_n, n, np.inf)[None, :]
    grid = np.asarray(e, float)[None, :]
    cells = {"col_public": np.zeros(len(n), bool)}  # one row: a column's total is its cell
    a = m.audit_grid(grid, hidden, labelled_small, labels=True, upper=cap,
                     rest=hidden & shown_n[None, :], row_public=np.array([events_total]),
                     grand_public=events_total, **cells)
    problems += [f"events of group {c} narrowed to {a.lower[0, c]:g}-{a.upper[0, c]:g}"
                 for _, c in np.argwhere(a.exposed)]
    a = m.audit_grid(np.asarray(n, float)[None, :], ~shown_n[None, :], labels=True,
                     row_public=np.array([people_total]), grand_public=people_total, **cells)
    problems += [f"size of group {c} narrowed to {a.lower[0, c]:g}-{a.upper[0, c]:g}"
                 for _, c in np.argwhere(a.exposed)]
    return problems


def group_tables(seed: int, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """People and events of 2 to 20 groups; the first holds the issue's group of 30 (14)."""
    rng = np.random.default_rng(seed)
    out = [(np.array([30.0, 7.0, 200.0]), np.array([14.0, 3.0, 60.0]))]
    for _ in range(count - 1):
        k = int(rng.integers(2, 21))
        n = rng.choice([1, 4, 9, 10, 11, 12, 15, 22, 30, 60, 250], size=k).astype(float)
        share = rng.choice([0.0, 0.1, 0.47, 0.9, 1.0], size=k)
        e = np.clip(np.round(n * share + rng.integers(-2, 3, size=k)), 0, n)
        out.append((n, e))
    return out


def test_group_tables_show_sizes_and_protect_every_count():
    """rates_by_group (lab 1) and disparities (labs 2 and 6) on generated group tables."""
    from equitylab.labs.comparison import compare
    from equitylab.present import HIDDEN_COMPLEMENT, display_table
    from equitylab.widgets.first_look import rate_table_html

    tried = hidden_sizes = 0
    for n, e in group_tables(4, 8):
        names = [f"g{i:02d}" for i in range(len(n))]
        people = pd.DataFrame({
            "g": np.repeat(names, n.astype(int)),
            "y": np.concatenate([[1] * int(k) + [0] * int(t - k) for t, k in zip(n, e,
                                                                                  strict=True)])})
        counts = m.count(people, "g", "y")
        # The totals are published only through an overall reference: hidden when withheld.
        overall = compare(counts, reference="overall").tidy
        totals = {"events_total": bool(overall["ref_events"].notna().any()),
                  "people_total": bool(overall["ref_n"].notna().any())}
        first = m.rates_by_group(people, "g", "y").set_index("group").loc[names]
        shown_n = [("" if pd.isna(v) else str(int(v))) for v in first["n"]]
        ev = ["complement" if s == "complementary" else ("small" if s else str(int(v)))
              for v, s in zip(first["events"], first["suppression"], strict=True)]
        assert audit_group_table(n, e, shown_n, ev, ("small", ""), **totals) == []
        assert "1–10" in rate_table_html(first.reset_index(), group_label="G",
                                         outcome_label="Y") or not first["suppressed"].any()
        comp = compare(counts, reference="largest")
        table = display_table(comp).assign(g=list(comp.wide["group"])).set_index("g")
        table = table.loc[names]
        small = ("hidden (small count)",)
        assert audit_group_table(n, e, list(table["People"]), list(table["Events"]),
                                 small, **totals) == []
        assert set(table["People"][~table["People"].map(_is_number)]) <= set(small)
        assert set(table["Events"][~table["Events"].map(_is_number)]) <= {*small,
                                                                          HIDDEN_COMPLEMENT}
        tried += 1
        hidden_sizes += int((~first["n"].notna()).sum())
    assert tried == 8 and hidden_sizes >= 6


def test_a_problem_solved_before_is_looked_up_not_solved_again(monkeypatch):
    """Suppression re-audits a grid after each cell it hides: a repeated problem costs no
    second solve, gives the same intervals, and a different problem is never taken for it."""
    import scipy.optimize

    from equitylab.measures import _disclosure

    solves = []
    milp = scipy.optimize.milp
    monkeypatch.setattr(scipy.optimize, "milp", lambda *a, **k: solves.append(1) or milp(*a, **k))
    monkeypatch.setattr(_disclosure, "_SOLVED", {})
    # Every end solved here (none found at its bound without solving: see the next test).
    monkeypatch.setattr(_disclosure._Problem, "_at_bound", lambda self, at, sign: None)
    grid = np.array([[5.0, 40.0, 60.0], [30.0, 45.0, 70.0]])
    hidden = np.array([[True, True, False], [True, True, False]])
    first = m.feasible_intervals(grid, hidden)
    n = len(solves)
    assert n == 2 * int(hidden.sum())  # each hidden cell's smallest and largest value
    again = m.feasible_intervals(grid, hidden)
    assert len(solves) == n
    assert all(np.array_equal(x, y) for x, y in zip(first, again, strict=True))
    # Same shape, other totals: solved afresh, with its own answer.
    other = m.feasible_intervals(grid + np.array([[0.0, 0.0, 0.0], [0.0, 5.0, 0.0]]), hidden)
    assert len(solves) == 2 * n
    assert not np.array_equal(other[1], first[1])
    # Emptied when full: still right.
    monkeypatch.setattr(_disclosure, "_SOLVED_MAX", 1)
    assert all(np.array_equal(x, y) for x, y in zip(first, m.feasible_intervals(grid, hidden),
                                                      strict=True))


def test_an_end_at_the_cells_own_bound_is_found_without_solving(monkeypatch):
    """Ends found at a cell's own bound (a table that agrees with everything published puts
    it there) are exactly the ends the solver finds, on seeded random grids with labels,
    withheld totals, known upper limits, an extra published sum and integer programs; and
    they spare most solves of a suppressed table."""
    import scipy.optimize

    from equitylab.measures import _disclosure

    def intervals(fast: bool) -> list[tuple[np.ndarray, ...]]:
        monkeypatch.setattr(_disclosure, "_SOLVED", {})
        if not fast:
            monkeypatch.setattr(_disclosure._Problem, "_at_bound",
                                lambda self, at, sign: None)
        rng = np.random.default_rng(17)
        out = []
        for i, grid in enumerate(random_grids(2027, 60)):
            hidden = (rng.random(grid.shape) < 0.5) & ~np.isnan(grid)
            if not hidden.any():
                continue
            rows, cols = grid.shape
            row_public = rng.random(rows) < 0.8
            col_public = rng.random(cols) < 0.8
            upper = np.where(rng.random(grid.shape) < 0.3, np.nan_to_num(grid) + 3, np.inf)
            extra = [(np.ones_like(grid), float(np.nansum(grid)))] if i % 7 == 0 else []
            for labels, integer in [(False, False), (True, False), (True, True)]:
                a = m.audit_grid(grid, hidden, threshold=T, row_public=row_public,
                                 col_public=col_public, grand_public=i % 4 != 0,
                                 upper=upper, labels=labels, extra=extra, integer=integer)
                out.append((a.lower, a.upper, a.exposed))
            # (Its readers know every hidden cell is at least 1: zeros are shown.)
            out.append(m.feasible_intervals(grid, hidden & (np.nan_to_num(grid) > 0),
                                            row_public=row_public, col_public=col_public))
        return out

    solves: list[int] = []
    milp = scipy.optimize.milp
    monkeypatch.setattr(scipy.optimize, "milp",
                        lambda *a, **k: solves.append(1) or milp(*a, **k))
    fast = intervals(True)
    fast_solves = len(solves)
    slow = intervals(False)
    assert len(fast) > 100
    for got, want in zip(fast, slow, strict=True):
        for x, y in zip(got, want, strict=True):
            np.testing.assert_array_equal(x, y)
    assert 0 < fast_solves < 0.8 * (len(solves) - fast_solves)
    # Lab 3's table of perceived against recorded race, suppressed: most ends need no solve.
    monkeypatch.undo()
    monkeypatch.setattr(_disclosure, "_SOLVED", {})
    solves.clear()
    monkeypatch.setattr(scipy.optimize, "milp",
                        lambda *a, **k: solves.append(1) or milp(*a, **k))
    ends: list[int] = []
    end = _disclosure._Problem.end
    monkeypatch.setattr(_disclosure._Problem, "end",
                        lambda self, r, c, sign: ends.append(1) or end(self, r, c, sign))
    stops.perceived_race_table(stops.load_stops())
    assert len(solves) < 0.6 * len(ends)
