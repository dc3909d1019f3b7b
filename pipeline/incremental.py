"""Moved to :mod:`pipeline.preview.relayout` (this name stays for older imports)."""

from pipeline.preview.relayout import IncrementalRenderer, PreviewResult, split_parts

__all__ = ["IncrementalRenderer", "PreviewResult", "split_parts"]
