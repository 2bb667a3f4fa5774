"""Run lab 6 (bring your own data) headless, with papermill, for an analyst's own files.

``python -m equitylab.labs.headless results/run.ipynb -p data_path my.csv -p group_column race
-p outcome_column served -p separator semicolon -p output_dir results/`` runs
``notebooks/07-bring-your-own-data.ipynb`` with those parameters. On a problem with the file
or the choices it prints the lab's plain message, with no traceback, and exits with status 2;
an unexpected failure exits with status 1 and names the notebook that shows where it
stopped. papermill is imported only here (the lab itself runs without it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["LAB", "PARAMETERS", "main"]

#: The lab notebook run by default.
LAB = Path(__file__).resolve().parents[2] / "notebooks" / "07-bring-your-own-data.ipynb"
#: The parameters the lab takes (its cell tagged ``parameters``).
PARAMETERS = ("data_path", "group_column", "outcome_column", "reference", "denominator_column",
              "area_column", "direction", "output_dir", "separator", "encoding",
              "merge_spellings")
#: Exit status for a problem with the file or the choices.
BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m equitylab.labs.headless",
        description="Run the bring-your-own-data lab on a CSV file, without opening it.")
    parser.add_argument("output", help="where to write the executed notebook")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"),
                        help=f"a parameter of the lab: {', '.join(PARAMETERS)}")
    parser.add_argument("--notebook", default=str(LAB), help="the lab notebook (default: lab 6)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the lab; return 0, or :data:`BAD_INPUT` with the lab's message on standard error.

    Parameters
    ----------
    argv : sequence of str, optional
        The command line after the program name (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status.
    """
    args = _parser().parse_args(argv)
    params = dict(args.parameter)
    unknown = [name for name in params if name not in PARAMETERS]
    if unknown:
        print(f"The lab has no parameter called {unknown[0]!r}. Its parameters are: "
              f"{', '.join(PARAMETERS)}.", file=sys.stderr)
        return BAD_INPUT
    missing = [name for name in PARAMETERS[:3] if not params.get(name)]
    if missing:
        print(f"Give {', '.join(missing)} (for example -p {missing[0]} ...): the run needs a "
              "file, its column of groups and its outcome column.", file=sys.stderr)
        return BAD_INPUT
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook = Path(args.notebook)
    try:
        papermill.execute_notebook(str(notebook), args.output, parameters=params,
                                   kernel_name="python3", cwd=str(notebook.parent),
                                   progress_bar=False)
    except PapermillExecutionError as err:
        if err.ename == "DataProblem":
            print(err.evalue, file=sys.stderr)
            return BAD_INPUT
        print(f"The run stopped with an unexpected error ({err.ename}); {args.output} shows "
              "where. Please report it with that file.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover - the command line
    sys.exit(main())
