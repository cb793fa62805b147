"""The legal-data correction (reports 0006, issue 10 item 1) run by Django's migration
executor on a database holding the old catalogue and a report that uses it: the existing
rows change in place, nothing is lost, and a report keeps pointing at the same row.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = [
    # Migrating backwards and forwards needs real transactions (and leaves the tables
    # flushed: later transactional tests reload the seeded rows, see migration_data).
    pytest.mark.django_db(transaction=True),
]

BEFORE = ("reports", "0005_learned_on_deadline_steps")
AFTER = ("reports", "0006_correct_catalogue_and_deadlines")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_correction_changes_rows_in_place_and_loses_nothing():
    # given: the database as it stood before the correction (old seed, 0002), with a
    # public report filed under the old ethics item 3 ("approaching a party")
    _migrate([("reports", "0001_catalogue_reports_evidence")])
    old = _migrate([BEFORE])
    VType = old.get_model("reports", "ViolationType")
    SType = old.get_model("reports", "SanctionType")
    Deadline = old.get_model("reports", "DeadlineRule")
    Report = old.get_model("reports", "Report")
    Region = old.get_model("registry", "Region")
    # (a flush by an earlier transactional test may have emptied the regions)
    kepri, _ = Region.objects.get_or_create(kode="21", defaults={"nama": "KEPRI", "level": 1})
    Region.objects.get_or_create(
        kode="21.02", defaults={"nama": "KAB. KARIMUN", "level": 2, "parent": kepri}
    )
    approach = VType.objects.get(version__is_active=True, code="ETIKA-3")
    assert "pendekatan" in approach.title.lower()
    assert approach.category == "ETIKA"
    assert VType.objects.filter(version__is_active=True, category="ETIKA").count() == 8
    vtypes_before = dict(VType.objects.values_list("pk", "title"))
    stypes_before = set(SType.objects.values_list("pk", flat=True))
    deadlines_before = set(Deadline.objects.values_list("pk", flat=True))
    now = timezone.now()
    report = Report.objects.create(
        intake_number="LAP-2024-000001",
        kind="LAPORAN",
        channel="WEB",
        received_at=now,
        event_at=now - dt.timedelta(days=1),
        event_region_id="21.02",
        region_kode="21.02",
        description="Kepala dinas mendaftar ke partai sebagai bakal calon bupati.",
        identity_mode="CONFIDENTIAL",
        content_hash="0" * 64,
        violation_type=approach,
    )

    # when: the correction runs (and everything after it, back to the current schema)
    new = _migrate([AFTER])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    # then: the same row was changed, not replaced, and the report still points at it
    VType = new.get_model("reports", "ViolationType")
    SType = new.get_model("reports", "SanctionType")
    Deadline = new.get_model("reports", "DeadlineRule")
    Report = new.get_model("reports", "Report")
    moved = VType.objects.get(pk=approach.pk)
    assert (moved.code, moved.category, moved.discipline_level) == (
        "DISIPLIN-SKB-3",
        "DISIPLIN",
        "SEDANG",
    )
    assert Report.objects.get(pk=report.pk).violation_type_id == approach.pk
    # nothing lost: every earlier violation type, sanction type and deadline row remains
    assert set(vtypes_before) <= set(VType.objects.values_list("pk", flat=True))
    assert stypes_before <= set(SType.objects.values_list("pk", flat=True))
    assert deadlines_before <= set(Deadline.objects.values_list("pk", flat=True))
    active = VType.objects.filter(version__is_active=True)
    # seven ethics items, the annex's eleven discipline items, PP 94/2021 Pasal 5 n levels
    assert active.filter(category="ETIKA").count() == 7
    assert set(active.filter(category="ETIKA").values_list("code", flat=True)) == {
        f"ETIKA-{i}" for i in range(1, 8)
    }
    annex = active.filter(code__startswith="DISIPLIN-SKB-").count()
    assert annex + active.filter(code="PARPOL").count() >= 11
    levels = dict(
        active.filter(code__startswith="DISIPLIN-5N-").values_list("code", "discipline_level")
    )
    assert levels == {f"DISIPLIN-5N-{i}": ("SEDANG" if i <= 2 else "BERAT") for i in range(1, 8)}
    # PPPK sanctions are disciplinary (PP 49/2018), never moral; non-ASN follow the contract
    assert not SType.objects.filter(employment="PPPK", is_moral=True).exists()
    assert all(
        "PP 49/2018" in c
        for c in SType.objects.filter(employment="PPPK").values_list("citation", flat=True)
    )
    assert set(SType.objects.filter(employment="NON_ASN").values_list("citation", flat=True)) == {
        "Perjanjian kerja/kontrak dengan instansi pemberi kerja"
    }
    # every deadline a row with its start event and citation; Pemilu working, Pilkada calendar
    rows = list(Deadline.objects.all())
    assert len(rows) == 20
    assert all(r.start_event and r.citation for r in rows)
    study = {r.election_type: r for r in rows if r.kind == "STUDY"}
    assert study["PEMILU"].working_days and not study["PILKADA"].working_days
    finding = Deadline.objects.get(kind="TEMUAN_WINDOW", election_type="PEMILU")
    assert finding.working_days
