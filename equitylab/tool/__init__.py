"""The racial equity tool: six steps, a worksheet that never loses work, and its reports.

No widgets here: :func:`equitylab.widgets.equity_tool` is a thin view over this package.
The guiding questions paraphrase the Government Alliance on Race and Equity's *Racial
Equity Toolkit* (Nelson and Brooks, 2016).

Examples
--------
>>> from equitylab.tool import Worksheet, check, to_markdown
>>> ws = Worksheet(fast_track=True)
>>> ws.metadata.title = "Library hours"
>>> ws.set_answer("1.1", "Open branch libraries on Sundays.")
>>> len(check(ws)) > 0
True
>>> to_markdown(ws).splitlines()[0].endswith("Library hours")  # the title, as a heading
True
"""

from __future__ import annotations

from ._analysis import SUPPRESSED, analyse, candidate_columns, likely_direction, typed_upload
from ._checks import Finding, answered, check, progress
from ._examples import EXAMPLES, LAB_TASK, MODEL_ANSWERS, example_path, load_example
from ._forms import default_columns, parse_number, reference_groups, split_lines
from ._model import (
    IMPACTS,
    MEASURE_KINDS,
    RBA_QUESTIONS,
    STRATEGY_KINDS,
    ChartBar,
    EngagementEntry,
    EvidenceItem,
    EvidenceTable,
    Impact,
    Measure,
    Metadata,
    PlanItem,
    Strategy,
    Worksheet,
    WorksheetDataError,
)
from ._report import docx_bytes, md_escape, report_blocks, to_docx, to_html, to_markdown
from ._session import (
    EXPORT_FORMATS,
    MAX_WORKSHEET_BYTES,
    data_url,
    export_bytes,
    export_name,
    export_worksheet,
    import_worksheet_file,
    keep_upload,
    participant_folder,
    participant_from_query,
)
from ._steps import ENGAGEMENT_SPECTRUM, KINDS, STEPS, Question, Step, question, step
from ._storage import (
    FORMAT,
    SCHEMA_VERSION,
    NewerVersionError,
    WorksheetConflictError,
    WorksheetFileError,
    WorksheetStore,
    WorksheetSummary,
    dumps,
    fault_message,
    fingerprint,
    load,
    loads,
    migrate,
    remove_stale_temporary_files,
    save,
)

__all__ = [
    "ENGAGEMENT_SPECTRUM",
    "EXAMPLES",
    "EXPORT_FORMATS",
    "FORMAT",
    "IMPACTS",
    "KINDS",
    "LAB_TASK",
    "MAX_WORKSHEET_BYTES",
    "MEASURE_KINDS",
    "MODEL_ANSWERS",
    "RBA_QUESTIONS",
    "SCHEMA_VERSION",
    "STEPS",
    "STRATEGY_KINDS",
    "SUPPRESSED",
    "ChartBar",
    "EngagementEntry",
    "EvidenceItem",
    "EvidenceTable",
    "Finding",
    "Impact",
    "Measure",
    "Metadata",
    "NewerVersionError",
    "PlanItem",
    "Question",
    "Step",
    "Strategy",
    "Worksheet",
    "WorksheetConflictError",
    "WorksheetDataError",
    "WorksheetFileError",
    "WorksheetStore",
    "WorksheetSummary",
    "analyse",
    "answered",
    "candidate_columns",
    "check",
    "data_url",
    "default_columns",
    "docx_bytes",
    "dumps",
    "example_path",
    "export_bytes",
    "export_name",
    "export_worksheet",
    "fault_message",
    "fingerprint",
    "import_worksheet_file",
    "keep_upload",
    "likely_direction",
    "load",
    "load_example",
    "loads",
    "md_escape",
    "migrate",
    "parse_number",
    "participant_folder",
    "participant_from_query",
    "progress",
    "question",
    "reference_groups",
    "remove_stale_temporary_files",
    "report_blocks",
    "save",
    "split_lines",
    "step",
    "to_docx",
    "to_html",
    "to_markdown",
    "typed_upload",
]
