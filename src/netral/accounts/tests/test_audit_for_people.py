"""The audit log reads for people (issue 11 item 14): actions as sentences, changes as
"dari X menjadi Y", links to the object, raw codes only in the export."""

from __future__ import annotations

import csv
import io

import pytest

from netral.core.models import AuditEntry
from netral.registry import services
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def test_change_reads_as_a_sentence_with_a_link(login, hr_karimun, bidang_sd):
    # given
    p = PegawaiFactory(unit=bidang_sd, nama="Siti Rahmawati", jabatan="Guru")
    services.pegawai_edit(pegawai=p, actor=hr_karimun, jabatan="Kepala Sekolah")
    # when
    page = login(hr_karimun).get("/audit/?action=registry.pegawai.updated").content.decode()
    # then
    assert "Data pegawai diubah" in page
    assert "jabatan: dari “Guru” menjadi “Kepala Sekolah”" in page
    assert f'href="/registri/pegawai/{p.pk}/"' in page
    assert "oleh hr.karimun" in page
    # raw codes are not shown to people
    entries = page.split('data-testid="audit-entry"')[1]
    assert "registry.pegawai.updated" not in entries and "registry.pegawai #" not in entries
    assert "{&#x27;changed&#x27;" not in page and "{'changed'" not in page


def test_export_keeps_the_raw_codes_and_is_audited(login, hr_karimun, bidang_sd):
    # given
    p = PegawaiFactory(unit=bidang_sd, jabatan="Guru")
    services.pegawai_edit(pegawai=p, actor=hr_karimun, jabatan="Kepala Sekolah")
    # when
    response = login(hr_karimun).get("/audit/?action=registry.pegawai.updated&format=csv")
    # then
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["at", "actor", "action"]
    assert rows[1][2] == "registry.pegawai.updated" and rows[1][4] == "registry.pegawai"
    assert '"jabatan": ["Guru", "Kepala Sekolah"]' in rows[1][9]
    assert AuditEntry.objects.filter(action="accounts.audit.exported").count() == 1


def test_regulatory_changes_read_the_same_way(login, hr_karimun, karimun):
    # given: an entry in the regulatory admin's shape ({"before", "after"})
    from netral.core import audit

    audit.record(
        actor=hr_karimun,
        action="regulatory.changed",
        target=karimun,
        data={"model": "registry.instansi", "changed": {"nama": {"before": "A", "after": "B"}}},
    )
    # when
    page = login(hr_karimun).get("/audit/").content.decode()
    # then
    assert "nama: dari “A” menjadi “B”" in page
