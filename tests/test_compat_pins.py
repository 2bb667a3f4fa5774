"""The compatibility environment tests exactly the lower bounds that pyproject.toml promises."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def _pins() -> dict[str, Version]:
    pins = {}
    for line in (ROOT / "requirements-compat.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = re.split(r"==", line)
            pins[name.lower().replace("_", "-")] = Version(version)
    return pins


def test_every_dependency_is_pinned_at_its_lower_bound() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = _pins()
    for text in project["dependencies"]:
        req = Requirement(text)
        lows = [Version(s.version) for s in req.specifier if s.operator == ">="]
        assert lows, f"{req.name} has no lower bound in pyproject.toml"
        assert req.name.lower() in pins, f"{req.name} is not in requirements-compat.txt"
        assert pins[req.name.lower()] == lows[0], (req.name, pins[req.name.lower()], lows[0])
        assert pins[req.name.lower()] in req.specifier
