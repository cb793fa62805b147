"""Issue 9, defect 7: public verification trusted the signature row, not the ledger."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from netral.pledges import ledger, services
from netral.pledges.models import Signature
from netral.pledges.tests.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(karimun, bidang_sd, asn_karimun):
    campaign = make_campaign(instansi=karimun)
    sig, _ = services.pact_sign(
        campaign=campaign, pegawai=asn_karimun.pegawai, actor=None, method="PASSWORD"
    )
    return sig


def _raw(sql, params):
    with connection.cursor() as cur:
        cur.execute(sql, params)


def test_byte_edit_in_the_ledger_entry_is_not_sah(client, signed):
    # given: one byte of the signed payload changed in the database
    payload = signed.entry.payload.replace(signed.nama, signed.nama[:-1] + "X")
    _raw("UPDATE pledges_ledgerentry SET payload = %s WHERE seq = %s", [payload, signed.entry_id])
    # when
    page = client.get(f"/verifikasi/{signed.code}")
    api = client.get(f"/api/v1/pledges/verify/{signed.code}")
    # then
    assert 'data-status="invalid"' in page.content.decode()
    assert 'data-status="valid"' not in page.content.decode()
    assert api.json()["status"] == "invalid"


def test_forged_name_on_the_signature_row_is_not_shown_as_sah(client, signed):
    # given: the name on the signature row changed, the ledger untouched
    Signature.objects.filter(pk=signed.pk).update(nama="Nama Palsu")
    # when
    page = client.get(f"/verifikasi/{signed.code}").content.decode()
    # then
    assert 'data-status="invalid"' in page
    assert "Nama Palsu" not in page


def test_verify_ledger_cross_checks_every_signature_row(signed):
    # given
    Signature.objects.filter(pk=signed.pk).update(nama="Nama Palsu")
    # when / then
    with pytest.raises(CommandError) as exc:
        call_command("verify_ledger")
    assert f"#{signed.entry_id}" in str(exc.value) and "nama" in str(exc.value)


def test_signature_row_with_another_code_is_caught(signed):
    # given: intact rows agree with their own entry
    assert ledger.verify_signature(Signature.objects.get(pk=signed.pk)) is None
    # when: the row's code no longer matches the signed entry
    Signature.objects.filter(pk=signed.pk).update(code="ZZZZZZZZZZZZZZZZ")
    # then
    assert "code" in ledger.verify_signature(Signature.objects.get(pk=signed.pk))


def test_intact_signature_is_sah_and_ledger_verifies(client, signed, capsys):
    # when
    page = client.get(f"/verifikasi/{signed.code}").content.decode()
    call_command("verify_ledger")
    # then
    assert 'data-status="valid"' in page
    assert "setiap catatan tanda tangan dicocokkan" in capsys.readouterr().out
