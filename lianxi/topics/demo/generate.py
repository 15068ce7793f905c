"""Demo data of the topics app, made after the city and its cases."""

from __future__ import annotations


def generate(seed: int, *, progress: bool = False) -> dict[str, int]:
    """Fill the demo city; returns counts by Chinese label for the command's summary."""
    return {}
