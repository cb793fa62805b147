"""Random action sequences never reach a state outside the table, and a step only
succeeds with its role, fields and documents (hypothesis)."""

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netral.cases import workflow
from netral.cases.models import Case, CaseDocument, CaseStatus
from netral.cases.selectors import sanctions_offered
from netral.cases.tests.factories import add_doc, make_case, violation
from netral.core.errors import DomainError

NAMES = sorted({t.name for t in workflow.TRANSITIONS})
WHO = ["bawaslu", "satgas", "bkn", "ppk", "bkpsdm", "inspektorat", "outsider"]
DOCS = list(CaseDocument.Kind.values)


def _fields(case: Case, name: str, complete: bool) -> dict:
    if not complete:
        return {}
    today = timezone.localdate()
    f = {
        "note": "Alasan.",
        "discovered_on": today,
        "recommendation_number": "R-1",
        "decree_number": "SK-1",
        "decided_on": today,
        "executed_on": today,
        "referred_to": "Bawaslu Provinsi",
        "violation_type": violation("DISIPLIN-5N-1"),
    }
    if name in ("recommend", "decide", "appeal_resolve"):
        f["sanctions"] = {
            s.pk: sanctions_offered(
                violation_type=case.violation_type or f["violation_type"],
                jenis_pegawai=s.jenis_pegawai,
            ).first()
            for s in case.subjects.all()
        }
    return f


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    actions=st.lists(
        st.tuples(
            st.sampled_from(NAMES),
            st.sampled_from(WHO),
            st.booleans(),
            st.sampled_from(DOCS + [""]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_random_actions_stay_in_the_table(actions, cast, natuna, bidang_sd):
    from netral.accounts.roles import Role
    from netral.conftest import _staff

    actors = dict(cast)
    actors["outsider"] = _staff(
        f"ppk.natuna.{len(actions)}.{id(actions)}", Role.PPK, instansi=natuna
    )
    case = make_case(actor=cast["bawaslu"], unit=bidang_sd)
    for name, who, complete, doc in actions:
        if doc:
            add_doc(case, doc, cast["bawaslu"])
        before = case.status
        offered = {t.name for t in workflow.available(case=case, user=actors[who])}
        try:
            workflow.transition(
                case=case, to=name, actor=actors[who], fields=_fields(case, name, complete)
            )
        except DomainError:
            case.refresh_from_db()
            assert case.status == before
            continue
        # then: only a step the table offers this actor from this state, with its fields
        t = next(t for t in workflow.TRANSITIONS if t.name == name and before in t.source)
        assert name in offered
        assert complete or not t.required_fields
        present = set(case.documents.values_list("kind", flat=True))
        assert set(t.required_documents) <= present
        assert who != "outsider"
        case.refresh_from_db()
        assert case.status == t.target
        assert case.status in set(CaseStatus.values)
