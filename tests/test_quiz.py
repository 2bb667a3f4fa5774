import json

import pytest

from equitylab import quiz


def test_mc_is_json_able() -> None:
    q = quiz.mc("Q?", [("a", True, "yes"), ("b", False, "no")])
    assert json.loads(json.dumps(q)) == q


def test_validate_rejects_empty_and_no_correct() -> None:
    with pytest.raises(ValueError):
        quiz.validate([])
    with pytest.raises(ValueError, match="question 1"):
        quiz.validate([quiz.mc("Q?", [("a", False, "no")])])
