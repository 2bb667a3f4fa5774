"""Three complete example worksheets on the SYNTHETIC Tallow River Region data."""

from __future__ import annotations

from pathlib import Path

from ._model import Worksheet, _new_id
from ._storage import load

__all__ = ["EXAMPLES", "example_path", "load_example"]

_FOLDER = Path(__file__).with_name("examples")

#: Example names (one per kind of decision) and their files.
EXAMPLES = {
    "budget": "budget-tree-canopy.json",
    "policy": "policy-fare-enforcement.json",
    "program": "program-small-business-grants.json",
}


def example_path(name: str) -> Path:
    """Return the file of example ``name`` ("budget", "policy" or "program")."""
    if name not in EXAMPLES:
        raise ValueError(f"Unknown example {name!r}; choose from {', '.join(EXAMPLES)}.")
    return _FOLDER / EXAMPLES[name]


def load_example(name: str, *, copy: bool = False) -> Worksheet:
    """Load an example worksheet; with ``copy=True`` it gets a new id, ready to save as yours.

    Examples
    --------
    >>> ws = load_example("policy")
    >>> ws.metadata.kind, "SYNTHETIC" in ws.notes
    ('policy', True)
    """
    ws = load(example_path(name))
    if copy:
        ws.id = _new_id()
        ws.metadata.title = f"Copy of {ws.metadata.title}"
    return ws
