"""Issue 9, defect 6: the case page's create forms (internal note, document) are
idempotent: the form's hidden key makes a double submit, or two parallel ones, create one
row (core.idempotency)."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from netral.cases.models import CaseDocument, CaseEvent
from netral.cases.tests.factories import make_case
from netral.conftest import verified_login
from netral.reports.tests.factories import pdf_bytes, upload


def _key(page: str) -> str:
    match = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', page)
    assert match, "the form carries no idempotency key"
    return match.group(1)


@pytest.mark.django_db
def test_a_note_sent_twice_is_one_note(cast, bidang_sd):
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    client = verified_login(Client(), cast["bawaslu"])
    key = _key(client.get(f"/perkara/{case.public_id}/").content.decode())
    data = {"text": "Terlapor dipanggil klarifikasi.", "idempotency_key": key}
    for _ in range(2):
        assert client.post(f"/perkara/{case.public_id}/catatan/", data).status_code == 302
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.NOTE).count() == 1
    # a new drawing of the form has a new key: a second, deliberate note is kept
    again = {
        **data,
        "idempotency_key": _key(client.get(f"/perkara/{case.public_id}/").content.decode()),
    }
    assert again["idempotency_key"] != key
    client.post(f"/perkara/{case.public_id}/catatan/", again)
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.NOTE).count() == 2


@pytest.mark.django_db
def test_a_document_sent_twice_is_one_document(cast, bidang_sd):
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    client = verified_login(Client(), cast["bawaslu"])
    key = _key(client.get(f"/perkara/{case.public_id}/").content.decode())
    before = CaseDocument.objects.filter(case=case).count()
    for _ in range(2):
        data = {
            "kind": CaseDocument.Kind.BA_KLARIFIKASI,
            "number": "1/BA/2024",
            "file": upload("ba.pdf", pdf_bytes(), "application/pdf"),
            "idempotency_key": key,
        }
        assert client.post(f"/perkara/{case.public_id}/dokumen/", data).status_code == 302
    assert CaseDocument.objects.filter(case=case).count() == before + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
def test_six_parallel_posts_of_one_note_make_one_note(migration_data, cast, bidang_sd):
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    clients = [verified_login(Client(), cast["bawaslu"]) for _ in range(6)]
    key = _key(clients[0].get(f"/perkara/{case.public_id}/").content.decode())
    start = threading.Barrier(6)
    statuses: list[int] = []

    def post(i: int) -> None:
        try:
            start.wait()
            data = {"text": "Catatan yang sama.", "idempotency_key": key}
            statuses.append(
                clients[i].post(f"/perkara/{case.public_id}/catatan/", data).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [302] * 6
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.NOTE).count() == 1
