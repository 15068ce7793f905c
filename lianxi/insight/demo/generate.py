"""Demo data of the insight app, made after the city and its cases: the first routing model,
trained on the demo cases (as the nightly job would)."""

from __future__ import annotations

from lianxi.insight.actions import retrain


def generate(seed: int, *, progress: bool = False) -> dict[str, int]:
    """Fill the demo city; returns counts by Chinese label for the command's summary."""
    row = retrain(None)
    if progress:
        print(f"分办模型 v{row.version}：{row.samples} 条样本，{row.training_seconds:.1f} 秒")
    return {"分办模型训练样本": row.samples}
