import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from netral.cases import workflow
from netral.cases.models import CaseDocument, CaseEvent, CaseStage, CaseStatus
from netral.cases.tests.factories import add_doc, make_case, run_to, violation
from netral.core.errors import InvalidTransition
from netral.core.models import AuditEntry

D = CaseDocument.Kind
pytestmark = pytest.mark.django_db


def test_an_asn_case_runs_from_report_to_executed_sanction(cast, bidang_sd):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    # when
    run_to(case, CaseStatus.CLOSED, cast)
    # then
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    subject = case.subjects.get()
    assert subject.recommended_sanction.level == "BERAT"
    assert subject.decided_sanction == subject.recommended_sanction
    assert subject.executed_on == timezone.localdate()
    steps = list(
        case.events.filter(kind=CaseEvent.Kind.STATUS).values_list("transition", flat=True)
    )
    assert steps == [
        "open",
        "register",
        "forward_body",
        "body_verify",
        "recommend",
        "decide",
        "execute",
        "close",
    ]
    assert (
        AuditEntry.objects.filter(action="cases.status.changed", target_id=str(case.pk)).count()
        == 7
    )
    assert case.recommending_body.short_name == "BKN"


def test_a_step_needs_its_role(cast, bidang_sd):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    # when / then: the PPK cannot register a case, nor can the body
    for who in ("ppk", "bkn", "bkpsdm", "inspektorat"):
        with pytest.raises(InvalidTransition) as err:
            workflow.transition(case=case, to="register", actor=cast[who])
        assert err.value.code_value == "not_allowed"
    assert case.status == CaseStatus.INITIAL_STUDY


def test_forwarding_needs_the_minutes_and_the_study(cast, bidang_sd):
    # given
    case = run_to(make_case(actor=cast["bawaslu"], unit=bidang_sd), CaseStatus.STUDY, cast)
    add_doc(case, D.HASIL_KAJIAN, cast["bawaslu"])
    # when
    with pytest.raises(InvalidTransition) as err:
        workflow.transition(
            case=case,
            to="forward_body",
            actor=cast["bawaslu"],
            fields={"violation_type": violation("ETIKA-1")},
        )
    # then
    assert err.value.code_value == "missing_documents"
    assert err.value.params["documents"] == [D.BA_KLARIFIKASI]


def test_a_step_needs_its_fields(cast, bidang_sd):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    # when
    with pytest.raises(InvalidTransition) as err:
        workflow.transition(case=case, to="not_register", actor=cast["bawaslu"])
    # then
    assert err.value.code_value == "missing_fields"
    assert err.value.params["fields"] == ["note"]


def test_withdrawal_only_before_registration(cast, bidang_sd):
    # given
    case = run_to(make_case(actor=cast["bawaslu"], unit=bidang_sd), CaseStatus.STUDY, cast)
    # when / then
    with pytest.raises(InvalidTransition):
        workflow.transition(case=case, to="withdraw", actor=cast["bawaslu"], note="Dicabut.")


def test_a_non_asn_case_goes_to_the_employing_agency(cast, bidang_sd):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd, jenis="NON_ASN")
    workflow.transition(case=case, to="register", actor=cast["bawaslu"])
    add_doc(case, D.BA_KLARIFIKASI, cast["bawaslu"])
    add_doc(case, D.HASIL_KAJIAN, cast["bawaslu"])
    # when: the body track is refused, the agency track is taken
    with pytest.raises(InvalidTransition) as err:
        workflow.transition(
            case=case,
            to="forward_body",
            actor=cast["bawaslu"],
            fields={"violation_type": violation("DISIPLIN-5N-1")},
        )
    assert err.value.code_value == "wrong_track"
    workflow.transition(
        case=case,
        to="forward_agency",
        actor=cast["bawaslu"],
        fields={"violation_type": violation("DISIPLIN-5N-1")},
    )
    # then: the agency's PPK decides a contract sanction
    assert case.status == CaseStatus.AGENCY and case.recommending_body is None
    subject = case.subjects.get()
    add_doc(case, D.SK_HUKUMAN, cast["ppk"])
    contract = subject_sanction = None
    from netral.cases.selectors import sanctions_offered

    contract = sanctions_offered(
        violation_type=case.violation_type, jenis_pegawai="NON_ASN"
    ).first()
    workflow.transition(
        case=case,
        to="decide",
        actor=cast["ppk"],
        fields={
            "decree_number": "SK-9",
            "decided_on": timezone.localdate(),
            "sanctions": {subject.pk: contract.pk},
        },
    )
    subject_sanction = case.subjects.get().decided_sanction
    assert subject_sanction.employment == "NON_ASN"


def test_an_ethics_case_is_decided_by_a_moral_sanction_statement(cast, bidang_sd):
    # given
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    workflow.transition(case=case, to="register", actor=cast["bawaslu"])
    add_doc(case, D.BA_KLARIFIKASI, cast["bawaslu"])
    add_doc(case, D.HASIL_KAJIAN, cast["bawaslu"])
    workflow.transition(
        case=case,
        to="forward_body",
        actor=cast["bawaslu"],
        fields={"violation_type": violation("ETIKA-2")},
    )
    workflow.transition(case=case, to="body_verify", actor=cast["bkn"])
    add_doc(case, D.REKOMENDASI, cast["bkn"])
    subject = case.subjects.get()
    from netral.reports.models import SanctionType

    moral = SanctionType.objects.get(code="MORAL_TERBUKA")
    workflow.transition(
        case=case,
        to="recommend",
        actor=cast["bkn"],
        fields={"recommendation_number": "R-2", "sanctions": {subject.pk: moral.pk}},
    )
    add_doc(case, D.SK_HUKUMAN, cast["ppk"])
    # when: a decree is not the right document for a moral sanction
    with pytest.raises(InvalidTransition) as err:
        workflow.transition(
            case=case,
            to="decide",
            actor=cast["ppk"],
            fields={"decree_number": "P-1", "decided_on": timezone.localdate()},
        )
    # then
    assert err.value.params["documents"] == [D.PERNYATAAN_MORAL]
    add_doc(case, D.PERNYATAAN_MORAL, cast["ppk"])
    workflow.transition(
        case=case,
        to="decide",
        actor=cast["ppk"],
        fields={"decree_number": "P-1", "decided_on": timezone.localdate()},
    )
    assert case.status == CaseStatus.DECIDED


def test_a_discipline_sanction_outside_the_level_is_refused(cast, bidang_sd):
    # given
    case = run_to(make_case(actor=cast["bawaslu"], unit=bidang_sd), CaseStatus.BODY_EXAM, cast)
    add_doc(case, D.REKOMENDASI, cast["bkn"])
    from netral.reports.models import SanctionType

    light = SanctionType.objects.get(code="PNS_TEGURAN_LISAN")  # ringan, case is berat
    # when / then
    with pytest.raises(InvalidTransition) as err:
        workflow.transition(
            case=case,
            to="recommend",
            actor=cast["bkn"],
            fields={
                "recommendation_number": "R-3",
                "sanctions": {case.subjects.get().pk: light.pk},
            },
        )
    assert err.value.code_value == "sanction_not_allowed"


@pytest.mark.parametrize(
    ("forwarded", "body"), [(dt.date(2024, 9, 3), "KASN"), (dt.date(2024, 9, 4), "BKN")]
)
def test_the_case_keeps_the_body_in_force_on_the_forwarding_day(cast, bidang_sd, forwarded, body):
    # given
    with time_machine.travel(
        dt.datetime.combine(forwarded, dt.time(10), tzinfo=dt.UTC), tick=False
    ):
        case = run_to(make_case(actor=cast["bawaslu"], unit=bidang_sd), CaseStatus.FORWARDED, cast)
    # then
    assert case.recommending_body.short_name == body
    case.refresh_from_db()
    assert case.forwarded_on == forwarded


def test_each_stage_gets_a_due_date_from_the_rules(cast, bidang_sd):
    # given: registration on Friday 5 April 2024 (before Idul Fitri and cuti bersama)
    with time_machine.travel(dt.datetime(2024, 4, 5, 3, tzinfo=dt.UTC), tick=False):
        case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
        workflow.transition(case=case, to="register", actor=cast["bawaslu"])
        # when
        workflow.transition(
            case=case, to="extend_study", actor=cast["bawaslu"], note="Saksi tambahan."
        )
    # then: 14 working days from registration skip 8–15 April and 1 May
    case.refresh_from_db()
    assert case.stage_due_on == dt.date(2024, 5, 6)
    stages = list(
        CaseStage.objects.filter(case=case)
        .order_by("id")
        .values_list("rule", "due_on", "completed_at")
    )
    assert [s[0] for s in stages] == ["INITIAL_STUDY", "STUDY", "STUDY_EXTENDED"]
    assert stages[1][1] == dt.date(2024, 4, 24)
    assert stages[-1][2] is None


def test_merging_needs_the_same_person(cast, bidang_sd):
    # given
    from netral.registry.tests.factories import PegawaiFactory

    p = PegawaiFactory(unit=bidang_sd)
    first = make_case(actor=cast["bawaslu"], pegawai=[p])
    second = make_case(actor=cast["bawaslu"], pegawai=[p])
    other = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    # when / then
    with pytest.raises(InvalidTransition) as err:
        workflow.transition(
            case=other, to="merge", actor=cast["bawaslu"], fields={"merged_into": first.pk}
        )
    assert err.value.code_value == "merge_different"
    workflow.transition(
        case=second, to="merge", actor=cast["bawaslu"], fields={"merged_into": first.pk}
    )
    second.refresh_from_db()
    assert second.status == CaseStatus.MERGED and second.merged_into == first


def test_forwarding_is_offered_before_the_violation_type_is_chosen(cast, bidang_sd):
    """The forwarding form asks for the proven violation type, so the step is offered to
    the handler while the case has none yet (found by the random-sequence test)."""
    # given: a registered case under study, no violation type set
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    workflow.transition(case=case, to="register", actor=cast["bawaslu"])
    assert case.violation_type_id is None
    # when
    offered = {t.name for t in workflow.available(case=case, user=cast["bawaslu"])}
    # then: offered, and still refused without the type
    assert "forward_body" in offered
    add_doc(case, D.BA_KLARIFIKASI, cast["bawaslu"])
    add_doc(case, D.HASIL_KAJIAN, cast["bawaslu"])
    with pytest.raises(InvalidTransition) as err:
        workflow.transition(case=case, to="forward_body", actor=cast["bawaslu"])
    assert err.value.code_value == "no_violation_type"
