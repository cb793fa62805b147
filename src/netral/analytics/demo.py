"""Demo data: build the rollups once the other apps' demo records exist."""

from __future__ import annotations

from netral.analytics import rollups
from netral.registry.demo import DemoContext

# The rollups summarise every other app's demo data (core.demo_runner).
DEMO_LAST = True


def seed(ctx: DemoContext) -> None:
    rollups.rebuild_all()
