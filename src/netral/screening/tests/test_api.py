"""The screening API: scoped like the pages, one endpoint per operation, errors with codes."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from netral.registry.models import AkunMedsos
from netral.registry.tests.factories import PegawaiFactory
from netral.screening.models import Post, ReviewDecision
from netral.screening.tests.conftest import lexicon_json
from netral.screening.tests.test_services import _screen


def _client(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def test_queue_lists_flags_by_score_within_scope(election, satgas_kepri, bawaslu_natuna):
    _screen(election, satgas_kepri, region="21.02")
    r = _client(satgas_kepri).get("/api/v1/screening/flags")
    assert r.status_code == 200
    scores = [f["score"] for f in r.json()["results"]]
    assert len(scores) == 2 and scores == sorted(scores, reverse=True)
    assert r.json()["results"][0]["explanation"]
    # out of scope: an empty queue and 404 on the detail, like the pages
    other = _client(bawaslu_natuna)
    assert other.get("/api/v1/screening/flags").json()["count"] == 0
    pk = Post.objects.filter(status=Post.Status.PENDING).first().pk
    assert other.get(f"/api/v1/screening/flags/{pk}").status_code == 404


def test_filters_are_validated(election, satgas_kepri):
    r = _client(satgas_kepri).get("/api/v1/screening/flags", {"detector": "astrologi"})
    assert r.status_code == 400


def test_dismiss_needs_a_reason_and_keeps_labels(election, satgas_kepri):
    _screen(election, satgas_kepri)
    ids = list(Post.objects.filter(status=Post.Status.PENDING).values_list("pk", flat=True))
    c = _client(satgas_kepri)
    assert c.post("/api/v1/screening/flags/dismiss", {"ids": ids}, format="json").status_code == 400
    r = c.post("/api/v1/screening/flags/dismiss", {"ids": ids, "reason": "Berita."}, format="json")
    assert r.status_code == 200 and r.json() == {"dismissed": 2}
    assert ReviewDecision.objects.count() == 2


def test_confirm_opens_a_case_once(election, satgas_kepri, bidang_sd):
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Budi Kurniawan")
    AkunMedsos.objects.create(pegawai=pegawai, platform="instagram", handle="budi_k")
    post = _screen(election, satgas_kepri).posts.get(post_id="p1")
    c = _client(satgas_kepri)
    r = c.post(f"/api/v1/screening/flags/{post.pk}/confirm", {"note": "ajakan"}, format="json")
    assert r.status_code == 201
    body = r.json()
    assert body["report"].startswith(("TM", "LP", "T")) or body["report"]
    assert body["case"] and body["case"].startswith("PRK-")
    # a double submit does not make a second temuan
    again = c.post(f"/api/v1/screening/flags/{post.pk}/confirm", {}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_reviewed"


def test_lexicon_import_reports_errors(satgas_kepri):
    c = _client(satgas_kepri)
    bad = c.post("/api/v1/screening/elections", {"election": "x"}, format="json")
    assert bad.status_code == 400
    ok = c.post("/api/v1/screening/elections", lexicon_json(), format="json")
    assert ok.status_code == 201
    assert c.get("/api/v1/screening/elections").json()[0]["name"] == ok.json()["name"]


@pytest.mark.django_db
def test_employee_token_is_refused(asn_karimun):
    assert _client(asn_karimun).get("/api/v1/screening/flags").status_code == 403
