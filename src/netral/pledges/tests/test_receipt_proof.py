"""Issue 15: a receipt PDF carries its ledger proof and verifies offline from the PDF
plus a published checkpoint (CLI and the public page); checkpoints are published on the
page, over the API and in the Bawaslu recap."""

import io
import json

import openpyxl
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client

from netral.core import checkpoint as cp
from netral.core import merkle
from netral.pledges import ledger, proof, selectors, services
from netral.pledges.models import LedgerCheckpoint, LedgerEntry, LedgerLog, Signature
from netral.pledges.receipts import receipt_pdf
from netral.pledges.tests.factories import make_campaign
from netral.registry.tests.factories import PegawaiFactory

pytestmark = pytest.mark.django_db


def _sign(campaign, unit, n=1):
    sigs = []
    for _ in range(n):
        sig, _c = services.pact_sign(
            campaign=campaign,
            pegawai=PegawaiFactory(unit=unit),
            actor=None,
            method=Signature.Method.PASSWORD,
        )
        sigs.append(
            Signature.objects.select_related("campaign__instansi", "entry__log").get(pk=sig.pk)
        )
    return sigs


@pytest.fixture
def receipt(karimun, bidang_sd):
    campaign = make_campaign(instansi=karimun)
    sigs = _sign(campaign, bidang_sd, 5)
    return campaign, sigs[2], receipt_pdf(sigs[2])


def test_the_receipt_embeds_a_proof_that_verifies_offline(receipt, tmp_path, capsys):
    # given
    _campaign, sig, pdf = receipt
    # when
    bundle = proof.bundle_from_pdf(pdf)
    # then: signed checkpoint covering the entry, inclusion proof reaching its root
    assert bundle["leaf_index"] == sig.entry.index == 2
    result = proof.verify_bundle(bundle, verifier_key=ledger.verifier_key())
    assert result.ok, result.problems
    assert result.checkpoint.size == 5 and result.payload["code"] == sig.code
    # and the command line does the same from the file alone plus the published checkpoint
    path = tmp_path / "tanda-terima.pdf"
    path.write_bytes(pdf)
    published = tmp_path / "cp.txt"
    published.write_text(Client().get("/verifikasi/buku-besar/checkpoint.txt").content.decode())
    assert (
        proof.main([str(path), "--key", ledger.verifier_key(), "--checkpoint", str(published)]) == 0
    )
    out = capsys.readouterr().out
    assert (
        out.startswith("VALID: entri posisi 3")
        and "matches the published checkpoint of size 5" in out
    )


def test_a_tampered_proof_or_a_foreign_key_does_not_verify(receipt):
    _campaign, _sig, pdf = receipt
    bundle = proof.bundle_from_pdf(pdf)
    key = ledger.verifier_key()
    edited = json.loads(json.dumps(bundle))
    edited["entry"]["payload"] = edited["entry"]["payload"].replace(
        edited["entry"]["payload"][10], "Z", 1
    )
    assert not proof.verify_bundle(edited, verifier_key=key).ok
    moved = {**bundle, "leaf_index": 1}
    assert not proof.verify_bundle(moved, verifier_key=key).ok
    short = {**bundle, "inclusion_proof": bundle["inclusion_proof"][:-1]}
    assert not proof.verify_bundle(short, verifier_key=key).ok
    other = cp.verifier_key(ledger.key_name(), Ed25519PrivateKey.generate().public_key())
    result = proof.verify_bundle(bundle, verifier_key=other)
    assert not result.ok and "not signed by the installation key" in result.problems[0]


def test_a_fork_is_shown_by_the_published_checkpoint(receipt):
    # given: a checkpoint of the same size with another root, validly signed (a fork)
    _campaign, sig, pdf = receipt
    bundle = proof.bundle_from_pdf(pdf)
    c, _b, _s = cp.parse(bundle["checkpoint"])
    fork = cp.sign(
        cp.Checkpoint(c.origin, c.size, b"\x01" * 32, c.time),
        name=ledger.key_name(),
        private=ledger.ledger_key().private,
    )
    # then
    result = proof.verify_bundle(bundle, verifier_key=ledger.verifier_key(), published=[fork])
    assert not result.ok and "a fork" in result.problems[0]


def test_a_later_checkpoint_is_checked_with_the_consistency_proof(receipt, bidang_sd):
    # given: the log grew and a later checkpoint was published
    campaign, _sig, pdf = receipt
    _sign(campaign, bidang_sd, 4)
    log = LedgerLog.objects.get(instansi=campaign.instansi)
    later = ledger.checkpoint_make(log)
    api = (
        Client()
        .get("/api/v1/pledges/ledger/consistency", {"origin": log.origin, "first": 5, "second": 9})
        .json()
    )
    consistency = [bytes.fromhex(x) for x in api["proof"]]
    bundle = proof.bundle_from_pdf(pdf)
    # then
    ok = proof.verify_bundle(
        bundle, verifier_key=ledger.verifier_key(), published=[later.note], consistency=consistency
    )
    assert ok.ok and "consistent with the published checkpoint of size 9" in ok.notes[0]
    bad = proof.verify_bundle(
        bundle,
        verifier_key=ledger.verifier_key(),
        published=[later.note],
        consistency=consistency[:-1],
    )
    assert not bad.ok


def test_the_public_page_checks_an_uploaded_receipt(receipt):
    _campaign, sig, pdf = receipt
    client = Client()
    page = client.get("/verifikasi/buku-besar/")
    assert page.status_code == 200
    body = page.content.decode()
    assert ledger.verifier_key() in body and sig.entry.log.origin in body
    r = client.post("/verifikasi/buku-besar/", {"pdf": io.BytesIO(pdf)}, format="multipart")
    assert r.status_code == 200 and "VALID</strong>" in r.content.decode()
    assert sig.nama in r.content.decode()
    # a PDF without a proof, and one whose embedded entry was edited, are refused
    upload = io.BytesIO(b"%PDF-1.4 not a receipt")
    upload.name = "x.pdf"
    r = client.post("/verifikasi/buku-besar/", {"pdf": upload})
    assert "TIDAK VALID" in r.content.decode()


def test_the_api_publishes_checkpoints_and_proofs(receipt):
    _campaign, sig, _pdf = receipt
    data = Client().get("/api/v1/pledges/ledger").json()
    assert data["verifier_key"] == ledger.verifier_key()
    (entry,) = data["logs"]
    assert entry["origin"] == sig.entry.log.origin and entry["tree_size"] == 5
    signed = cp.verify(entry["note"], name=ledger.key_name(), public=ledger.ledger_key().public)
    r = (
        Client()
        .get("/api/v1/pledges/ledger/inclusion", {"origin": entry["origin"], "index": 2, "size": 5})
        .json()
    )
    leaf = ledger.entry_leaf_hash(LedgerEntry.objects.get(pk=sig.entry_id))
    assert merkle.verify_inclusion(2, 5, leaf, [bytes.fromhex(x) for x in r["proof"]], signed.root)
    listing = Client().get("/api/v1/pledges/ledger/checkpoints", {"origin": entry["origin"]}).json()
    assert [c["tree_size"] for c in listing] == [5]
    bad = Client().get(
        "/api/v1/pledges/ledger/consistency", {"origin": entry["origin"], "first": 9, "second": 2}
    )
    assert bad.status_code == 400 and "error" in bad.json()
    assert Client().get("/api/v1/pledges/ledger/inclusion", {"origin": "nope"}).status_code == 404


def test_the_bawaslu_recap_carries_the_signed_checkpoint(receipt, bawaslu_karimun):
    campaign, _sig, _pdf = receipt
    progress = selectors.campaign_progress(campaign=campaign, user=bawaslu_karimun)
    from netral.pledges import recap

    sheet = openpyxl.load_workbook(io.BytesIO(recap.recap_xlsx(progress))).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    note = LedgerCheckpoint.objects.get(log__instansi=campaign.instansi, tree_size=5).note
    assert note in cells and ledger.verifier_key() in cells
    assert recap.recap_pdf(progress).startswith(b"%PDF")


def test_the_periodic_task_signs_a_checkpoint_of_each_grown_log(
    karimun, natuna, bidang_sd, dinkes_natuna
):
    from netral.pledges import tasks

    _sign(make_campaign(instansi=karimun), bidang_sd, 2)
    _sign(make_campaign(instansi=natuna), dinkes_natuna, 3)
    assert tasks.ledger_checkpoints.call() == 2
    assert tasks.ledger_checkpoints.call() == 0  # nothing grew
    assert sorted(LedgerCheckpoint.objects.values_list("tree_size", flat=True)) == [2, 3]
