"""The catalogue's building blocks: metadata records and the name -> loader registry."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

#: The course's eight domains, in the order the book uses.
DOMAINS = (
    "education",
    "jobs",
    "housing",
    "criminal justice",
    "arts and culture",
    "health",
    "environment",
    "equitable development",
)

#: The three uses of the racial equity tool that a dataset can support.
TOOL_USES = ("budget", "policy", "program")


@dataclass(frozen=True)
class Column:
    """One column of a loaded dataset.

    Parameters
    ----------
    name : str
        Column name in the DataFrame that :func:`equitylab.datasets.load` returns.
    dtype : str
        pandas dtype of the column (e.g. ``"category"``, ``"boolean"``, ``"Int64"``).
    description : str
        What the column means, in plain words.
    unit : str, optional
        Unit of measurement, if any.
    recode : str, optional
        How the column was derived from the original data (original name and mapping).

    Examples
    --------
    >>> Column("denied", "boolean", "Mortgage application denied.", recode="deny").recode
    'deny'
    """

    name: str
    dtype: str
    description: str
    unit: str | None = None
    recode: str | None = None


@dataclass(frozen=True)
class DatasetInfo:
    """Everything the course knows about a dataset: its datasheet in structured form.

    Built from the dataset's entry in the data package (``dataset_info``); ``resources``
    names the files it is read from.

    Examples
    --------
    >>> from equitylab.datasets import info
    >>> meta = info("mpls_stops")
    >>> meta.synthetic, meta.race_recorded_by.split(":")[0]
    (False, 'Officer-perceived')
    """

    name: str
    title: str
    summary: str
    synthetic: bool
    about_people: bool
    domains: tuple[str, ...]
    source: str
    publication: str
    licence: str
    race_recorded_by: str
    motivation: str
    composition: str
    collection: str
    preprocessing: str
    uses: str
    caveats: tuple[str, ...]
    cannot_show: tuple[str, ...]
    harms: str
    columns: tuple[Column, ...]
    rows: int
    tool_uses: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()
    origin: str = ""
    resources: tuple[str, ...] = ()

    @property
    def reader_source(self) -> str:
        """Where the data come from, in words for a reader (no file or program names).

        Examples
        --------
        >>> from equitylab.datasets import info
        >>> info("tallow_education").reader_source.split(";")[0]
        'SYNTHETIC data made up by the course for the fictional Tallow River Region'
        >>> info("mpls_stops").reader_source.endswith("(dataset MplsStops).")
        True
        """
        if self.synthetic:
            return ("SYNTHETIC data made up by the course for the fictional Tallow River "
                    "Region; it describes no real people.")
        return self.source.split(" Vendored in ")[0].strip()

    def column_title(self, column: str) -> str:
        """Return a column's name in words, from its description ("Received a grant").

        The column's own name if the datasheet does not describe it.

        Examples
        --------
        >>> from equitylab.datasets import info
        >>> grants = info("tallow_business_grants")
        >>> grants.column_title("awarded"), grants.column_title("owner_race_ethnicity")
        ('Received a grant', "Owner's race and ethnicity, self-reported on the application")
        >>> grants.column_title("not_a_column")
        'not_a_column'
        """
        described = {c.name: c.description for c in self.columns}.get(column, "")
        text = described.split(". ")[0].split(" (")[0].split(": ")[0].strip().rstrip(".")
        if not text:
            return column
        return text if len(text) <= 70 else text[:69].rsplit(" ", 1)[0] + "…"

    @property
    def datasheet_page(self) -> str:
        """The datasheet's page in the built book, from any chapter, lab or exercise page.

        >>> from equitylab.datasets import info
        >>> info("mpls_stops").datasheet_page
        '../book/reference/datasheets/mpls_stops.html'
        """
        return f"../book/reference/datasheets/{self.name}.html"

    def caveat_text(self) -> str:
        """Return the note shown the first time the dataset is loaded in a session.

        Examples
        --------
        >>> from equitylab.datasets import info
        >>> "squad" in info("mpls_stops").caveat_text()
        True
        """
        kind = "SYNTHETIC data" if self.synthetic else "Real data"
        lines = [f"About {self.title} ({kind}).",
                 f"Race recorded by: {self.race_recorded_by}"]
        lines += [f"- {c}" for c in self.caveats]
        lines.append("It cannot show: " + "; ".join(self.cannot_show) + ".")
        lines.append(f"Full datasheet: {self.title}, in the course book's dataset reference.")
        return "\n".join(lines)

    def caveat_markdown(self, *, link: bool = True) -> str:
        """Return the same note as :meth:`caveat_text`, formatted as Markdown for notebooks.

        With ``link`` (in the book) the datasheet's title links to its page; apps, which
        are not served beside the book's pages, name it only.

        Examples
        --------
        >>> from equitylab.datasets import info
        >>> note = info("mpls_stops").caveat_markdown()
        >>> note.splitlines()[0].count("About"), "It cannot show" in note
        (1, True)
        """
        kind = "SYNTHETIC data" if self.synthetic else "real data"
        lines = [f"**About {self.title}** ({kind}). "
                 f"*Race recorded by:* {self.race_recorded_by}", ""]
        lines += [f"- {c}" for c in self.caveats]
        lines += ["", "*It cannot show:* " + "; ".join(self.cannot_show) + ". "
                  + (f"Full datasheet: [{self.title}]({self.datasheet_page})." if link else
                     f"Full datasheet: {self.title}, in the course book's dataset reference.")]
        return "\n".join(lines)


def dataset_info(entry: Mapping[str, Any]) -> DatasetInfo:
    """Build a :class:`DatasetInfo` from a dataset's entry in ``datapackage.json``.

    Parameters
    ----------
    entry : Mapping
        One item of the data package's ``datasets`` list.

    Returns
    -------
    DatasetInfo

    Examples
    --------
    >>> from equitylab.datasets import datapackage
    >>> entry = next(d for d in datapackage()["datasets"] if d["name"] == "boston_hmda")
    >>> dataset_info(entry).resources
    ('aer-hmda',)
    """
    columns = tuple(
        Column(c["name"], c["dtype"], c["description"], c.get("unit"), c.get("recode"))
        for c in entry["columns"]
    )
    plain = {k: v for k, v in entry.items() if k != "columns"}
    tuples = {k: tuple(plain[k]) for k in ("domains", "caveats", "cannot_show", "tool_uses",
                                           "citations", "resources")}
    return DatasetInfo(**{**plain, **tuples, "columns": columns})


@dataclass(frozen=True)
class Entry:
    """A catalogue entry: metadata plus the function that builds the DataFrame."""

    info: DatasetInfo
    loader: Callable[[], pd.DataFrame]


REGISTRY: dict[str, Entry] = {}


def register(info: DatasetInfo, loader: Callable[[], pd.DataFrame]) -> None:
    """Add a dataset to the catalogue (names must be unique)."""
    if info.name in REGISTRY:
        raise ValueError(f"Dataset {info.name!r} is registered twice.")
    REGISTRY[info.name] = Entry(info, loader)
