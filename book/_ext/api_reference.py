"""Sphinx hook for the API reference page (book/reference/api.md).

A dataclass field with a ``default_factory`` shows its default as ``<factory>``, which is not
Python, so Sphinx cannot parse the signature and prints it raw (``~module.Class`` and all).
Shown as ``...`` instead, the signature parses and its types read as plain names.
"""

from __future__ import annotations

from typing import Any


def readable_defaults(app: Any, what: str, name: str, obj: Any, options: Any,
                      signature: str | None, return_annotation: str | None
                      ) -> tuple[str | None, str | None] | None:
    """Replace ``<factory>`` defaults in a signature with ``...``."""
    if signature and "<factory>" in signature:
        return signature.replace("<factory>", "..."), return_annotation
    return None


def setup(app: Any) -> dict[str, Any]:
    """Register the hook with Sphinx."""
    app.connect("autodoc-process-signature", readable_defaults)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
