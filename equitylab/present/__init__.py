"""The one presentation layer: palette, number formats, HTML tables, figures and charts.

Chapters, labs, the racial equity tool and the opening deck all show numbers through this
package, so a rate looks the same everywhere and every chart carries its alt text.

- **Scale and formats.** :mod:`equitylab.measures` returns estimates already on their
  display scale, with ``per``, ``unit`` and ``level`` columns. :class:`Scale` reads them;
  :func:`fmt_value`, :func:`fmt_interval`, :func:`fmt_difference` and :func:`fmt_count`
  label the numbers and never multiply them.
- **HTML.** :func:`html_table` (caption, scoped headers, every cell escaped, in a
  :func:`scroll_region` a phone's keyboard can scroll),
  :func:`message_html`, :func:`sentences_html`, and :func:`figure_html` (SVG with alt
  text; :func:`figure_png` for Word).
- **Charts.** :func:`rate_bars`, :func:`gap_dots`, :func:`trend_lines` and, for a
  comparison against a reference, :func:`gap_chart`, each returning a :class:`Chart` (the
  figure and its alt text, with the synthetic-data note when the data is synthetic);
  :func:`gap_table` and :func:`display_table` give the same numbers as text, and
  :func:`data_table` shows a table labeled real or SYNTHETIC from its dataset's metadata.
  Counts from 1 to 10 are hidden before anything is drawn or tabulated.

Everything is drawn in the Okabe–Ito palette (:data:`OKABE_ITO`), with markers and line
styles (:data:`MARKERS`, :data:`LINESTYLES`) so that no chart relies on colour alone.
matplotlib is imported only when something is drawn.
"""

from __future__ import annotations

from ._charts import (
    HIDDEN,
    Chart,
    data_table,
    gap_dots,
    gap_table,
    provenance,
    rate_bars,
    rate_bars_alt_text,
    trend_lines,
)
from ._comparison import (
    HIDDEN_COMPLEMENT,
    REFERENCE_LABELS,
    ComparisonLike,
    comparison_scale,
    comparison_table_html,
    display_table,
    flag_text,
    gap_alt_text,
    gap_chart,
    sentences,
)
from ._format import (
    LINE_COLOURS,
    LINESTYLES,
    MARKERS,
    OKABE_ITO,
    SYNTHETIC_NOTE,
    Scale,
    fmt_count,
    fmt_difference,
    fmt_interval,
    fmt_value,
)
from ._html import (
    escape,
    figure_html,
    figure_png,
    figure_svg,
    html_table,
    message_html,
    scroll_region,
    sentences_html,
)
from ._lab_charts import budget_map, criterion_chart, goal_chart, stops_map

__all__ = [
    "stops_map",
    "goal_chart",
    "criterion_chart",
    "budget_map",
    "LINESTYLES",
    "LINE_COLOURS",
    "MARKERS",
    "OKABE_ITO",
    "HIDDEN_COMPLEMENT",
    "REFERENCE_LABELS",
    "SYNTHETIC_NOTE",
    "HIDDEN",
    "Chart",
    "data_table",
    "provenance",
    "ComparisonLike",
    "Scale",
    "comparison_scale",
    "comparison_table_html",
    "display_table",
    "escape",
    "figure_html",
    "figure_png",
    "figure_svg",
    "flag_text",
    "fmt_count",
    "fmt_difference",
    "fmt_interval",
    "fmt_value",
    "gap_alt_text",
    "gap_chart",
    "gap_dots",
    "gap_table",
    "html_table",
    "message_html",
    "rate_bars",
    "rate_bars_alt_text",
    "scroll_region",
    "sentences",
    "sentences_html",
    "trend_lines",
]
