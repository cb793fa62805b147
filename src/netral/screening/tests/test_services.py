"""Ingestion, linking, review and scope, through the services and the real database."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from netral.cases.models import CaseEvent, CaseStatus
from netral.registry.models import AkunMedsos
from netral.registry.tests.factories import PegawaiFactory
from netral.reports.models import DeadlineRule, Report
from netral.screening import selectors, services
from netral.screening.errors import IngestError, LexiconInvalid, ReviewError
from netral.screening.models import Election, Post, ReviewDecision

HEADER = "post_id,platform,author_handle,action,text,target_text,posted_at,author_name\n"
GOOD = (
    'p1,instagram,budi_k,post,"Ayo coblos nomor 1, Hendra Saputra pasti menang! #HendraRina",,2024-10-01T09:00:00+07:00,\n'
    "p2,x,warga9,post,Selamat pagi semua,,2024-10-01T09:00:00+07:00,Siti Rahma\n"
    'p3,facebook,budi_k,like,,"Dukung Ahmad Fauzan dua periode! #FauzanDewi",2024-10-02T09:00:00+07:00,\n'
)


def _screen(election, actor, body=GOOD, region="21"):
    return services.batch_screen_bytes(
        election=election,
        data=(HEADER + body).encode(),
        filename="x.csv",
        actor=actor,
        region_kode=region,
    )


def test_bad_rows_are_reported_with_lines_and_nothing_is_stored(election, satgas_kepri):
    # given a file with two bad rows among good ones
    body = (
        GOOD + "p4,x,a,retweet,teks,,2024-10-01T09:00:00+07:00,\n" + "p5,x,a,like,,,2024-10-01,\n"
    )
    # when / then
    with pytest.raises(IngestError) as exc:
        _screen(election, satgas_kepri, body)
    lines = [line for line, _ in exc.value.params["errors"]]
    assert lines == [5, 6]
    assert "retweet" in exc.value.params["errors"][0][1]
    assert Post.objects.count() == 0


def test_missing_column_is_reported(election, satgas_kepri):
    with pytest.raises(IngestError) as exc:
        services.batch_screen_bytes(
            election=election, data=b"post_id,text\n1,a\n", filename="a.csv", actor=satgas_kepri
        )
    assert "posted_at" in exc.value.params["errors"][0][1]


def test_ndjson_upload_is_accepted(election, satgas_kepri):
    rec = {
        "post_id": "n1",
        "platform": "x",
        "author_handle": "a",
        "action": "post",
        "text": "Salam",
        "target_text": "",
        "posted_at": "2024-10-01T09:00:00+07:00",
    }
    batch = services.batch_screen_bytes(
        election=election,
        data=(json.dumps(rec) + "\n").encode(),
        filename="a.ndjson",
        actor=satgas_kepri,
    )
    assert batch.rows == 1


def test_posts_are_evidence_with_hash_and_capture_time(election, satgas_kepri):
    batch = _screen(election, satgas_kepri)
    posts = {p.post_id: p for p in batch.posts.all()}
    assert len(posts["p1"].content_hash) == 64
    assert posts["p1"].content_hash != posts["p3"].content_hash
    assert posts["p1"].captured_at is not None
    assert posts["p1"].partisan and posts["p1"].status == Post.Status.PENDING
    assert posts["p3"].partisan  # a like takes its meaning from its target
    assert not posts["p2"].partisan and posts["p2"].status == Post.Status.CLEAR
    assert batch.flagged == 2


def test_linking_by_declared_account_is_exact_per_platform(election, satgas_kepri, bidang_sd):
    # given budi_k declared on Instagram only
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Budi Kurniawan")
    AkunMedsos.objects.create(pegawai=pegawai, platform="instagram", handle="budi_k")
    # when
    posts = {p.post_id: p for p in _screen(election, satgas_kepri).posts.all()}
    # then
    assert posts["p1"].pegawai == pegawai and posts["p1"].link_confidence == 1.0
    assert posts["p3"].pegawai is None  # same handle on Facebook is not his declared account


def test_linking_by_name_within_scope(election, satgas_kepri, bidang_sd, dinkes_natuna):
    # given one Siti Rahma in Karimun (in scope of Satgas Kepri)
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Siti Rahma")
    # when
    post = _screen(election, satgas_kepri).posts.get(post_id="p2")
    # then
    assert post.pegawai == pegawai
    assert post.link_method == Post.Link.NAME and post.link_confidence == 0.7


def test_namesakes_are_not_guessed(election, satgas_kepri, bidang_sd):
    PegawaiFactory(unit=bidang_sd, nama="Siti Rahma")
    PegawaiFactory(unit=bidang_sd, nama="Siti Rahma")
    post = _screen(election, satgas_kepri).posts.get(post_id="p2")
    assert post.pegawai is None


def test_outsider_sees_nothing(
    election, satgas_kepri, bawaslu_natuna, bawaslu_karimun, asn_karimun
):
    # given a batch uploaded for Karimun (21.02)
    _screen(election, satgas_kepri, region="21.02")
    # then Satgas Kepri (21) and Bawaslu Karimun see it; Natuna and an employee do not
    assert selectors.queue(user=satgas_kepri).count() == 2
    assert selectors.queue(user=bawaslu_karimun).count() == 2
    assert selectors.queue(user=bawaslu_natuna).count() == 0
    assert selectors.queue(user=asn_karimun).count() == 0


def test_dismiss_needs_reason_and_keeps_labelled_data(election, satgas_kepri):
    posts = list(_screen(election, satgas_kepri).posts.filter(status=Post.Status.PENDING))
    with pytest.raises(ReviewError):
        services.flags_dismiss(posts=posts, reason=" ", actor=satgas_kepri)
    n = services.flags_dismiss(posts=posts, reason="Berita, bukan dukungan.", actor=satgas_kepri)
    assert n == 2
    assert ReviewDecision.objects.filter(decision=ReviewDecision.Decision.DISMISSED).count() == 2
    # a second dismissal changes nothing
    assert services.flags_dismiss(posts=posts, reason="lagi", actor=satgas_kepri) == 0


def test_confirm_creates_a_temuan_with_the_post_as_evidence(election, satgas_kepri, bidang_sd):
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Budi Kurniawan")
    AkunMedsos.objects.create(pegawai=pegawai, platform="instagram", handle="budi_k")
    post = _screen(election, satgas_kepri).posts.get(post_id="p1")
    # when
    report = services.flag_confirm(post=post, actor=satgas_kepri, note="Jelas ajakan memilih.")
    # then
    assert report.channel == Report.Channel.TEMUAN
    assert post.content_hash in report.description
    assert report.persons.get().nama == "Budi Kurniawan"
    post.refresh_from_db()
    assert post.status == Post.Status.CONFIRMED and post.report == report
    with pytest.raises(ReviewError):
        services.flag_confirm(post=post, actor=satgas_kepri)


def test_confirm_opens_a_case_at_initial_study_with_the_employee(election, satgas_kepri, bidang_sd):
    # given a flagged post by an employee's declared account
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Budi Kurniawan")
    AkunMedsos.objects.create(pegawai=pegawai, platform="instagram", handle="budi_k")
    post = _screen(election, satgas_kepri).posts.get(post_id="p1")
    # when
    report = services.flag_confirm(post=post, actor=satgas_kepri, note="Ajakan memilih.")
    # then the temuan entered the cases workflow with its deadline and evidence
    post.refresh_from_db()
    case = post.case
    assert case is not None and case.case_reports.get().report == report
    assert case.status == CaseStatus.INITIAL_STUDY
    assert case.stage_rule == DeadlineRule.Kind.TEMUAN_WINDOW
    # the window runs from the capture (when the supervisor learned of it), not the post date
    assert report.discovered_on == timezone.localdate(post.captured_at)
    assert case.stage_due_on >= report.discovered_on
    subject = case.subjects.get()
    assert subject.pegawai == pegawai
    assert report.persons.get().pegawai == pegawai
    note = case.events.get(kind=CaseEvent.Kind.NOTE)
    assert post.content_hash in note.text


def test_lexicon_import_validates_and_updates(satgas_kepri):
    with pytest.raises(LexiconInvalid):
        services.election_save(data={"election": "x"}, actor=satgas_kepri)
    from netral.screening.tests.conftest import lexicon_json

    data = lexicon_json("lexicon_lingga_fiktif.json")
    e1 = services.election_save(data=data, actor=satgas_kepri)
    data["candidates"][0]["aliases"].append("Pak Bambang")
    e2 = services.election_save(data=data, actor=satgas_kepri)
    assert e1.pk == e2.pk and Election.objects.count() == 1
    assert "Pak Bambang" in e2.candidates[0]["aliases"]
