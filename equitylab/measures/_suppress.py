"""Small-cell suppression with complementary suppression.

Cells form a grid (strata x groups). Row totals, column totals and the grand total are
assumed public, as they are whenever a by-area or a by-group table is also released. A
suppressed count must not be recoverable by subtraction from those totals: every line
(row or column) whose total is public holds either no suppressed cell or at least two,
and a rank check on the linear system of totals confirms that no suppressed cell is
determined by them. Only positive cells are used as complements: a hidden zero can be
pinned down by non-negativity and would protect nothing. Where no cell is left to hide
in a line, that line's total is withheld instead. A rank check alone misses what
inequalities give away (zeros are shown, so a hidden cell is at least 1: a total leaving 2
for two hidden cells pins both), so the result is then audited by linear programming
(:func:`equitylab.measures.audit_grid`) and more cells hidden, or totals withheld, until
every small hidden count can still be anything from 1 to the threshold. The audit reads
the table as the course shows it, labels included: a reader who sees "a count between 1
and 10" knows that cell is at most the threshold, and one who sees "hidden so a small count
cannot be worked out" knows that cell is above it (``audit_grid(..., labels=True)``).
Hiding a cell or withholding a total only widens what every hidden cell could be, so a
small cell found protected stays protected while more is hidden. Each step takes the
first fix that brings the exposed cell nearer its band: one more hidden cell in its row,
else its column (the smallest with room for the small one, else the largest), else a
withheld total; when none helps on its own, a total is withheld (several may be needed
together). Every step hides a cell or withholds a total, so the loop ends. Everything
computed from a suppressed cell is suppressed too. A cell whose *rest* (a shown number of
people minus the cell, e.g. those without the outcome) is small is protected the same way:
it must stay free to leave any rest from 1 to the threshold (``rest``).

Group sizes follow their own rule (``complements=False``): a group's number of people is
hidden only when it is small itself, and the totals that add it up (the total number of
people, and so a count of rows read or an overall reference's people) are withheld
instead of hiding other groups' sizes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._disclosure import _first_exposed, _shortfall

__all__ = ["SMALL_CELL_MAX", "SuppressionResult", "suppress_grid", "suppress_table"]

#: Counts from 1 to this number are suppressed (CMS cell-size policy); zero is allowed.
SMALL_CELL_MAX = 10


def _small(x: np.ndarray, threshold: int) -> np.ndarray:
    return (x >= 1) & (x <= threshold)


@dataclass(frozen=True)
class SuppressionResult:
    """Masks produced by :func:`suppress_grid` (all indexed like the grid)."""

    mask: np.ndarray  #: suppressed cells (primary or complementary)
    primary: np.ndarray  #: cells suppressed because they are small themselves
    row_total_hidden: np.ndarray  #: row totals not to show (small, or withheld)
    col_total_hidden: np.ndarray  #: column totals not to show (small, or withheld)
    total_hidden: bool  #: the grand total is small or must be hidden
    row_total_withheld: np.ndarray  #: row totals withheld to protect a cell
    col_total_withheld: np.ndarray  #: column totals withheld to protect a cell
    total_withheld: bool  #: grand total withheld to protect a cell


def _determined(
    mask: np.ndarray,
    present: np.ndarray,
    row_public: np.ndarray,
    col_public: np.ndarray,
    grand_public: bool,
) -> np.ndarray:
    """Cells of ``mask`` whose value follows from the public totals (rank check)."""
    cells = np.argwhere(mask)
    out = np.zeros_like(mask)
    if len(cells) == 0:
        return out
    r_idx, c_idx = cells[:, 0], cells[:, 1]
    rows = r_idx[None, :] == np.flatnonzero(row_public)[:, None]
    cols = c_idx[None, :] == np.flatnonzero(col_public)[:, None]
    grand = np.ones((1 if grand_public else 0, len(cells)), bool)
    m = np.vstack([rows, cols, grand]).astype(float)
    m = m[m.any(axis=1)]
    if len(m) == 0:
        return out
    # Leverage of each unknown in the row space of m, from the small Gram matrix m m^T.
    lam, u = np.linalg.eigh(m @ m.T)
    keep = lam > 1e-9 * max(float(lam.max()), 1.0)
    basis = (m.T @ u[:, keep]) / np.sqrt(lam[keep])
    leverage = (basis**2).sum(axis=1)
    det = leverage > 1 - 1e-8
    out[r_idx[det], c_idx[det]] = True
    return out


def _pick(values: np.ndarray, candidates: np.ndarray, axis: int,
          threshold: int = SMALL_CELL_MAX) -> np.ndarray:
    """Index along ``axis`` of the complement to add per line (see :func:`_roomy`)."""
    roomy = candidates & (values > 2 * threshold)
    smallest_roomy = np.argmin(np.where(roomy, values, np.inf), axis=axis)
    largest = np.argmax(np.where(candidates, values, -1.0), axis=axis)
    return np.where(roomy.any(axis=axis), smallest_roomy, largest)


def _by_totals(
    mask: np.ndarray,
    vals: np.ndarray,
    present: np.ndarray,
    row_public: np.ndarray,
    col_public: np.ndarray,
    grand_public: bool,
    threshold: int = SMALL_CELL_MAX,
) -> bool:
    """Hide cells (in place) until none is determined by the totals alone; new grand flag."""
    nr, nc = mask.shape
    for _ in range(2 * mask.size + nr + nc + 2):
        changed = False
        # 1. A public line with exactly one hidden cell gives it away by subtraction.
        for axis, public in ((1, row_public), (0, col_public)):
            k = mask.sum(axis=axis)
            need = public & (k == 1)
            if not need.any():
                continue
            cand = present & ~mask & (vals > 0)
            pick = _pick(vals, cand, axis, threshold)
            has = cand.any(axis=axis)
            lines = np.flatnonzero(need & has)
            if axis == 1:
                mask[lines, pick[lines]] = True
            else:
                mask[pick[lines], lines] = True
            public[need & ~has] = False  # nothing else to hide: hide the line's total
            changed = True
        if changed:
            continue
        # 2. Any hidden cell still determined by the totals (e.g. a bridge between blocks).
        det = _determined(mask, present, row_public, col_public, grand_public)
        if not det.any():
            break
        # Protect every determined cell at once: one more hidden cell in each affected row
        # (or, where the row has none left, in the column); else withhold the totals.
        rows_det = det.any(axis=1)
        cand = present & ~mask & (vals > 0)
        fix_r = rows_det & cand.any(axis=1)
        pick_r = _pick(vals, cand, 1, threshold)
        mask[np.flatnonzero(fix_r), pick_r[fix_r]] = True
        stuck = det & ~fix_r[:, None]
        if stuck.any():
            cols_det = stuck.any(axis=0)
            fix_c = cols_det & cand.any(axis=0)
            pick_c = _pick(vals, cand, 0, threshold)
            mask[pick_c[fix_c], np.flatnonzero(fix_c)] = True
            still = stuck & ~fix_c[None, :]
            if still.any():
                r, c = np.argwhere(still)[0]
                if row_public[r] or col_public[c]:
                    row_public[r] = col_public[c] = False
                else:
                    grand_public = False
    return grand_public


def _roomy(values: np.ndarray, candidates: np.ndarray, threshold: int) -> int:
    """Index of the complement to add: the smallest candidate with room, else the largest.

    A complementary cell is read as above ``threshold``; one of at least twice the
    threshold plus one leaves a small cell beside it room for every value it could have.
    """
    roomy = candidates & (values > 2 * threshold)
    if roomy.any():
        return int(np.argmin(np.where(roomy, values, np.inf)))
    return int(np.argmax(np.where(candidates, values, -1)))


_Fix = tuple[str, int, int]
_State = tuple[np.ndarray, np.ndarray, np.ndarray, bool]


def _fixes(cell: tuple[int, int], vals: np.ndarray, cand: np.ndarray, threshold: int,
           row_public: np.ndarray, col_public: np.ndarray, grand_public: bool,
           tries: int = 2) -> list[_Fix]:
    """Ways to protect an exposed cell, most preferred first (a few of each kind)."""
    r, c = cell
    out: list[_Fix] = []
    for line, cands, place in ((vals[r], cand[r], lambda j: ("cell", r, j)),
                               (vals[:, c], cand[:, c], lambda i: ("cell", i, c))):
        left = cands.copy()
        for _ in range(min(tries, int(left.sum()))):
            j = _roomy(line, left, threshold)
            left[j] = False
            out.append(place(j))
    out += [("row", r, 0)] * bool(row_public[r]) + [("col", c, 0)] * bool(col_public[c])
    return out + [("grand", 0, 0)] * (grand_public or not out)


def _apply(fix: _Fix, mask: np.ndarray, row_public: np.ndarray, col_public: np.ndarray,
           grand_public: bool, grid: tuple[np.ndarray, np.ndarray] | None,
           threshold: int = SMALL_CELL_MAX) -> _State:
    """Return a copy of the suppression state with one fix applied.

    With ``grid`` (the values and where cells exist), cells are then hidden until none is
    determined by the totals (:func:`_by_totals`).
    """
    mask, row_public, col_public = mask.copy(), row_public.copy(), col_public.copy()
    kind, i, j = fix
    if kind == "cell":
        mask[i, j] = True
    elif kind == "row":
        row_public[i] = False
    elif kind == "col":
        col_public[i] = False
    else:
        grand_public = False
    if grid is not None:
        grand_public = _by_totals(mask, grid[0], grid[1], row_public, col_public, grand_public,
                                  threshold)
    return mask, row_public, col_public, grand_public


def suppress_grid(
    values: np.ndarray,
    primary: np.ndarray | None = None,
    *,
    threshold: int = SMALL_CELL_MAX,
    upper: np.ndarray | None = None,
    complements: bool = True,
    rest: np.ndarray | None = None,
) -> SuppressionResult:
    """Primary and complementary suppression on a 2-D grid of counts.

    Every row total, column total and the grand total is treated as public (even a small
    total, which is itself hidden from display but may be derivable). Cells are hidden
    until no hidden cell is determined by the public cells and totals. Then the result is
    audited by linear programming (:func:`equitylab.measures.audit_grid` with
    ``labels=True``): given the shown cells, the public totals, known upper limits, that
    zeros are shown (so a hidden cell is at least 1) and each hidden cell's label (a
    primary cell whose count is small is at most ``threshold``, a complementary one is
    above it), every small hidden count must still be able to take every value from 1 to
    ``threshold`` (and every ``rest`` cell every value leaving a small rest). Where one
    cannot, a shown cell of its row (else of its column) is hidden too (the smallest of
    at least twice ``threshold`` plus one, else the largest; the first that helps), or,
    with nothing left to hide, the total of its row, column or grid is withheld; and the
    audit runs again. When a total is withheld it is marked hidden, and must not be shown.

    Parameters
    ----------
    values : numpy.ndarray
        Counts, shape (rows, columns); NaN marks a cell that does not exist (a known zero).
    primary : numpy.ndarray of bool, optional
        Extra cells to suppress (e.g. because a related count is small).
    threshold : int, default 10
        Counts from 1 to ``threshold`` are suppressed; zero is allowed.
    upper : numpy.ndarray, optional
        Upper limits the reader knows for each cell (e.g. a denominator shown next to the
        count); the audit takes them into account.
    complements : bool, default True
        Whether other cells may be hidden to protect a small one. With ``False`` only the
        small (and ``primary``) cells are hidden and every total that adds up a hidden
        cell is withheld instead: the course's rule for group sizes, which are shown
        whenever they are not small (the total number of people is then not published).
    rest : numpy.ndarray of bool, optional
        Cells whose rest, ``upper`` minus the cell (the people without the outcome beside
        a shown number of people), is small: each must stay free to take every value that
        leaves a rest from 1 to ``threshold`` (see :func:`equitylab.measures.audit_grid`).

    Returns
    -------
    SuppressionResult

    Examples
    --------
    >>> grid = np.array([[5.0, 40.0, 60.0], [30.0, 45.0, 70.0]])
    >>> suppress_grid(grid).mask.astype(int).tolist()
    [[1, 1, 0], [1, 1, 0]]
    >>> suppress_grid(np.array([[1.0, 1.0, 40.0]])).mask.astype(int).tolist()
    [[1, 1, 1]]
    >>> sizes = suppress_grid(np.array([[7.0, 30.0, 200.0]]), complements=False)
    >>> sizes.mask.astype(int).tolist(), sizes.total_withheld
    ([[1, 0, 0]], True)
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError("values must be a 2-D grid (rows x columns) of counts.")
    present = ~np.isnan(values)
    vals = np.nan_to_num(values, nan=0.0)
    prim = _small(vals, threshold) & present
    if primary is not None:
        prim |= np.asarray(primary, bool) & present
    nr, nc = values.shape
    row_public = np.ones(nr, bool)
    col_public = np.ones(nc, bool)
    mask = prim.copy()
    if complements:
        grand_public = _by_totals(mask, vals, present, row_public, col_public, True, threshold)
    else:
        row_public &= ~mask.any(axis=1)
        col_public &= ~mask.any(axis=0)
        grand_public = not mask.any()
    checked = np.zeros_like(mask)  # small hidden cells found protected (they stay so)
    for _ in range(values.size + nr + nc + 2):
        cell = _first_exposed(values, mask, checked, threshold=threshold,
                              row_public=row_public, col_public=col_public,
                              grand_public=grand_public, upper=upper, primary=prim,
                              rest=rest)
        if cell is None:
            break
        # Try the fixes in order (a complement in its row, in its column, then withholding
        # a total) and take the first that brings this cell nearer its band; if none does
        # on its own, withhold a total (several may be needed together).
        options = _fixes(cell, vals, present & ~mask & (vals > 0) & complements, threshold,
                         row_public, col_public, grand_public)
        grid = (vals, present) if complements else None
        reading = {"threshold": threshold, "upper": upper, "primary": prim, "rest": rest}
        best, best_gap = None, _shortfall(values, mask, cell, row_public=row_public,
                                          col_public=col_public, grand_public=grand_public,
                                          **reading) - 1e-6
        for fix in options:
            state = _apply(fix, mask, row_public, col_public, grand_public, grid, threshold)
            gap = _shortfall(values, state[0], cell, row_public=state[1], col_public=state[2],
                             grand_public=state[3], **reading)
            if gap < best_gap:
                best = state
                break
        if best is None:  # nothing helps on its own: withhold a total
            totals = [f for f in options if f[0] != "cell"] or options
            best = _apply(totals[0], mask, row_public, col_public, grand_public, grid,
                          threshold)
        state = best
        mask, row_public, col_public, grand_public = state
    else:  # every step hides a cell or withholds a total, so this is never reached
        row_public &= ~mask.any(axis=1)
        col_public &= ~mask.any(axis=0)
        grand_public = grand_public and not mask.any()
    row_hidden = ~row_public | _small(vals.sum(axis=1), threshold)
    col_hidden = ~col_public | _small(vals.sum(axis=0), threshold)
    grand_hidden = (not grand_public) or bool(_small(np.array([vals.sum()]), threshold)[0])
    return SuppressionResult(mask, prim, row_hidden, col_hidden, grand_hidden,
                             ~row_public, ~col_public, not grand_public)


def grid_index(
    table: pd.DataFrame, strata: Sequence[str], group: str = "group"
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Row and column positions of each table row on a strata x group grid."""
    if strata:
        ids = table.groupby(list(strata), sort=False, dropna=False).ngroup().to_numpy()
        r, nrows = ids, int(ids.max()) + 1 if len(ids) else 0
    else:
        r, nrows = np.zeros(len(table), dtype=np.int64), 1
    c, cols = pd.factorize(table[group], sort=False)
    return np.asarray(r), np.asarray(c), nrows, len(cols)


def to_grid(r: np.ndarray, c: np.ndarray, nr: int, nc: int, values: np.ndarray) -> np.ndarray:
    """Place values on a grid, NaN where a cell is absent."""
    grid = np.full((nr, nc), np.nan)
    grid[r, c] = values
    return grid


def suppress_table(
    table: pd.DataFrame,
    count: str,
    group: str,
    strata: str | Sequence[str] | None = None,
    *,
    threshold: int = SMALL_CELL_MAX,
) -> pd.DataFrame:
    """Suppress small counts in a long table, with complementary suppression.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per group (and stratum).
    count : str
        Column of counts to protect.
    group : str
        Column of groups (the grid's columns).
    strata : str or list of str, optional
        Columns of strata (the grid's rows), e.g. an area.
    threshold : int, default 10
        Counts from 1 to ``threshold`` are suppressed; zero is allowed.

    Returns
    -------
    pandas.DataFrame
        A copy with ``count`` as nullable integers (NA where suppressed), plus columns
        ``suppressed`` (bool) and ``suppression`` ("small cell", "complementary" or "").

    Examples
    --------
    >>> t = pd.DataFrame({"race": ["A", "B", "C"], "deaths": [4, 50, 60]})
    >>> suppress_table(t, "deaths", "race")[["race", "deaths", "suppression"]]
      race  deaths    suppression
    0    A    <NA>     small cell
    1    B    <NA>  complementary
    2    C      60
    """
    strata_t: tuple[str, ...] = (
        () if strata is None else (strata,) if isinstance(strata, str) else tuple(strata)
    )
    r, c, nr, nc = grid_index(table, strata_t, group)
    res = suppress_grid(
        to_grid(r, c, nr, nc, table[count].to_numpy(dtype=float)), threshold=threshold
    )
    out = table.copy()
    hidden = res.mask[r, c]
    out[count] = out[count].astype("Int64").mask(hidden)
    out["suppressed"] = hidden
    out["suppression"] = np.where(
        res.primary[r, c], "small cell", np.where(hidden, "complementary", "")
    )
    return out
