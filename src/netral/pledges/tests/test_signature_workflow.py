"""signature_void on the workflow engine (issue 8): LIVE → VOID through
workflow.SIGNATURE_WORKFLOW, one audit entry, the status and the VOID entry always agree."""

import pytest
from django.db import IntegrityError, transaction

from netral.core.models import AuditEntry
from netral.pledges import services, workflow
from netral.pledges.errors import InvalidTransition, PledgeError
from netral.pledges.models import LedgerEntry, Signature
from netral.pledges.tests.factories import make_campaign
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db

REASON = "Salah orang: akun dipakai rekan."


@pytest.fixture
def signature(karimun, bidang_sd):
    campaign = make_campaign(instansi=karimun)
    sig, _created = services.pact_sign(
        campaign=campaign,
        pegawai=PegawaiFactory(unit=bidang_sd),
        actor=None,
        method=Signature.Method.PASSWORD,
    )
    return sig


def test_void_moves_live_to_void_with_its_ledger_entry_and_one_audit_entry(signature, hr_karimun):
    assert signature.status == Signature.Status.LIVE
    services.signature_void(signature=signature, reason=REASON, actor=hr_karimun)
    row = Signature.objects.get(pk=signature.pk)
    assert row.status == Signature.Status.VOID
    assert row.void_entry.kind == LedgerEntry.Kind.VOID
    [entry] = AuditEntry.objects.filter(action=workflow.SIGNATURE_VOIDED)
    assert entry.actor == hr_karimun and entry.target_id == str(signature.pk)
    assert entry.data == {"transition": "void", "old": "LIVE", "new": "VOID", "reason": REASON}


def test_void_from_a_stale_copy_is_refused_and_appends_nothing(signature, hr_karimun):
    stale = Signature.objects.get(pk=signature.pk)
    services.signature_void(signature=signature, reason=REASON, actor=hr_karimun)
    entries = LedgerEntry.objects.count()
    with pytest.raises(InvalidTransition) as err:
        services.signature_void(signature=stale, reason=REASON, actor=hr_karimun)
    assert err.value.code_value == PledgeError.ALREADY_VOID.value
    assert LedgerEntry.objects.count() == entries
    assert AuditEntry.objects.filter(action=workflow.SIGNATURE_VOIDED).count() == 1


def test_the_database_refuses_a_status_that_disagrees_with_the_void_entry(signature):
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.filter(pk=signature.pk).update(status=Signature.Status.VOID)


def test_the_table_has_no_way_back_from_void():
    assert workflow.SIGNATURE_WORKFLOW.targets(Signature.Status.VOID) == set()
    assert workflow.SIGNATURE_WORKFLOW.targets(Signature.Status.LIVE) == {Signature.Status.VOID}
