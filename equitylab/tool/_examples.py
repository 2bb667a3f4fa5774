"""Three complete example worksheets, and the tool lab's model answer, on SYNTHETIC data."""

from __future__ import annotations

from pathlib import Path

from ._model import Worksheet, _new_id
from ._storage import load

__all__ = ["EXAMPLES", "LAB_TASK", "MODEL_ANSWERS", "example_path", "load_example"]

_FOLDER = Path(__file__).with_name("examples")

#: Example names (one per kind of decision) and their files.
EXAMPLES = {
    "budget": "budget-tree-canopy.json",
    "policy": "policy-fare-enforcement.json",
    "program": "program-small-business-grants.json",
}


#: Model answers to compare one's own worksheet with: only the steps a task asks for.
MODEL_ANSWERS = {
    "lab task": "model-answer-lab-task.json",
}

#: The tool lab's task: the decision, and the steps it asks participants to complete.
LAB_TASK = {
    "decision": "The school district proposes to move summer credit-recovery classes from "
                "four neighborhood high schools to one central campus, to save money. No "
                "bus is planned. The school board decides in February.",
    "steps": (1, 2, 4),
}


def example_path(name: str) -> Path:
    """Return the file of example ``name`` ("budget", "policy", "program" or "lab task")."""
    files = {**EXAMPLES, **MODEL_ANSWERS}
    if name not in files:
        raise ValueError(f"Unknown example {name!r}; choose from {', '.join(files)}.")
    return _FOLDER / files[name]


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
