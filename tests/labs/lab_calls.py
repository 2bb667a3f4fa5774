"""Every lab model's computations, as a script: run where the package must work on its own.

The isolation test runs it without ipywidgets and matplotlib; the wheel test runs it from an
installed wheel outside the repository. Add a lab's entry points here when you add a lab.
"""

from __future__ import annotations

import textwrap
from pathlib import Path


def run_every_lab(counts_csv: Path) -> str:
    """Return Python source that runs every lab model once and prints ``labs ran: N``."""
    return textwrap.dedent(f"""
        import tempfile
        from equitylab.labs import budget, byod, explorer, first_look, goals, lending, stops
        s = stops.load_stops()
        stops.data_quality(s); stops.perceived_race_table(s); stops.within_neighbourhood(s)
        stops.neighbourhood_benchmark(); stops.benchmark_by_neighbourhood(top=3)
        stops.stops_by_neighbourhood(s); stops.stop_counts(s, precinct=3)
        first_look.outcome_rates(s, "race", "person_searched")
        for src in explorer.SOURCES:
            explorer.outcome_counts(src.dataset, src.outcomes[0].label, "favourable")
        lending.within_table(lending.criterion_view("Loan to value"))
        lending.criterion_sentences(lending.criterion_view("Loan to value"))
        lending.gi_bill_boost(); lending.denial_gap()
        budget.budget_sentences(budget.budget_view())
        budget.neighbourhood_table(budget.budget_view())
        goals.goal_sentences(goals.goal_view()); goals.checks_table(goals.goal_view())
        with tempfile.TemporaryDirectory() as tmp:
            byod.run({str(counts_csv)!r}, "race_ethnicity", "searches",
                     denominator_column="stops", area_column="district", output_dir=tmp)
        print("labs ran:", 7)
    """)
