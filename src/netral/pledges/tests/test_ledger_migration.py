"""Issue 15: migration 0008 places the entries of the old single chain in their
agencies' Merkle logs without losing their verifiability."""

import base64
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from netral.core import merkle
from netral.core.keys import ledger_key
from netral.pledges import ledger, proof

BEFORE = [("pledges", "0006_late_signatures")]
AFTER = [("pledges", "0009_ledger_logs_required")]


def _old_append(Entry, Head, seq, kind, payload):
    """The pre-issue-15 ledger.append, on the historical models."""
    text = ledger.canonical_json(payload)
    head = Head.objects.filter(pk=1).first() or Head.objects.create(
        pk=1, seq=0, entry_hash="0" * 64
    )
    key = ledger_key()
    message = proof.signed_message_v1(
        seq=seq, kind=kind, prev_hash=head.entry_hash, key_id=key.key_id, payload=text
    )
    sig = base64.b64encode(key.private.sign(message)).decode()
    e = Entry.objects.create(
        seq=seq,
        kind=kind,
        prev_hash=head.entry_hash,
        key_id=key.key_id,
        payload=text,
        signature=sig,
        entry_hash=ledger.entry_hash(
            seq=seq,
            kind=kind,
            prev_hash=head.entry_hash,
            key_id=key.key_id,
            payload=text,
            signature=sig,
        ),
    )
    Head.objects.filter(pk=1).update(seq=seq, entry_hash=e.entry_hash)
    return e


@pytest.mark.django_db(transaction=True)
def test_existing_entries_move_into_their_agencies_logs_and_stay_verifiable():
    # given: the ledger as it was before issue 15
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Instansi = apps.get_model("registry", "Instansi")
    Campaign = apps.get_model("pledges", "Campaign")
    Entry, Head = apps.get_model("pledges", "LedgerEntry"), apps.get_model("pledges", "LedgerHead")
    Election = apps.get_model("pledges", "Election")
    Text, Template = (
        apps.get_model("pledges", "PledgeText"),
        apps.get_model("pledges", "PactTemplate"),
    )
    a = Instansi.objects.create(kode="99.01", nama="Pemkab A", jenis="PEMKAB")
    b = Instansi.objects.create(kode="99.02", nama="Pemkab B", jenis="PEMKAB")
    # (transactional tests may run after a flush that removed the seeded rows)
    import datetime as dt

    common = {
        "election": Election.objects.create(
            kode="uji-mig",
            nama="Uji",
            jenis="PEMILU",
            campaign_start=dt.date(2030, 1, 1),
            campaign_end=dt.date(2030, 2, 1),
            voting_day=dt.date(2030, 2, 14),
        ),
        "pledge_text": Text.objects.create(
            kode="uji-mig", version=1, title="T", citation="C", body="B"
        ),
        "pact_template": Template.objects.create(
            kode="uji-mig", version=1, title="T", citation="C", opening="O", closing="C"
        ),
        "place": "X",
    }
    ca = Campaign.objects.create(instansi=a, nama="A", **common)
    cb = Campaign.objects.create(instansi=b, nama="B", **common)
    with transaction.atomic():
        _old_append(Entry, Head, 1, "SIGN", {"campaign": {"id": ca.pk}, "nama": "Satu"})
        _old_append(Entry, Head, 2, "SIGN", {"campaign": {"id": cb.pk}, "nama": "Dua"})
        _old_append(Entry, Head, 3, "VOID", {"voids_seq": 1, "code": "X"})
        _old_append(Entry, Head, 4, "SIGN", {"campaign": {"id": ca.pk}, "nama": "Empat"})
        _old_append(Entry, Head, 5, "SIGN", {"nama": "no campaign"})
    before = {e.seq: (e.payload, e.signature, e.entry_hash) for e in Entry.objects.all()}
    # when
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    # then on to every latest migration: later ones (signature status, stage keys) are
    # part of the models this test and the tests after it use
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    # then: every byte kept, each entry in its agency's log in seq order
    from netral.pledges.models import LedgerEntry, LedgerLog

    after = {e.seq: (e.payload, e.signature, e.entry_hash) for e in LedgerEntry.objects.all()}
    assert after == before
    placed = {
        e.seq: (e.log.instansi_id, e.index, e.format)
        for e in LedgerEntry.objects.select_related("log")
    }
    a_id = LedgerLog.objects.get(origin__endswith="/ledger/99.01").instansi_id
    b_id = LedgerLog.objects.get(origin__endswith="/ledger/99.02").instansi_id
    assert placed == {
        1: (a_id, 0, 1),
        2: (b_id, 0, 1),
        3: (a_id, 1, 1),
        4: (a_id, 2, 1),
        5: (None, 0, 1),
    }
    # the leaf is exactly what the old entry hash and signature covered
    one = LedgerEntry.objects.get(seq=1)
    message = proof.signed_message_v1(
        seq=1, kind="SIGN", prev_hash="0" * 64, key_id=one.key_id, payload=one.payload
    )
    assert bytes(one.nodes)[:32] == merkle.leaf_hash(message + proof.frame(one.signature))
    # the whole ledger verifies: old signatures and links, and the new trees
    report = ledger.verify(full=True)
    assert report.problem is None and report.checked == 5 and report.signatures_checked == 5
    # new entries continue the agency's log, with a fresh global id
    with transaction.atomic():
        new = ledger.append(kind="SIGN", payload={"campaign": {"id": ca.pk}}, instansi_id=a_id)
    assert (new.index, new.format) == (3, 2) and new.seq == 6
    assert LedgerLog.objects.get(instansi_id=a_id).size == 4
    # an old entry proves its inclusion in a signed checkpoint
    bundle = ledger.receipt_bundle(LedgerEntry.objects.select_related("log").get(seq=4))
    assert proof.verify_bundle(bundle, verifier_key=ledger.verifier_key()).ok
    call_command("verify_ledger")
    # and tampering with a migrated entry is still named
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE pledges_ledgerentry SET payload = %s WHERE seq = 4",
            [json.dumps({"campaign": {"id": ca.pk}, "nama": "Lima"})],
        )
    with pytest.raises(CommandError) as exc:
        call_command("verify_ledger")
    assert "#4:" in str(exc.value)
