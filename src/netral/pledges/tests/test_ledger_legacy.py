"""The legacy format-1 chain (one Ed25519-signed hash chain for the installation, before
issue 15): entries written then are still checked link by link and signature by
signature after migration 0008 placed them in their agencies' Merkle logs. The entries
here are written as the pre-issue-15 ``ledger.append`` did (``legacy_append``)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from netral.pledges import ledger
from netral.pledges.models import LedgerEntry, LedgerHead
from netral.pledges.tests.factories import legacy_append


def _append(n):
    from django.db import transaction

    for i in range(n):
        with transaction.atomic():
            legacy_append(kind=LedgerEntry.Kind.SIGN, payload={"i": i, "nama": "Budi Ñoño"})


def _flip(value: str, pos: int) -> str:
    """Change one character at ``pos`` (within the value) to a different one."""
    pos = pos % len(value)
    ch = value[pos]
    new = "1" if ch != "1" else "2"
    if ch.isalpha():
        new = "x" if ch != "x" else "y"
    return value[:pos] + new + value[pos + 1 :]


def _raw_update(seq: int, column: str, value) -> None:
    with connection.cursor() as cur:
        cur.execute(f"UPDATE pledges_ledgerentry SET {column} = %s WHERE seq = %s", [value, seq])


def _verify_fails_at(seq: int) -> str:
    # Both modes must name the same first bad entry.
    for extra in ((), ("--checkpoints",)):
        with pytest.raises(CommandError) as exc:
            call_command("verify_ledger", *extra)
        assert f"#{seq}:" in str(exc.value)
    return str(exc.value)


@pytest.mark.django_db
def test_verify_ledger_passes_on_an_intact_chain(capsys):
    # given
    _append(70)
    # when
    call_command("verify_ledger")
    call_command("verify_ledger", "--checkpoints")
    # then
    out = capsys.readouterr().out
    assert "70 entri" in out
    head = LedgerHead.objects.get()
    assert head.seq == 70
    assert head.entry_hash == LedgerEntry.objects.get(seq=70).entry_hash


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column", ["kind", "prev_hash", "key_id", "payload", "signature", "entry_hash"]
)
@pytest.mark.parametrize("seq", [1, 5, 12])
@pytest.mark.parametrize("pos", [0, 7, -1])
def test_changing_any_byte_of_any_field_fails_at_that_entry(column, seq, pos):
    # given
    _append(12)
    original = LedgerEntry.objects.values_list(column, flat=True).get(seq=seq)
    # when
    _raw_update(seq, column, _flip(original, pos))
    # then
    _verify_fails_at(seq)


@pytest.mark.django_db
def test_changing_seq_or_deleting_an_entry_is_detected():
    # given
    _append(6)
    # when: renumber entry 3 (a byte of its primary key)
    _raw_update(3, "seq", 93)
    # then
    _verify_fails_at(3)


@pytest.mark.django_db
def test_rewriting_an_entry_and_recomputing_every_later_hash_still_fails_at_it():
    # given: an attacker with database access but without the Ed25519 key
    _append(10)
    entries = list(LedgerEntry.objects.order_by("seq"))
    entries[3].payload = entries[3].payload.replace("Budi", "Badu")
    prev = entries[2].entry_hash
    for e in entries[3:]:
        e.prev_hash = prev
        e.entry_hash = ledger.entry_hash(
            seq=e.seq,
            kind=e.kind,
            prev_hash=e.prev_hash,
            key_id=e.key_id,
            payload=e.payload,
            signature=e.signature,
        )
        prev = e.entry_hash
    # when
    for e in reversed(entries[3:]):  # unique prev_hash: rewrite from the tail
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE pledges_ledgerentry SET payload=%s, prev_hash=%s, entry_hash=%s WHERE seq=%s",
                [e.payload, "t" * 63 + str(e.seq % 10), e.entry_hash, e.seq],
            )
    for e in entries[3:]:
        _raw_update(e.seq, "prev_hash", e.prev_hash)
    LedgerHead.objects.update(entry_hash=prev)
    # then
    _verify_fails_at(4)


@pytest.mark.django_db
def test_deleting_the_last_entry_is_detected_by_the_head():
    # given
    _append(4)
    # when
    with connection.cursor() as cur:
        cur.execute("DELETE FROM pledges_ledgerentry WHERE seq = 4")
    # then
    _verify_fails_at(4)


def _resign_free_rewrite(bad_seq: int) -> None:
    """Rewrite entry ``bad_seq``'s payload and recompute every later hash and link (an
    attacker without the key): only that entry's Ed25519 signature is wrong."""
    entries = list(LedgerEntry.objects.order_by("seq"))
    i = bad_seq - 1
    entries[i].payload = entries[i].payload.replace("Budi", "Badu")
    prev = entries[i - 1].entry_hash
    for e in entries[i:]:
        e.prev_hash = prev
        e.entry_hash = ledger.entry_hash(
            seq=e.seq,
            kind=e.kind,
            prev_hash=e.prev_hash,
            key_id=e.key_id,
            payload=e.payload,
            signature=e.signature,
        )
        prev = e.entry_hash
    for e in reversed(entries[i:]):  # unique prev_hash: rewrite from the tail
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE pledges_ledgerentry SET payload=%s, prev_hash=%s, entry_hash=%s WHERE seq=%s",
                [e.payload, "t" * 60 + f"{e.seq:04d}", e.entry_hash, e.seq],
            )
    for e in entries[i:]:
        _raw_update(e.seq, "prev_hash", e.prev_hash)
    LedgerHead.objects.update(entry_hash=prev)


@pytest.mark.django_db
def test_full_verification_in_a_process_pool_reports_like_one_process(monkeypatch):
    # given: chunks of 4 entries, so the pool sees several chunks
    monkeypatch.setattr(ledger, "POOL_CHUNK", 4)
    _append(21)
    # when
    intact = ledger.verify(full=True, workers=2)
    _resign_free_rewrite(10)
    pooled = ledger.verify(full=True, workers=2)
    single = ledger.verify(full=True, workers=1)
    # then
    assert intact.problem is None
    assert (intact.checked, intact.signatures_checked) == (21, 21)
    assert pooled.problem == single.problem == ledger.LedgerProblem(10, "Ed25519 signature invalid")
    assert pooled.checked == single.checked == 9
