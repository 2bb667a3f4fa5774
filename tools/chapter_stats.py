"""Print per-chapter statistics for the narrative chapters listed in _toc.yml.

For each chapter: words of prose, Flesch-Kincaid grade (textstat), citations (uses and
distinct keys), exercises and figures (charts drawn by equitylab.present in executed cells).

Usage: .venv/bin/python tools/chapter_stats.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import textstat
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTER_PARTS = {
    "Foundations",
    "The framework and the tool",
    "Building a movement",
    "Case study",
}

def _offline_syllables() -> None:
    """Count syllables with pyphen when the CMU dictionary is not installed.

    textstat looks words up in NLTK's cmudict first and downloads it on demand; offline the
    download fails with LookupError. Pointing the lookup at an empty dict makes textstat use
    its own pyphen fallback for every word, which gives slightly different grades.
    """
    try:
        import nltk

        nltk.data.find("corpora/cmudict")
    except LookupError:
        from textstat.backend.counts import _count_syllables

        _count_syllables.get_cmudict = lambda lang: {}  # type: ignore[assignment]


_offline_syllables()
CHART_CALL = re.compile(r"present\.(rate_bars|gap_dots|trend_lines)\(")


def chapters() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    out = []
    for part in toc.get("parts", []):
        if part.get("caption") not in CHAPTER_PARTS:
            continue
        for entry in part.get("chapters", []):
            out.append((ROOT / entry["file"]).with_suffix(".md"))
    return out


def prose(text: str) -> str:
    """Strip front matter, code cells, directive syntax and roles, leaving readable prose."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.S)
    text = re.sub(r"^```.*$", "", text, flags=re.M)
    text = re.sub(r"^:[\w-]+:.*$", "", text, flags=re.M)
    text = re.sub(r"^\|.*$", "", text, flags=re.M)  # tables are data, not prose
    text = re.sub(r"\{cite(?::\w+)?\}`[^`]*`", "", text)
    text = re.sub(r"\{(?:term|doc|ref)\}`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    units: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        starts_unit = bool(re.match(r"(?:#+|[-*]|\d+\.)\s", stripped))
        if not stripped:
            units.append("")
        elif starts_unit or not units or not units[-1]:
            units.append(stripped)
        else:
            units[-1] += " " + stripped
    lines = []
    for unit in units:
        unit = re.sub(r"^(?:#+|[-*]|\d+\.)\s+", "", unit)
        unit = unit.replace("**", "").replace("*", "").replace("`", "").strip()
        if unit and unit[-1] not in ".?!:;":
            unit += "."
        if unit:
            lines.append(unit)
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def stats(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    body = prose(text)
    cites = [
        key.strip()
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text)
        for key in group.split(",")
    ]
    return {
        "chapter": path.stem,
        "words": len(body.split()),
        "grade": round(textstat.flesch_kincaid_grade(body), 1),
        "citations": len(cites),
        "keys": len(set(cites)),
        "exercises": len(re.findall(r"```\{exercise\}", text)),
        "figures": len(CHART_CALL.findall(text)),
    }


def main() -> int:
    rows = [stats(p) for p in chapters() if p.exists()]
    header = (
        f"{'chapter':<40} {'words':>6} {'grade':>6} {'cites':>6} {'keys':>5} {'ex':>3} {'figs':>4}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['chapter']:<40} {r['words']:>6} {r['grade']:>6} {r['citations']:>6} "
            f"{r['keys']:>5} {r['exercises']:>3} {r['figures']:>4}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
