"""The figure engine (being written)."""

from __future__ import annotations

from .document import Document


def extract_document(doc: Document) -> list[dict]:
    return []
