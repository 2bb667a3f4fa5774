"""Every chapter of the narrative parts has the parts the course promises.

Reads the chapter sources listed in ``_toc.yml`` under the four narrative parts
(Foundations; The framework and the tool; Building a movement; Case study) and checks: the
Overview (time, prerequisites, questions, objectives), key points, a knowledge check of 3 to
5 questions, at least two exercises with dropdown solutions, discussion prompts, and that
every ``{cite}`` key is in references.bib and every ``{term}`` is in the glossary.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHAPTER_PARTS = {
    "Foundations",
    "The framework and the tool",
    "Building a movement",
    "Case study",
}


def chapter_files() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = []
    for part in toc.get("parts", []):
        if part.get("caption") not in CHAPTER_PARTS:
            continue
        for entry in part.get("chapters", []):
            stem = ROOT / entry["file"]
            for suffix in (".md", ".ipynb"):
                if stem.with_suffix(suffix).exists():
                    files.append(stem.with_suffix(suffix))
                    break
            else:
                files.append(stem.with_suffix(".md"))
    return files


def bib_keys() -> set[str]:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.M))


def glossary_terms() -> set[str]:
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return {line.strip().lower() for line in block.splitlines() if line and not line[0].isspace()}


def admonition(text: str, title: str) -> str | None:
    match = re.search(r"```\{admonition\} " + re.escape(title) + r"\n(.*?)\n```", text, re.S)
    return match.group(1) if match else None


CHAPTERS = chapter_files()


def test_there_are_chapters() -> None:
    assert len(CHAPTERS) >= 1


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_structure(path: Path) -> None:
    assert path.exists(), f"{path} is in _toc.yml but missing"
    text = path.read_text(encoding="utf-8")
    problems = []

    overview = admonition(text, "Overview")
    if overview is None or ":class: seealso" not in overview:
        problems.append("no Overview admonition with :class: seealso")
    else:
        for needle in ("**Time:**", "**Prerequisites:**", "**Questions**", "**Objectives**"):
            if needle not in overview:
                problems.append(f"Overview lacks {needle}")
        objectives = overview.split("**Objectives**", 1)[-1]
        if not re.search(r"^- \S", objectives, re.M):
            problems.append("Overview lists no objectives")

    keypoints = admonition(text, "Key points")
    if keypoints is None or ":class: important" not in keypoints:
        problems.append("no Key points admonition with :class: important")
    elif len(re.findall(r"^- \S", keypoints, re.M)) < 2:
        problems.append("Key points has fewer than two points")

    quiz_cells = [
        cell
        for cell in re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, re.S)
        if "remove-input" in cell and ("quiz.show(" in cell or "display_quiz(" in cell)
    ]
    if not quiz_cells:
        problems.append("no knowledge check (quiz in a code cell tagged remove-input)")
    else:
        n_questions = sum(c.count('"question"') + c.count("quiz.mc(") for c in quiz_cells)
        if not 3 <= n_questions <= 5:
            problems.append(f"knowledge check has {n_questions} questions, not 3 to 5")

    exercises = re.findall(r"```\{exercise\}\n:label: (\S+)", text)
    if len(exercises) < 2:
        problems.append(f"{len(exercises)} exercises, need at least 2")
    for label in exercises:
        solution = re.search(
            r"```\{solution\} " + re.escape(label) + r"\n((?::[^\n]*\n)*)", text
        )
        if solution is None:
            problems.append(f"exercise {label} has no solution")
        elif ":class: dropdown" not in solution.group(1):
            problems.append(f"solution to {label} is not a dropdown")

    if not re.search(r"^#{2,3} Discussion", text, re.M):
        problems.append("no Discussion section")
    else:
        section = re.split(r"^#{2,3} Discussion[^\n]*\n", text, flags=re.M)[1]
        section = re.split(r"^#{1,3} ", section, flags=re.M)[0]
        if len(re.findall(r"^\d+\. \S", section, re.M)) < 2:
            problems.append("Discussion has fewer than two numbered prompts")

    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_citations_resolve(path: Path) -> None:
    keys = bib_keys()
    text = path.read_text(encoding="utf-8")
    cited = {
        key.strip()
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text)
        for key in group.split(",")
    }
    missing = sorted(cited - keys)
    assert not missing, f"{path.name} cites keys not in references.bib: {missing}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_terms_resolve(path: Path) -> None:
    terms = glossary_terms()
    text = path.read_text(encoding="utf-8")
    used = set()
    for raw in re.findall(r"\{term\}`([^`]+)`", text):
        target = re.search(r"<([^>]+)>\s*$", raw)
        used.add((target.group(1) if target else raw).strip().lower())
    missing = sorted(used - terms)
    assert not missing, f"{path.name} uses terms not in the glossary: {missing}"


def test_glossary_is_alphabetical_and_large() -> None:
    text = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    terms = [line.strip() for line in block.splitlines() if line and not line[0].isspace()]
    assert len(terms) >= 40
    assert [t.lower() for t in terms] == sorted(t.lower() for t in terms)
