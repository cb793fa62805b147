"""The sharded Merkle ledger (issue 15): one log per agency, signed checkpoints,
inclusion and consistency proofs, and verify_ledger naming what was tampered with:
any byte of any entry, a removed entry, a truncated tail, a checkpoint re-signed with
another key."""

import contextlib
import sqlite3
import threading

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from netral.core import checkpoint as cp
from netral.core import merkle
from netral.pledges import ledger, services
from netral.pledges.models import LedgerCheckpoint, LedgerEntry, LedgerLog, Signature
from netral.pledges.tests.factories import make_campaign
from netral.registry.tests.factories import PegawaiFactory


def _append(n, instansi_id=None, start=0):
    for i in range(start, start + n):
        with transaction.atomic():
            ledger.append(
                kind=LedgerEntry.Kind.SIGN,
                payload={"i": i, "nama": "Budi Ñoño"},
                instansi_id=instansi_id,
            )


def _entry(position, instansi_id=None):
    return LedgerEntry.objects.get(log__instansi_id=instansi_id, index=position - 1)


def _flip(value, pos):
    pos = pos % len(value)
    ch = value[pos]
    new = "1" if ch != "1" else "2"
    if ch.isalpha():
        new = "x" if ch != "x" else "y"
    return value[:pos] + new + value[pos + 1 :]


def _raw_update(seq, column, value):
    with connection.cursor() as cur:
        cur.execute(f'UPDATE pledges_ledgerentry SET "{column}" = %s WHERE seq = %s', [value, seq])


def _fails(*published):
    with pytest.raises(CommandError) as exc:
        call_command("verify_ledger", *published)
    return str(exc.value)


@pytest.mark.django_db
def test_appends_build_the_rfc_tree_and_checkpoints_sign_its_root(capsys):
    # given
    _append(37)
    log = LedgerLog.objects.get()
    # then: the log row's frontier gives the RFC 9162 root of all leaves
    leaves = [ledger.entry_leaf_hash(e) for e in LedgerEntry.objects.order_by("index")]
    assert log.size == 37
    assert merkle.frontier_root(merkle.unpack(bytes(log.frontier))) == merkle.root(leaves)
    # when
    c = ledger.checkpoint_make(log)
    # then
    signed = cp.verify(c.note, name=ledger.key_name(), public=ledger.ledger_key().public)
    assert (signed.origin, signed.size, signed.root) == (log.origin, 37, merkle.root(leaves))
    assert ledger.checkpoint_make(log).pk == c.pk  # same size: the same checkpoint
    call_command("verify_ledger")
    assert "37 entri dalam 1 log, 1 checkpoint" in capsys.readouterr().out


@pytest.mark.django_db
def test_inclusion_and_consistency_proofs_from_the_stored_nodes():
    _append(21)
    log = LedgerLog.objects.get()
    first = ledger.checkpoint_make(log)
    _append(12, start=21)
    second = ledger.checkpoint_make(log)
    leaves = [ledger.entry_leaf_hash(e) for e in LedgerEntry.objects.order_by("index")]
    for e in LedgerEntry.objects.order_by("index"):
        path = ledger.inclusion_proof(e, 33)
        assert merkle.verify_inclusion(
            e.index, 33, leaves[e.index], path, bytes.fromhex(second.root_hash)
        )
    proof = ledger.consistency_proof(log, 21, 33)
    assert merkle.verify_consistency(
        21, 33, bytes.fromhex(first.root_hash), bytes.fromhex(second.root_hash), proof
    )
    assert proof == merkle.consistency_proof(21, 33, merkle.memory_node(leaves))


@pytest.mark.django_db
def test_agencies_have_separate_logs(karimun, natuna):
    _append(3, instansi_id=karimun.pk)
    _append(2, instansi_id=natuna.pk)
    sizes = dict(LedgerLog.objects.values_list("instansi_id", "size"))
    assert sizes == {karimun.pk: 3, natuna.pk: 2}
    assert sorted(
        LedgerEntry.objects.filter(log__instansi=natuna).values_list("index", flat=True)
    ) == [0, 1]
    assert LedgerLog.objects.get(instansi=karimun).origin.endswith(f"/ledger/{karimun.kode}")
    assert ledger.verify().problem is None


# --- tampering ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("column", ["kind", "payload", "entry_hash"])
@pytest.mark.parametrize("position", [1, 6, 13])
@pytest.mark.parametrize("pos", [0, 7, -1])
def test_changing_any_byte_of_any_field_names_that_entry(column, position, pos):
    # given
    _append(13)
    ledger.checkpoint_make(LedgerLog.objects.get())
    e = _entry(position)
    # when
    _raw_update(e.seq, column, _flip(getattr(e, column), pos))
    # then
    if column == "entry_hash":  # checked by the entry's own verification and the page
        assert not ledger.verify_entry(LedgerEntry.objects.get(seq=e.seq))
        return
    message = _fails()
    assert f"posisi {position}, entri #{e.seq}:" in message


@pytest.mark.django_db
@pytest.mark.parametrize("position", [1, 2, 8, 13])
@pytest.mark.parametrize("byte", [0, 31, 33, -1])
def test_changing_any_byte_of_the_stored_nodes_names_that_entry(position, byte):
    _append(16)
    e = _entry(position)
    raw = bytearray(bytes(e.nodes))
    if byte >= len(raw) or -byte > len(raw):
        pytest.skip("this entry stores fewer nodes")
    raw[byte] ^= 0x01
    _raw_update(e.seq, "nodes", bytes(raw))
    assert f"posisi {position}, entri #{e.seq}:" in _fails()


@pytest.mark.django_db
def test_changing_the_index_of_an_entry_is_named():
    _append(6)
    e = _entry(3)
    _raw_update(e.seq, "index", 93)
    assert "posisi 3," in _fails() and "entry missing" in _fails()


@pytest.mark.django_db
def test_removing_an_entry_is_named():
    _append(9)
    e = _entry(4)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM pledges_ledgerentry WHERE seq = %s", [e.seq])
    message = _fails()
    assert "posisi 4," in message and "entry missing" in message


@pytest.mark.django_db
def test_rewriting_an_entry_and_recomputing_every_hash_is_caught_by_the_checkpoint():
    # given: an attacker with database access but without the key rewrites entry 5 and
    # rebuilds every stored hash and the log row so all of them agree
    _append(10)
    log = LedgerLog.objects.get()
    ledger.checkpoint_make(log)
    entries = list(LedgerEntry.objects.order_by("index"))
    entries[4].payload = entries[4].payload.replace("Budi", "Badu")
    frontier: list[bytes] = []
    for e in entries:
        leaf = ledger.entry_leaf_hash(e)
        nodes = b"".join(merkle.append(frontier, e.index, leaf))
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE pledges_ledgerentry SET payload=%s, entry_hash=%s, nodes=%s WHERE seq=%s",
                [e.payload, leaf.hex(), nodes, e.seq],
            )
    LedgerLog.objects.filter(pk=log.pk).update(frontier=merkle.pack(frontier))
    # then: the signed root no longer matches; the range since the last good one is named
    message = _fails()
    assert "root at size 10 differs from the checkpoint" in message
    assert "positions 1–10" in message


@pytest.mark.django_db
def test_truncating_the_tail_is_detected_against_a_stored_checkpoint():
    # given
    _append(12)
    log = LedgerLog.objects.get()
    ledger.checkpoint_make(log)
    # when: the last three entries go, and the log row is rolled back to match
    keep = list(LedgerEntry.objects.order_by("index"))[:9]
    frontier: list[bytes] = []
    for e in keep:
        merkle.append(frontier, e.index, ledger.entry_leaf_hash(e))
    LedgerEntry.objects.filter(index__gte=9).delete()
    LedgerLog.objects.filter(pk=log.pk).update(size=9, frontier=merkle.pack(frontier))
    # then
    message = _fails()
    assert "truncated: checkpoint of size 12" in message and "posisi 10" in message


@pytest.mark.django_db
def test_truncating_tail_and_checkpoints_is_detected_against_a_published_one(tmp_path):
    # given: the checkpoint was published (saved outside the database)
    _append(12)
    log = LedgerLog.objects.get()
    note = ledger.checkpoint_make(log).note
    published = tmp_path / "checkpoint.txt"
    published.write_text(note, encoding="utf-8")
    # when: entries, checkpoints and the log row are all rolled back to 9
    keep = list(LedgerEntry.objects.order_by("index"))[:9]
    frontier: list[bytes] = []
    for e in keep:
        merkle.append(frontier, e.index, ledger.entry_leaf_hash(e))
    LedgerEntry.objects.filter(index__gte=9).delete()
    LedgerCheckpoint.objects.all().delete()
    LedgerLog.objects.filter(pk=log.pk).update(size=9, frontier=merkle.pack(frontier))
    call_command("verify_ledger")  # nothing inside the database shows it
    # then
    message = _fails("--published", str(published))
    assert "truncated: checkpoint of size 12 (published)" in message


@pytest.mark.django_db
def test_a_checkpoint_re_signed_with_another_key_is_named(tmp_path):
    # given
    _append(5)
    log = LedgerLog.objects.get()
    good = ledger.checkpoint_make(log)
    # when: a forged checkpoint of a different tree, signed with another key under the
    # installation's key name
    forged = cp.Checkpoint(log.origin, 5, b"\x07" * 32, good.signed_at)
    note = cp.sign(forged, name=ledger.key_name(), private=Ed25519PrivateKey.generate())
    LedgerCheckpoint.objects.filter(pk=good.pk).update(note=note, root_hash=forged.root.hex())
    # then
    message = _fails()
    assert "checkpoint of size 5 refused: not signed by the installation key" in message
    # and a published forgery is refused too
    path = tmp_path / "forged.txt"
    path.write_text(note, encoding="utf-8")
    assert "published checkpoint refused" in _fails("--published", str(path))


@pytest.mark.django_db
def test_a_checkpoint_whose_columns_disagree_with_its_note_is_named():
    _append(5)
    c = ledger.checkpoint_make(LedgerLog.objects.get())
    LedgerCheckpoint.objects.filter(pk=c.pk).update(tree_size=4)
    assert "its columns differ from its signed note" in _fails()


@pytest.mark.django_db
def test_a_log_row_that_disagrees_with_its_entries_is_named():
    _append(5)
    LedgerLog.objects.update(size=7)
    assert "log row (size 7) does not match its 5 entries" in _fails()


@pytest.mark.django_db
def test_chunked_verification_matches_one_chunk(monkeypatch):
    # given: chunks of 4 leaves (complete subtrees), checkpoints inside and on chunk edges
    monkeypatch.setattr(ledger, "MERKLE_CHUNK", 4)
    log_id = None
    _append(8)
    log = LedgerLog.objects.get()
    ledger.checkpoint_make(log)
    _append(9, start=8)
    ledger.checkpoint_make(log)
    _append(6, start=17)
    ledger.checkpoint_make(log)
    log_id = log.pk
    # then
    report = ledger.verify()
    assert report.problem is None and report.checked == 23 and report.checkpoints_checked == 3
    # a stored node above the chunks (level 3 at leaf 8) is checked by the merge
    e = LedgerEntry.objects.get(log_id=log_id, index=15)
    raw = bytearray(bytes(e.nodes))
    raw[-1] ^= 1
    _raw_update(e.seq, "nodes", bytes(raw))
    problem = ledger.verify().problem
    assert problem is not None and problem.position == 16


# --- concurrency ----------------------------------------------------------------------------


def _sign_in_thread(campaign, pegawai, barrier, results, errors):
    try:
        barrier.wait()
        sig, created = services.pact_sign(
            campaign=campaign, pegawai=pegawai, actor=None, method=Signature.Method.PASSWORD
        )
        results.append((sig.pk, created))
    except Exception as exc:  # collected and asserted on below
        errors.append(repr(exc))
    finally:
        connections.close_all()


@contextlib.contextmanager
def file_backed_sqlite(tmp_path):
    """Threads need a real file on SQLite (see test_ledger_legacy's history): copy the
    in-memory test database to a file for the block, then switch back."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    connection.ensure_connection()
    memory, name = connection.connection, connection.settings_dict["NAME"]
    target = sqlite3.connect(tmp_path / "threads.sqlite3")
    memory.backup(target)
    target.close()
    connection.settings_dict["NAME"] = str(tmp_path / "threads.sqlite3")
    connection.connection = None
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = name
        connection.connection = memory


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_signings_form_one_unbroken_log(karimun, disdik_karimun, tmp_path):
    with file_backed_sqlite(tmp_path):
        # given
        people = [PegawaiFactory(unit=disdik_karimun) for _ in range(50)]
        campaign = make_campaign(instansi=karimun)
        barrier = threading.Barrier(50)
        results, errors = [], []
        # when
        threads = [
            threading.Thread(target=_sign_in_thread, args=(campaign, p, barrier, results, errors))
            for p in people
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # then
        assert errors == []
        assert len(results) == 50 and all(created for _pk, created in results)
        report = ledger.verify(full=True, workers=2)
        assert report.problem is None and report.checked == 50
        indexes = list(
            LedgerEntry.objects.filter(log__instansi=karimun)
            .order_by("index")
            .values_list("index", flat=True)
        )
        assert indexes == list(range(50))
        assert Signature.objects.count() == 50


@pytest.mark.django_db(transaction=True)
def test_two_agencies_sign_at_once_without_waiting_for_each_other(
    karimun, natuna, disdik_karimun, dinkes_natuna
):
    """PostgreSQL: agency A's append holds A's log lock; agency B appends and commits
    meanwhile (it would block on a global lock), and A's log stays one tree."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL (SQLite serialises every write transaction)")
    a_people = [PegawaiFactory(unit=disdik_karimun) for _ in range(20)]
    b_people = [PegawaiFactory(unit=dinkes_natuna) for _ in range(20)]
    a_campaign = make_campaign(instansi=karimun)
    b_campaign = make_campaign(instansi=natuna)
    # Agency A: a transaction holding its log lock (an append not yet committed).
    holding, release, b_done = threading.Event(), threading.Event(), threading.Event()
    b_errors: list[str] = []

    def hold_a():
        try:
            with transaction.atomic():
                ledger.append(kind="SIGN", payload={"held": True}, instansi_id=karimun.pk)
                holding.set()
                release.wait(20)
        finally:
            connections.close_all()

    def sign_b():
        try:
            for p in b_people[:5]:
                services.pact_sign(
                    campaign=b_campaign, pegawai=p, actor=None, method=Signature.Method.PASSWORD
                )
            b_done.set()
        except Exception as exc:
            b_errors.append(repr(exc))
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_a)
    holder.start()
    assert holding.wait(20)
    signer = threading.Thread(target=sign_b)
    signer.start()
    # then: B's five signatures commit while A's lock is held
    assert b_done.wait(20), b_errors
    release.set()
    holder.join()
    signer.join()
    # and both agencies sign concurrently, 15 + 15 threads at once
    barrier = threading.Barrier(30)
    results, errors = [], []
    threads = [
        threading.Thread(target=_sign_in_thread, args=(a_campaign, p, barrier, results, errors))
        for p in a_people[:15]
    ] + [
        threading.Thread(target=_sign_in_thread, args=(b_campaign, p, barrier, results, errors))
        for p in b_people[5:20]
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 30
    sizes = dict(LedgerLog.objects.values_list("instansi_id", "size"))
    assert sizes == {karimun.pk: 16, natuna.pk: 20}
    ledger.checkpoints_make_all()
    report = ledger.verify(workers=2)
    assert report.problem is None and report.checked == 36 and report.logs == 2
