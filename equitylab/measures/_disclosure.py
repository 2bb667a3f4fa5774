"""Check that suppressed cells cannot be worked out from everything published with them.

A reader of a suppressed table knows every shown cell, every published total (row,
column, grand total, or any other published sum such as a "rows read" count), and that
zeros are always shown, so a hidden cell is at least 1. From these, each hidden cell has a
*feasible interval*: the smallest and the largest value it can take in some table that
agrees with everything published. This module computes those intervals by linear
programming (SciPy's HiGHS) and states the rule:

**A small hidden cell (a count from 1 to the threshold T) is protected when its feasible
interval contains the whole band [1, T]**: every value a small count could have is still
possible, so the publication tells nothing about it beyond "small". Other hidden cells
(complements) carry no small count and have no requirement of their own.

A stricter reading (``labels=True``) also uses each hidden cell's label: "a count is
between 1 and 10" caps a small cell at T, and "hidden so a small count cannot be worked
out" implies a complementary cell is above T. The course shows these labels, so this is
the reading it protects against: :func:`equitylab.measures.suppress_grid` guarantees the
rule under it (and so under the default reading, which knows less).

Why linear programming is exact here: with row totals and the grand total (a laminar
family of sets of cells) and column totals (another laminar family), the constraint matrix
is totally unimodular, so with integer totals and integer bounds every vertex of the
feasible polytope is integral and the LP bounds are the integer bounds. An extra published
sum (``extra``) can break that; the intervals are then outer bounds (never narrower than
the integer ones), so :func:`audit_grid` could only pass a table that a cleverer integer
attack would narrow, never fail a safe one; pass ``integer=True`` to solve the mixed
integer program instead (``scipy.optimize.milp``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["ROWS_NOT_SHOWN", "Audit", "audit_grid", "feasible_intervals", "rows_read"]


@dataclass(frozen=True)
class Audit:
    """Feasible intervals of hidden cells and which small ones are exposed."""

    lower: np.ndarray  #: smallest feasible value (the value where shown, NaN if unsolved)
    upper: np.ndarray  #: largest feasible value (inf when unbounded, NaN if unsolved)
    sensitive: np.ndarray  #: hidden cells holding a small count, or whose rest is small
    exposed: np.ndarray  #: sensitive cells whose interval does not contain their band

    @property
    def ok(self) -> bool:
        """Whether no small count can be narrowed below its band."""
        return not bool(self.exposed.any())


#: Ends already found, by problem and cell. Suppression audits a grid again after each cell
#: it hides, and most problems it then sets are ones it has solved before (lab 3's two
#: suppressed tables: 164 solves, 116 of them different); a solve is deterministic, so a
#: repeat is looked up. Emptied when full.
_SOLVED: dict[tuple[bytes, int, float], float] = {}
_SOLVED_MAX = 4096


class _Problem:
    """The published constraints on the hidden cells of one grid, ready to optimise."""

    def __init__(self, values: np.ndarray, hidden: np.ndarray, row_public: np.ndarray | None,
                 col_public: np.ndarray | None, grand_public: bool, lower: np.ndarray | None,
                 upper: np.ndarray | None, extra: Sequence[tuple[np.ndarray, float]],
                 integer: bool) -> None:
        values = np.asarray(values, dtype=np.float64)
        present = ~np.isnan(values)
        vals = np.nan_to_num(values, nan=0.0)
        hid = np.asarray(hidden, bool) & present
        nr, nc = values.shape
        rows = np.ones(nr, bool) if row_public is None else np.asarray(row_public, bool)
        cols = np.ones(nc, bool) if col_public is None else np.asarray(col_public, bool)
        lo_b = np.ones_like(vals) if lower is None else np.asarray(lower, float)
        hi_b = np.full_like(vals, np.inf) if upper is None else np.asarray(upper, float)
        self.vals, self.hidden, self.integer = vals, hid, integer
        self.cells = np.argwhere(hid)
        self.index = {(int(r), int(c)): i for i, (r, c) in enumerate(self.cells)}
        shown = np.where(hid, 0.0, vals)
        sums: list[tuple[np.ndarray, float]] = []
        for i in np.flatnonzero(rows):
            w = np.zeros_like(vals)
            w[i, :] = 1
            sums.append((w, float(vals[i].sum())))
        for j in np.flatnonzero(cols):
            w = np.zeros_like(vals)
            w[:, j] = 1
            sums.append((w, float(vals[:, j].sum())))
        if grand_public:
            sums.append((np.ones_like(vals), float(vals.sum())))
        sums.extend((np.asarray(w, float), float(t)) for w, t in extra)
        a_rows, b = [], []
        for w, total in sums:
            coef = w[self.cells[:, 0], self.cells[:, 1]]
            if coef.any():
                a_rows.append(coef)
                b.append(total - float((w * shown).sum()))
        self.a = np.array(a_rows) if a_rows else None
        self.b = np.array(b)
        self.lb = lo_b[self.cells[:, 0], self.cells[:, 1]]
        self.ub = hi_b[self.cells[:, 0], self.cells[:, 1]]
        # What the optimisation depends on (the shape fixes every part's length).
        a = self.a if self.a is not None else np.zeros((0, len(self.cells)))
        parts = [np.array(a.shape, np.int64), a, self.b, self.lb, self.ub]
        self.digest = hashlib.sha256(b"".join(np.ascontiguousarray(p).tobytes() for p in parts)
                                     + bytes([integer])).digest()

    def end(self, r: int, c: int, sign: float) -> float:
        """Smallest (sign 1) or largest (sign -1) feasible value of hidden cell (r, c)."""
        at = self.index[(r, c)]
        key = (self.digest, at, sign)
        if key not in _SOLVED:
            if len(_SOLVED) >= _SOLVED_MAX:
                _SOLVED.clear()
            bound = self._at_bound(at, sign)
            _SOLVED[key] = bound if bound is not None else self._solve(at, sign)
        return _SOLVED[key]

    def _at_bound(self, at: int, sign: float) -> float | None:
        """Return the cell's own bound in the direction of ``sign`` if a table puts it there.

        The bound is the lower one for sign 1 and the upper one for -1, and it is returned when
        some table that agrees with everything published puts the cell there (else None). No
        table puts a cell beyond its bound, so that bound is then the end itself, with no
        optimisation. The table looked for is the true one, or the true one with a count moved
        around a rectangle of hidden cells (added at two opposite corners, taken from the other
        two: every row and column keeps its total); whatever is found is checked against every
        published sum and bound (and, for ``integer``, integrality) before it is believed. Most
        ends of a suppressed table are found this way (lab 3's two suppressed tables: 69 of
        116); the others are solved.
        """
        target = float(self.lb[at] if sign > 0 else self.ub[at])
        if not np.isfinite(target):
            return None
        truth = self.vals[self.cells[:, 0], self.cells[:, 1]]
        if self._agrees(truth) and truth[at] == target:
            return target
        move = target - truth[at]
        r0, c0 = (int(v) for v in self.cells[at])
        for r1, c1 in self.cells:
            r1, c1 = int(r1), int(c1)
            across = self.index.get((r0, c1)), self.index.get((r1, c0)), self.index.get((r1, c1))
            if r1 == r0 or c1 == c0 or None in across:
                continue
            table = truth.copy()
            table[at] += move
            table[[across[0], across[1]]] -= move
            table[across[2]] += move
            if self._agrees(table):
                return target
        return None

    def _agrees(self, table: np.ndarray) -> bool:
        """Whether values of the hidden cells agree with every published sum and bound."""
        if (table < self.lb - _TOL).any() or (table > self.ub + _TOL).any():
            return False
        if self.integer and not np.allclose(table, np.round(table), rtol=0, atol=_TOL):
            return False
        return self.a is None or bool(np.allclose(self.a @ table, self.b, rtol=0, atol=_TOL))

    def _solve(self, at: int, sign: float) -> float:
        from scipy.optimize import Bounds, LinearConstraint, milp

        k = len(self.cells)
        cost = np.zeros(k)
        cost[at] = sign
        cons = [LinearConstraint(self.a, self.b, self.b)] if self.a is not None else []
        res = milp(cost, constraints=cons, bounds=Bounds(self.lb, self.ub),
                   integrality=np.ones(k, dtype=np.int64) if self.integer else None)
        if res.status != 0 and self.integer:  # HiGHS' MIP may say "infeasible or unbounded"
            res = milp(cost, constraints=cons, bounds=Bounds(self.lb, self.ub))
        if res.status == 3:  # unbounded (only upwards: every cell is at least 0)
            return float(np.inf)
        if res.status != 0:
            raise ValueError("The published numbers are inconsistent with each other.")
        return sign * float(res.fun)


def feasible_intervals(
    values: np.ndarray,
    hidden: np.ndarray,
    *,
    row_public: np.ndarray | None = None,
    col_public: np.ndarray | None = None,
    grand_public: bool = True,
    lower: np.ndarray | None = None,
    upper: np.ndarray | None = None,
    extra: Sequence[tuple[np.ndarray, float]] = (),
    integer: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest value of each hidden cell consistent with what is published.

    Parameters
    ----------
    values : numpy.ndarray
        The true counts, shape (rows, columns); NaN marks a cell that does not exist.
    hidden : numpy.ndarray of bool
        Cells not shown.
    row_public, col_public : numpy.ndarray of bool, optional
        Rows and columns whose totals are published (default: all).
    grand_public : bool, default True
        Whether the grand total is published.
    lower, upper : numpy.ndarray, optional
        What the reader knows of each hidden cell: by default at least 1 (zeros are shown)
        and no upper limit.
    extra : sequence of (weights, total)
        Other published sums: a grid of weights and the published value of the weighted
        sum of the cells, e.g. a count of rows read.
    integer : bool, default False
        Solve for integer cells (a mixed integer program) instead of the LP relaxation.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper ends per cell (equal to the value for shown cells).

    Examples
    --------
    >>> v = np.array([[1.0, 1.0, 40.0]])
    >>> lo, hi = feasible_intervals(v, np.array([[True, True, False]]))
    >>> lo.tolist(), hi.tolist()  # the row total leaves 2 for two cells: both are 1
    ([[1.0, 1.0, 40.0]], [[1.0, 1.0, 40.0]])
    """
    prob = _Problem(values, hidden, row_public, col_public, grand_public, lower, upper,
                    extra, integer)
    out_lo, out_hi = prob.vals.copy(), prob.vals.copy()
    for r, c in prob.cells:
        out_lo[r, c] = prob.end(int(r), int(c), 1.0)
        out_hi[r, c] = prob.end(int(r), int(c), -1.0)
    return out_lo, out_hi


def audit_grid(
    values: np.ndarray,
    hidden: np.ndarray,
    primary: np.ndarray | None = None,
    *,
    threshold: int = 10,
    row_public: np.ndarray | None = None,
    col_public: np.ndarray | None = None,
    grand_public: bool = True,
    upper: np.ndarray | None = None,
    labels: bool = False,
    extra: Sequence[tuple[np.ndarray, float]] = (),
    integer: bool = False,
    first_only: bool = False,
    rest: np.ndarray | None = None,
) -> Audit:
    """Solve for every hidden cell's feasible interval and flag exposed small cells.

    Parameters
    ----------
    values, hidden : numpy.ndarray
        True counts (NaN for absent cells) and the cells not shown.
    primary : numpy.ndarray of bool, optional
        Hidden cells labelled as small ("a count is between 1 and T"); by default the
        hidden cells whose own count is small.
    threshold : int, default 10
        The band is 1 to ``threshold``.
    row_public, col_public : numpy.ndarray of bool, optional
        Rows and columns whose totals are published (default: all).
    grand_public : bool, default True
        Whether the grand total is published.
    upper : numpy.ndarray, optional
        Known upper limits per cell (e.g. a shown denominator).
    labels : bool, default False
        Whether the reader also uses the labels (a stricter reading): a small-labelled cell
        whose own count is small
        is then known to be at most ``threshold``, and a complementary one above it.
        Without labels a hidden cell is only known to be at least 1 (zeros are shown).
    extra : sequence of (weights, total)
        Other published sums (see :func:`feasible_intervals`).
    integer : bool, default False
        Solve the integer program rather than its LP relaxation.
    first_only : bool, default False
        Stop at the first exposed cell (to fix it), leaving later cells unsolved (NaN).
    rest : numpy.ndarray of bool, optional
        Cells whose *rest*, ``upper`` minus the cell (e.g. the people without the outcome
        beside a shown number of people), is a small count to protect too: such a hidden
        cell must still be able to take every value from ``upper - threshold`` to
        ``upper - 1``, so that the rest can be anything from 1 to ``threshold``.

    Returns
    -------
    Audit
        ``lower`` and ``upper`` are solved for small hidden cells (NaN for other hidden
        cells, and ``upper`` also NaN once ``lower`` already shows the cell exposed).

    Examples
    --------
    >>> v = np.array([[5.0, 40.0, 60.0], [30.0, 45.0, 70.0]])
    >>> h = np.array([[True, True, False], [True, True, False]])
    >>> audit_grid(v, h).ok
    True
    >>> audit_grid(np.array([[1.0, 1.0, 40.0]]), np.array([[True, True, False]])).ok
    False
    """
    prob, need = _reader(values, hidden, primary, threshold, row_public, col_public,
                         grand_public, upper, labels, extra, integer, rest)
    vals, hid = prob.vals, prob.hidden
    lo, hi = vals.copy(), vals.copy()
    lo[hid], hi[hid] = np.nan, np.nan
    sensitive = np.isfinite(need[0])
    exposed = np.zeros_like(hid)
    for r, c in np.argwhere(sensitive):
        band = need[0][r, c], need[1][r, c]
        lo[r, c], hi[r, c] = _ends(prob, int(r), int(c), band)
        exposed[r, c] = not _holds(lo[r, c], hi[r, c], band)
        if exposed[r, c] and first_only:
            break
    return Audit(lo, hi, sensitive, exposed)


_TOL = 1e-6


def _reader(values: np.ndarray, hidden: np.ndarray, primary: np.ndarray | None,
            threshold: int, row_public: np.ndarray | None, col_public: np.ndarray | None,
            grand_public: bool, upper: np.ndarray | None, labels: bool,
            extra: Sequence[tuple[np.ndarray, float]], integer: bool,
            rest: np.ndarray | None) -> tuple[_Problem, tuple[np.ndarray, np.ndarray]]:
    """Return what a reader knows (see audit_grid) and the band each sensitive cell needs.

    The band is (NaN where a cell is not sensitive) the interval a hidden cell's feasible
    interval must contain: 1 to ``threshold`` for a small count, ``upper - threshold`` to
    ``upper - 1`` for a cell whose rest is small, and both for a cell that is both.
    """
    values = np.asarray(values, dtype=np.float64)
    present = ~np.isnan(values)
    vals = np.nan_to_num(values, nan=0.0)
    hid = np.asarray(hidden, bool) & present
    small = hid & (vals >= 1) & (vals <= threshold)
    prim = small if primary is None else np.asarray(primary, bool) & hid
    lo_b = np.ones_like(vals)
    hi_b = np.full_like(vals, np.inf) if upper is None else np.asarray(upper, float).copy()
    lo_b = np.minimum(lo_b, vals)  # a hidden zero (hidden with its whole row) may be 0
    mine = np.zeros_like(hid)
    if rest is not None and upper is not None:
        cap = np.asarray(upper, float)
        with np.errstate(invalid="ignore"):
            left = cap - vals
            mine = hid & np.asarray(rest, bool) & np.isfinite(cap) & (left >= 1) & (
                left <= threshold)
    if labels:
        # "A count of the group is small" caps a small cell, unless its rest is small too
        # (then the label does not say which of the two is small).
        hi_b = np.where(prim & small & ~mine, np.minimum(hi_b, threshold), hi_b)
        lo_b = np.where(hid & ~prim, np.maximum(lo_b, np.minimum(vals, threshold + 1)), lo_b)
    prob = _Problem(values, hid, row_public, col_public, grand_public, lo_b, hi_b, extra,
                    integer)
    need_lo = np.where(small, 1.0, np.nan)
    need_hi = np.where(small, float(threshold), np.nan)
    if mine.any():
        cap = np.asarray(upper, float)
        need_lo = np.where(mine, np.fmin(need_lo, np.maximum(cap - threshold, lo_b)), need_lo)
        need_hi = np.where(mine, np.fmax(need_hi, cap - 1), need_hi)
    return prob, (need_lo, need_hi)


def _ends(prob: _Problem, r: int, c: int, band: tuple[float, float]) -> tuple[float, float]:
    """Feasible interval of a hidden cell (the upper end NaN once the lower misses the band)."""
    lo = prob.end(r, c, 1.0)
    return lo, (prob.end(r, c, -1.0) if lo <= band[0] + _TOL else float("nan"))


def _holds(lo: float, hi: float, band: tuple[float, float]) -> bool:
    """Whether an interval holds the whole band."""
    return bool(lo <= band[0] + _TOL and hi >= band[1] - _TOL)


def _first_exposed(
    values: np.ndarray,
    hidden: np.ndarray,
    checked: np.ndarray,
    *,
    threshold: int = 10,
    row_public: np.ndarray | None = None,
    col_public: np.ndarray | None = None,
    grand_public: bool = True,
    upper: np.ndarray | None = None,
    primary: np.ndarray | None = None,
    rest: np.ndarray | None = None,
) -> tuple[int, int] | None:
    """Find the first small hidden cell a reader of the labels can narrow, if any.

    The same reading as ``audit_grid(..., labels=True)``. Cells marked in ``checked`` are
    skipped and cells found protected are marked there (in place): hiding more cells or
    withholding a total only widens every feasible interval, so a protected cell stays
    protected while
    :func:`equitylab.measures.suppress_grid` hides more.

    Parameters
    ----------
    values, hidden : numpy.ndarray
        True counts (NaN for absent cells) and the cells not shown.
    checked : numpy.ndarray of bool
        Small hidden cells already found protected; updated in place.
    threshold : int, default 10
        The band is 1 to ``threshold``.
    row_public, col_public, grand_public, upper, primary, rest
        As for :func:`audit_grid`.

    Returns
    -------
    tuple of int or None
        Row and column of the first exposed cell.
    """
    prob, need = _reader(values, hidden, primary, threshold, row_public, col_public,
                         grand_public, upper, True, (), False, rest)
    for r, c in np.argwhere(np.isfinite(need[0]) & ~checked):
        band = need[0][r, c], need[1][r, c]
        if not _holds(*_ends(prob, int(r), int(c), band), band):
            return int(r), int(c)
        checked[r, c] = True
    return None


def _shortfall(
    values: np.ndarray,
    hidden: np.ndarray,
    cell: tuple[int, int],
    *,
    threshold: int,
    row_public: np.ndarray,
    col_public: np.ndarray,
    grand_public: bool,
    upper: np.ndarray | None,
    primary: np.ndarray | None,
    rest: np.ndarray | None,
) -> float:
    """How far a sensitive hidden cell's feasible interval falls short of its band (0: safe).

    The same reading as :func:`_first_exposed`; used to choose among ways to protect it.
    """
    prob, need = _reader(values, hidden, primary, threshold, row_public, col_public,
                         grand_public, upper, True, (), False, rest)
    r, c = cell
    lo, hi = prob.end(r, c, 1.0), prob.end(r, c, -1.0)
    return max(0.0, lo - float(need[0][r, c])) + max(0.0, float(need[1][r, c]) - hi)


#: Said instead of a row count when the count would give hidden counts away.
ROWS_NOT_SHOWN = ("The number of rows is not shown: with it, the hidden small counts could "
                  "be worked out.")


def rows_read(n_rows: int, *, any_hidden: bool) -> str:
    """Say how many rows a file had, or nothing when that would give away hidden counts.

    Rows read = every group's count + rows left out, so the row count published next to a
    table with hidden groups gives away their sum; rounding does not help (a count near
    the top of its rounding interval still pins a small hidden sum). When anything is
    hidden the count is therefore not given (the empty string; say
    :data:`ROWS_NOT_SHOWN` instead).

    Examples
    --------
    >>> rows_read(1737, any_hidden=False)
    '1,737 rows'
    >>> rows_read(1737, any_hidden=True)
    ''
    """
    return "" if any_hidden else f"{n_rows:,} rows"
