"""Case API with real tokens (issue 10 item 8): scope, the workflow's rules, the envelope."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from netral.accounts import services as account_services
from netral.cases.models import CaseDocument, CaseStatus
from netral.cases.selectors import sanctions_offered
from netral.cases.tests.factories import add_doc, make_case, run_to, violation
from netral.core.models import AuditEntry

D = CaseDocument.Kind
LIST = reverse("api:cases_list")
pytestmark = pytest.mark.django_db


def detail(case):
    return reverse("api:cases_detail", args=[case.public_id])


def step(case):
    return reverse("api:cases_transition", args=[case.public_id])


@pytest.fixture
def api(client):
    """``api(user)`` → a client sending a fresh token of ``user``."""

    def make(user):
        token = account_services.api_token_create(user=user, name="uji", actor=None)[1]
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return client

    return make


def numbers(response):
    return {row["number"] for row in response.json()["results"]}


def test_list_shows_only_cases_in_scope(api, cast, bawaslu_natuna, bidang_sd, dinkes_natuna):
    # given: one case in Karimun, one in Natuna
    from netral.registry.models import Region

    mine = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    theirs = make_case(
        actor=bawaslu_natuna, unit=dinkes_natuna, event_region=Region.objects.get(kode="21.03")
    )
    # when
    karimun = api(cast["bawaslu"]).get(LIST)
    natuna = api(bawaslu_natuna).get(LIST)
    body = api(cast["bkn"]).get(LIST)
    # then
    assert karimun.status_code == 200
    assert numbers(karimun) == {mine.number}
    assert numbers(natuna) == {theirs.number}
    assert numbers(body) == set()  # nothing forwarded to the body yet
    row = karimun.json()["results"][0]
    assert row["status"] == CaseStatus.INITIAL_STUDY
    assert row["days_left"] is not None


def test_case_out_of_scope_is_404_like_a_missing_one(api, cast, bawaslu_natuna, bidang_sd):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    client = api(bawaslu_natuna)
    # when
    other = client.get(detail(case))
    missing = client.get(reverse("api:cases_detail", args=[uuid.uuid4()]))
    refused = client.post(step(case), {"transition": "register"}, content_type="application/json")
    # then
    assert other.status_code == missing.status_code == refused.status_code == 404
    assert other.json() == missing.json()
    assert other.json()["error"]["code"] == "not_found"
    case.refresh_from_db()
    assert case.status == CaseStatus.INITIAL_STUDY


def test_detail_lists_steps_documents_without_paths_and_is_logged(api, cast, bidang_sd):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    add_doc(case, D.BA_KLARIFIKASI, cast["bawaslu"])
    # when
    response = api(cast["bawaslu"]).get(detail(case))
    # then
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == case.number
    assert "register" in {s["name"] for s in data["steps"]}
    assert data["documents"][0]["kind"] == D.BA_KLARIFIKASI
    assert len(data["documents"][0]["sha256"]) == 64
    assert "scan.pdf" not in response.content.decode()
    assert "cases/" not in response.content.decode()  # no storage path
    assert AuditEntry.objects.filter(action="cases.viewed", target_id=str(case.pk)).exists()


def test_transition_goes_through_the_workflow(api, cast, bidang_sd):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    # when
    response = api(cast["bawaslu"]).post(
        step(case), {"transition": "register"}, content_type="application/json"
    )
    # then
    assert response.status_code == 200
    assert response.json()["status"] == CaseStatus.STUDY
    case.refresh_from_db()
    assert case.status == CaseStatus.STUDY
    assert case.events.filter(transition="register").count() == 1
    assert AuditEntry.objects.filter(action="cases.status.changed", target_id=str(case.pk)).exists()


def test_step_of_another_role_is_refused_in_the_envelope(api, cast, bidang_sd):
    # given: a case in initial study; the body may see nothing of it yet
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    run_to(case, CaseStatus.FORWARDED, cast)
    # when: Bawaslu tries the body's step
    response = api(cast["bawaslu"]).post(
        step(case), {"transition": "body_verify"}, content_type="application/json"
    )
    # then
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_allowed"
    assert response.json()["error"]["message"] == "Anda tidak berwenang melakukan tindakan ini."
    case.refresh_from_db()
    assert case.status == CaseStatus.FORWARDED


def test_missing_documents_and_fields_are_named(api, cast, bidang_sd):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    run_to(case, CaseStatus.STUDY, cast)
    client = api(cast["bawaslu"])
    # when
    no_docs = client.post(
        step(case),
        {"transition": "forward_body", "violation_type": violation("DISIPLIN-5N-3").pk},
        content_type="application/json",
    )
    no_note = client.post(
        step(case), {"transition": "extend_study"}, content_type="application/json"
    )
    # then
    assert no_docs.status_code == 409
    error = no_docs.json()["error"]
    assert error["code"] == "missing_documents"
    assert set(error["details"]["documents"]) == {D.BA_KLARIFIKASI, D.HASIL_KAJIAN}
    assert no_note.status_code == 409
    assert no_note.json()["error"]["code"] == "missing_fields"
    assert list(no_note.json()["error"]["fields"]) == ["note"]
    case.refresh_from_db()
    assert case.status == CaseStatus.STUDY and not case.study_extended


def test_unknown_step_and_bad_input_are_400(api, cast, bidang_sd):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    client = api(cast["bawaslu"])
    # when
    unknown = client.post(step(case), {"transition": "teleport"}, content_type="application/json")
    bad_date = client.post(
        step(case),
        {"transition": "to_temuan", "discovered_on": "kemarin"},
        content_type="application/json",
    )
    bad_filter = client.get(LIST, {"status": "entah"})
    # then
    assert unknown.status_code == bad_date.status_code == bad_filter.status_code == 400
    assert unknown.json()["error"]["code"] == "invalid"
    assert "transition" in unknown.json()["error"]["fields"]
    assert "discovered_on" in bad_date.json()["error"]["fields"]


def test_step_not_possible_from_this_state_is_409(api, cast, bidang_sd):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    # when: closing a case in initial study
    response = api(cast["bawaslu"]).post(
        step(case), {"transition": "close"}, content_type="application/json"
    )
    # then
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "invalid_transition"


def test_stale_view_and_double_submit_take_one_step(api, cast, bidang_sd):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    client = api(cast["bawaslu"])
    payload = {"transition": "register", "expected_status": CaseStatus.INITIAL_STUDY}
    # when
    first = client.post(step(case), payload, content_type="application/json")
    second = client.post(step(case), payload, content_type="application/json")
    # then
    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "stale_state"
    assert case.events.filter(transition="register").count() == 1


def test_body_recommends_only_a_sanction_offered_for_the_employee(api, cast, bidang_sd):
    # given: a PNS case at the body's examination
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    run_to(case, CaseStatus.BODY_EXAM, cast)
    add_doc(case, D.REKOMENDASI, cast["bkn"])
    subject = case.subjects.get()
    offered = sanctions_offered(violation_type=case.violation_type, jenis_pegawai="PNS")
    pppk_only = sanctions_offered(violation_type=case.violation_type, jenis_pegawai="PPPK")
    client = api(cast["bkn"])
    base = {"transition": "recommend", "recommendation_number": "R-9/2026"}
    # when
    wrong = client.post(
        step(case),
        {**base, "sanctions": {str(subject.pk): pppk_only.first().pk}},
        content_type="application/json",
    )
    listed = client.get(detail(case)).json()["subjects"][0]["sanctions_offered"]
    right = client.post(
        step(case),
        {**base, "sanctions": {str(subject.pk): offered.first().pk}},
        content_type="application/json",
    )
    # then
    assert wrong.status_code == 409
    assert wrong.json()["error"]["code"] == "sanction_not_allowed"
    assert listed == list(offered.values_list("pk", flat=True))
    assert right.status_code == 200, right.json()
    assert right.json()["status"] == CaseStatus.RECOMMENDED
    assert right.json()["subjects"][0]["recommended_sanction"]["id"] == offered.first().pk


def test_queue_filter_lists_what_waits_on_the_caller(api, cast, bidang_sd):
    # given: one case forwarded to the body, one still with Bawaslu
    waiting = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    run_to(waiting, CaseStatus.FORWARDED, cast)
    make_case(actor=cast["bawaslu"], unit=bidang_sd)
    # when
    body_queue = api(cast["bkn"]).get(LIST, {"antrean": "1"})
    bawaslu_all = api(cast["bawaslu"]).get(LIST)
    bawaslu_queue = api(cast["bawaslu"]).get(LIST, {"antrean": "1"})
    # then
    assert numbers(body_queue) == {waiting.number}
    assert len(numbers(bawaslu_all)) == 2
    assert waiting.number not in numbers(bawaslu_queue)


def test_ppk_decides_through_the_api_within_its_agency(api, cast, bidang_sd, ppk_natuna):
    # given: a recommendation waiting on the Karimun PPK, its decree uploaded
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    run_to(case, CaseStatus.RECOMMENDED, cast)
    add_doc(case, D.SK_HUKUMAN, cast["ppk"])
    decide = {"transition": "decide", "decree_number": "SK-7/2026", "decided_on": "2026-12-03"}
    # when: the regional HR system acts with the PPK's token; another agency's PPK tries too
    other = api(ppk_natuna).post(step(case), decide, content_type="application/json")
    response = api(cast["ppk"]).post(step(case), decide, content_type="application/json")
    # then
    assert other.status_code == 404
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == CaseStatus.DECIDED
    assert response.json()["decree_number"] == "SK-7/2026"
    assert case.events.filter(transition="decide", actor=cast["ppk"]).count() == 1


def test_inspektorat_reads_through_the_api_but_takes_no_step(api, cast, bidang_sd):
    # given: a case at the PPK, which the Inspektorat supervises
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    run_to(case, CaseStatus.RECOMMENDED, cast)
    client = api(cast["inspektorat"])
    # when
    listed = client.get(LIST)
    shown = client.get(detail(case))
    refused = client.post(
        step(case),
        {"transition": "decide", "decree_number": "SK-1", "decided_on": "2026-12-03"},
        content_type="application/json",
    )
    # then
    assert numbers(listed) == {case.number}
    assert shown.status_code == 200
    assert shown.json()["steps"] == []
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    case.refresh_from_db()
    assert case.status == CaseStatus.RECOMMENDED


def test_role_without_api_access_is_forbidden(api, asn_karimun):
    # given: an employee's account holds neither api.use nor api.read (accounts.roles)
    # when
    response = api(asn_karimun).get(LIST)
    # then
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_no_credentials_is_401(client):
    # when
    response = client.get(LIST)
    # then
    assert response.status_code == 401
