"""Demo data: build the rollups once the other apps' demo records exist."""

from __future__ import annotations

from netral.analytics import rollups
from netral.registry.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    rollups.rebuild_all()
