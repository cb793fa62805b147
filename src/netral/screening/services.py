"""Screening writes (house style §2): lexicon import/edit, screening an upload, review.

Legal basis: SKB 2022 lampiran (ASN social-media conduct: no posting, liking, commenting,
sharing or following campaign content), PP 94/2021 Pasal 5 huruf n; a confirmed flag
becomes a supervisor's *temuan* (Perbawaslu 7/2022; shared/domain.md §2–§3.1, §4).
Nothing here sanctions anyone: flags wait for a human decision.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.core import audit, idempotency
from netral.core.models import JobProgress
from netral.registry.models import AkunMedsos, Pegawai, Region
from netral.screening import ingest
from netral.screening.errors import IngestError, LexiconInvalid, ReviewError, ScreeningError
from netral.screening.ml import lexicon as lexmod
from netral.screening.models import Batch, Election, Post, ReviewDecision

if TYPE_CHECKING:
    from netral.accounts.models import User

    # Numpy and SciPy load only when something is screened (not at start-up).
    from netral.screening.ml import screen as scr

LEXICON_SAVED = audit.register(
    "screening.lexicon.saved", gettext_lazy("Leksikon pemilihan disimpan")
)
BATCH_SCREENED = audit.register(
    "screening.batch.screened", gettext_lazy("Unggahan media sosial disaring")
)
FLAGS_DISMISSED = audit.register(
    "screening.flags.dismissed", gettext_lazy("Tandaan penyaringan ditolak")
)
FLAG_CONFIRMED = audit.register(
    "screening.flag.confirmed", gettext_lazy("Tandaan penyaringan dikonfirmasi menjadi temuan")
)

CHUNK = 5000
_SCREENERS: dict[tuple[int, str], scr.Screener] = {}


# -- lexicon -------------------------------------------------------------------------------
@transaction.atomic
def election_save(*, data: Any, actor: User | None, election: Election | None = None) -> Election:
    """Create or update an election lexicon from the issue's JSON shape (validated by
    ``ml.lexicon.parse``); an existing election with the same name is updated."""
    lex, errors = lexmod.parse(data)
    if lex is None:
        raise LexiconInvalid(ScreeningError.LEXICON_INVALID, errors=errors)
    if election is None:
        election = Election.objects.filter(name=lex.election).first() or Election()
    election.name = lex.election
    election.type = lex.type
    election.voting_day = lex.voting_day
    election.campaign_start = lex.campaign_start
    election.campaign_end = lex.campaign_end
    election.candidates = data["candidates"]
    election.full_clean()
    election.save()
    audit.record(
        actor=actor, action=LEXICON_SAVED, target=election, data={"candidates": len(lex.candidates)}
    )
    return election


# -- models --------------------------------------------------------------------------------
def models_dir() -> Path:
    return Path(
        getattr(settings, "SCREENING_MODELS_DIR", settings.VAR_DIR / "models" / "screening")
    )


def current_version(base: Path | None = None) -> str | None:
    """The trained artefact directory in use (the ``CURRENT`` file names it)."""
    base = base or models_dir()
    pointer = base / "CURRENT"
    if pointer.exists():
        v = pointer.read_text().strip()
        if (base / v / "model.npz").exists():
            return v
    return None


_ARTEFACTS: dict[str, Any] = {}


def screener_for(election: Election | lexmod.Lexicon) -> tuple[scr.Screener, str]:
    """A screener for the election with the current artefact, cached per process."""
    from netral.screening.ml import screen as scr
    from netral.screening.ml.artefact import Artefact

    version = current_version()
    if version is None:
        raise IngestError(ScreeningError.MODEL_MISSING)
    if version not in _ARTEFACTS:
        _ARTEFACTS.clear()
        _SCREENERS.clear()
        _ARTEFACTS[version] = Artefact.load(models_dir() / version)
    if isinstance(election, Election):
        lex, errors = lexmod.parse(election.as_lexicon())
        key = (election.pk, election.updated_at.isoformat() + version)
    else:
        lex, errors, key = election, [], (0, election.election + version)
    if lex is None:
        raise LexiconInvalid(ScreeningError.LEXICON_INVALID, errors=errors)
    if key not in _SCREENERS:
        _SCREENERS[key] = scr.Screener(_ARTEFACTS[version], lex)
    return _SCREENERS[key], version


# -- linking -------------------------------------------------------------------------------
# Honorifics before a name; degrees after a comma are cut off ("Dra. Hj. Siti, M.Pd").
_PREFIX_TITLES = frozenset(
    {"h", "hj", "dr", "drs", "dra", "ir", "prof", "bapak", "ibu", "pak", "bu"}
)


def name_key(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).lower().split(",")[0]
    words = re.findall(r"[a-z]+", s)
    while words and words[0] in _PREFIX_TITLES:
        words.pop(0)
    return " ".join(words)


class Linker:
    """Authors → employees: declared accounts first (exact handle per platform, confidence
    1.0), then the author's name among employees the uploader may see (unique exact name
    match 0.7; several namesakes are left unlinked rather than guessed)."""

    def __init__(self, actor: User | None) -> None:
        self.actor = actor

    def link(self, rows: list[ingest.PostIn]) -> list[tuple[int | None, str, float]]:
        pairs = {(r.platform, r.author_handle) for r in rows}
        handles = {h for _, h in pairs}
        acc: dict[tuple[str, str], int] = {}
        hl = list(handles)
        for i in range(0, len(hl), 900):
            for p, h, pid in AkunMedsos.objects.filter(handle__in=hl[i : i + 900]).values_list(
                "platform", "handle", "pegawai_id"
            ):
                acc[(p, h)] = pid
        names = {
            name_key(r.author_name)
            for r in rows
            if r.author_name and (r.platform, r.author_handle) not in acc
        }
        names.discard("")
        by_name: dict[str, list[int]] = {}
        if names and self.actor is not None:
            first = {n.split()[0] for n in names}
            q = Pegawai.objects.filter(authz.pegawai_scope_q(self.actor), is_active=True)
            for f in first:
                for pid, nama in q.filter(nama__istartswith=f).values_list("id", "nama")[:2000]:
                    k = name_key(nama)
                    if k in names:
                        by_name.setdefault(k, []).append(pid)
        out: list[tuple[int | None, str, float]] = []
        for r in rows:
            account = acc.get((r.platform, r.author_handle))
            if account is not None:
                out.append((account, Post.Link.ACCOUNT, 1.0))
                continue
            cands = by_name.get(name_key(r.author_name), []) if r.author_name else []
            if len(cands) == 1:
                out.append((cands[0], Post.Link.NAME, 0.7))
            else:
                out.append((None, Post.Link.NONE, 0.0))
        return out


# -- screening an upload -------------------------------------------------------------------
def _validate(open_text: Callable[[], IO[str]], fmt: str) -> int:
    errors: list[tuple[int, str]] = []
    count = 0
    seen: set[str] = set()
    with open_text() as fh:
        for row, line, errs in ingest.read(fh, fmt):
            if not errs and row is not None:
                key = row.platform + "\x00" + row.post_id
                if key in seen:
                    errs = [f"post_id {row.post_id} muncul lebih dari sekali"]
                seen.add(key)
            if errs:
                if len(errors) < ingest.MAX_ERRORS:
                    errors.append((line, "; ".join(errs)))
            else:
                count += 1
    if errors:
        raise IngestError(ScreeningError.ROWS_INVALID, errors=errors)
    if count == 0:
        raise IngestError(ScreeningError.FILE_INVALID, errors=[(1, "berkas tidak berisi baris")])
    return count


def _chunks(
    it: Iterable[tuple[ingest.PostIn | None, int, list[str]]],
) -> Iterator[list[ingest.PostIn]]:
    buf: list[ingest.PostIn] = []
    for row, _line, _errs in it:
        if row is not None:
            buf.append(row)
            if len(buf) >= CHUNK:
                yield buf
                buf = []
    if buf:
        yield buf


POST_COLS = [
    "batch_id",
    "region_kode",
    "line",
    "post_id",
    "platform",
    "author_handle",
    "author_name",
    "action",
    "text",
    "target_text",
    "target_author",
    "url",
    "posted_at",
    "captured_at",
    "content_hash",
    "pegawai_id",
    "link_method",
    "link_confidence",
    "partisan",
    "partisan_score",
    "hate",
    "hate_score",
    "hoax",
    "hoax_score",
    "score",
    "explanation",
    "status",
    "review_reason",
]


def _insert(values: list[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL (psycopg formats the rows in C), ``bulk_create`` elsewhere."""
    if connection.vendor == "postgresql":
        table = Post._meta.db_table
        with connection.cursor() as cur:
            with cur.cursor.copy(f"COPY {table} ({', '.join(POST_COLS)}) FROM STDIN") as copy:
                write = copy.write_row
                for v in values:
                    write(v)
        return
    Post.objects.bulk_create(
        [Post(**dict(zip(POST_COLS, v, strict=True))) for v in values], batch_size=500
    )


def batch_screen(
    *,
    election: Election,
    open_text: Callable[[], IO[str]],
    filename: str,
    file_sha256: str,
    actor: User | None,
    region_kode: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> Batch:
    """Validate the whole upload (any bad row refuses it, with line numbers), then stream
    it in chunks: screen, link to employees, store each post as evidence with its content
    hash and capture time, all in one transaction (issue 12 §2–§4)."""
    fmt = "csv"
    with open_text() as fh:
        fmt = ingest.detect_format(filename, fh.read(200))
    total = _validate(open_text, fmt)
    screener, version = screener_for(election)
    batch = Batch(
        election=election,
        uploaded_by=actor,
        region_kode=region_kode,
        filename=filename[:255],
        file_sha256=file_sha256,
        model_version=version,
    )
    batch.full_clean(exclude=["uploaded_by", "election"])
    batch.save()
    try:
        done, flagged = _screen_rows(
            batch, screener, open_text, fmt, total, actor, region_kode, progress
        )
    except BaseException:
        # Every row was validated before the first write; a later failure (database,
        # interruption) removes the partial batch so an upload is stored whole or not at all.
        Batch.objects.filter(pk=batch.pk).delete()
        raise
    with transaction.atomic():
        batch.rows = done
        batch.flagged = flagged
        batch.save(update_fields=["rows", "flagged", "updated_at"])
        audit.record(
            actor=actor,
            action=BATCH_SCREENED,
            target=batch,
            data={"rows": done, "flagged": flagged, "model": version, "sha256": file_sha256},
        )
    return batch


def _screen_rows(
    batch: Batch,
    screener: scr.Screener,
    open_text: Callable[[], IO[str]],
    fmt: str,
    total: int,
    actor: User | None,
    region_kode: str,
    progress: Callable[[int, int], None] | None,
) -> tuple[int, int]:
    linker = Linker(actor)
    now = timezone.now()
    done = flagged = 0
    with open_text() as fh:
        for rows, results in screened_chunks(screener, _chunks(ingest.read(fh, fmt))):
            links = linker.link(rows)
            values = []
            for r, res, (pid, method, conf) in zip(rows, results, links, strict=True):
                is_flag = res.partisan or res.hate or res.hoax
                flagged += is_flag
                values.append(
                    (
                        batch.pk,
                        region_kode,
                        r.line,
                        r.post_id,
                        r.platform,
                        r.author_handle,
                        r.author_name,
                        r.action,
                        r.text,
                        r.target_text,
                        r.target_author,
                        r.url,
                        r.posted_at,
                        now,
                        r.content_hash(),
                        pid,
                        method,
                        conf,
                        res.partisan,
                        res.partisan_score,
                        res.hate,
                        res.hate_score,
                        res.hoax,
                        res.hoax_score,
                        max(res.partisan_score, res.hate_score, res.hoax_score),
                        res.explanation,
                        Post.Status.PENDING if is_flag else Post.Status.CLEAR,
                        "",
                    )
                )
            with transaction.atomic():
                _insert(values)
            done += len(rows)
            if progress is not None:
                progress(done, total)
    return done, flagged


_WORKER_SCREENER: scr.Screener | None = None


def _screen_chunk(rows: list[tuple[str, str, str, str]]) -> list[tuple[Any, ...]]:
    """Worker side of ``screened_chunks`` (the screener came with the fork). Results travel
    back as plain tuples: pickling dataclass instances cost four times as much per row."""
    from netral.screening.ml import screen as scr

    assert _WORKER_SCREENER is not None
    return [
        (
            r.post_id,
            r.partisan,
            r.partisan_score,
            r.hate,
            r.hate_score,
            r.hoax,
            r.hoax_score,
            r.explanation,
        )
        for r in _WORKER_SCREENER.screen([scr.Row(*r) for r in rows])
    ]


def screened_chunks(
    screener: scr.Screener, chunks: Iterable[list[ingest.PostIn]]
) -> Iterator[tuple[list[ingest.PostIn], list[scr.Result]]]:
    """Screen chunks in order. With ``SCREENING_WORKERS`` > 1 (and ``fork`` available) the
    text pass runs in that many forked worker processes while this process reads, links
    and writes the previous chunks; otherwise in this process. Workers never touch the
    database, and at most two chunks per worker are in flight (bounded memory)."""
    import multiprocessing as mp

    from netral.screening.ml import screen as scr

    workers = int(getattr(settings, "SCREENING_WORKERS", 1))
    if workers <= 1 or "fork" not in mp.get_all_start_methods():
        for rows in chunks:
            yield (
                rows,
                screener.screen(
                    [scr.Row(r.post_id, r.action, r.text, r.target_text) for r in rows]
                ),
            )
        return
    from collections import deque

    global _WORKER_SCREENER
    _WORKER_SCREENER = screener
    with mp.get_context("fork").Pool(workers) as pool:
        pending: deque[tuple[list[ingest.PostIn], Any]] = deque()
        for rows in chunks:
            payload = [(r.post_id, r.action, r.text, r.target_text) for r in rows]
            pending.append((rows, pool.apply_async(_screen_chunk, (payload,))))
            while len(pending) > 2 * workers:
                done_rows, fut = pending.popleft()
                yield done_rows, [scr.Result(*t) for t in fut.get()]
        while pending:
            done_rows, fut = pending.popleft()
            yield done_rows, [scr.Result(*t) for t in fut.get()]


def batch_screen_bytes(
    *,
    election: Election,
    data: bytes,
    filename: str,
    actor: User | None,
    region_kode: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> Batch:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(ScreeningError.FILE_INVALID, errors=[(1, "berkas harus UTF-8")]) from exc
    return batch_screen(
        election=election,
        open_text=lambda: ingest.text_stream(data),
        filename=filename,
        file_sha256=hashlib.sha256(data).hexdigest(),
        actor=actor,
        region_kode=region_kode,
        progress=progress,
    )


@idempotency.idempotent("screening.upload", JobProgress)
def upload_start(
    *,
    election: Election,
    data: bytes,
    filename: str,
    actor: User,
    idempotency_key: uuid.UUID | None = None,
) -> Any:
    """Store the upload and enqueue its screening after commit; returns the job row the
    page polls for the progress bar."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from netral.core.models import JobProgress
    from netral.core.tasks import enqueue_on_commit

    with transaction.atomic():
        job = JobProgress.objects.create(
            kind="screening.upload", owner=actor, message=filename[:200]
        )
        path = default_storage.save(f"screening/uploads/{job.pk}.dat", ContentFile(data))
        enqueue_on_commit(
            "netral.screening.tasks.screen_upload",
            job_id=job.pk,
            election_id=election.pk,
            path=path,
            filename=filename,
        )
    return job


def upload_job_run(*, job_id: int, election_id: int, path: str, filename: str) -> None:
    """Run a stored upload (called by the task); progress and the outcome go on the job."""
    from django.core.files.storage import default_storage

    from netral.core.models import JobProgress

    job = JobProgress.objects.select_related("owner").get(pk=job_id)
    election = Election.objects.get(pk=election_id)
    JobProgress.objects.filter(pk=job_id).update(status=JobProgress.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        JobProgress.objects.filter(pk=job_id).update(done=done, total=total)

    with default_storage.open(path, "rb") as fh:
        data = fh.read()
    try:
        batch = batch_screen_bytes(
            election=election,
            data=data,
            filename=filename,
            actor=job.owner,
            region_kode=region_of(job.owner) if job.owner is not None else "",
            progress=progress,
        )
    except (IngestError, LexiconInvalid) as exc:
        JobProgress.objects.filter(pk=job_id).update(
            status=JobProgress.Status.FAILED,
            message=exc.message,
            result={"errors": [list(e) for e in exc.params.get("errors", [])]},
        )
        return
    finally:
        default_storage.delete(path)
    JobProgress.objects.filter(pk=job_id).update(
        status=JobProgress.Status.DONE,
        done=batch.rows,
        total=batch.rows,
        result={"batch": batch.pk, "rows": batch.rows, "flagged": batch.flagged},
    )


def region_of(actor: User) -> str:
    """The narrowest region of the actor's screening assignment ("" = national)."""
    for a in authz.assignments(actor):
        if authz._grants(a, Perm.SCREENING_REVIEW) and a.region_id:
            return str(a.region_id)
    return ""


# -- review --------------------------------------------------------------------------------
def _decide(post: Post, decision: str, reason: str, actor: User) -> None:
    ReviewDecision.objects.create(
        post=post,
        reviewer=actor,
        decision=decision,
        reason=reason,
        flags={"partisan": post.partisan, "hate": post.hate, "hoax": post.hoax},
        text=(post.text + "\n" + post.target_text).strip(),
    )


@transaction.atomic
def flags_dismiss(*, posts: list[Post], reason: str, actor: User) -> int:
    """Dismiss pending flags with a reason; each dismissal is kept as a labelled negative.
    The conditional UPDATE skips flags another reviewer decided meanwhile."""
    reason = reason.strip()
    if not reason:
        raise ReviewError(ScreeningError.REASON_REQUIRED)
    ids = [p.pk for p in posts]
    now = timezone.now()
    n = Post.objects.filter(pk__in=ids, status=Post.Status.PENDING).update(
        status=Post.Status.DISMISSED, reviewed_by=actor, reviewed_at=now, review_reason=reason
    )
    for p in Post.objects.filter(pk__in=ids, status=Post.Status.DISMISSED, reviewed_at=now):
        _decide(p, ReviewDecision.Decision.DISMISSED, reason, actor)
    audit.record(
        actor=actor,
        action=FLAGS_DISMISSED,
        target=None,
        data={"posts": ids[:500], "n": n, "reason": reason},
    )
    return n


@transaction.atomic
def flag_confirm(*, post: Post, actor: User, note: str = "") -> Any:
    """Confirm a flag: the post becomes a supervisor's *temuan* with the post as evidence
    (text, link, content hash, capture time), filed through the reports intake service,
    and, when the cases app is installed and the reviewer may take cases in, the temuan
    opens a case at the initial study (its deadline runs from the discovery date:
    Perbawaslu 7/2022 temuan window), with the linked employee as its subject and the
    evidence on its timeline. SKB 2022 lampiran; shared/domain.md §3.1."""
    from netral.reports import services as report_services
    from netral.reports.models import ElectionType, Report

    claimed = Post.objects.filter(pk=post.pk, status=Post.Status.PENDING).update(
        status=Post.Status.CONFIRMED,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        review_reason=note,
    )
    if claimed != 1:
        raise ReviewError(ScreeningError.ALREADY_REVIEWED)
    post.refresh_from_db()
    pegawai = post.pegawai
    region = None
    if pegawai is not None and pegawai.instansi.region_id:
        region = pegawai.instansi.region
    elif post.region_kode:
        region = Region.objects.filter(kode=post.region_kode).first()
    if region is None:
        region = Region.objects.order_by("kode").first()
    if region is None:
        raise ReviewError(ScreeningError.ALREADY_REVIEWED)
    election = post.batch.election
    desc = _(
        "Temuan penyaringan media sosial (%(action)s di %(platform)s oleh akun %(handle)s).\n"
        "Teks: %(text)s\nKonten sasaran: %(target)s\nPenjelasan: %(why)s\n"
        "Sidik isi (SHA-256): %(hash)s; diambil pada %(captured)s.\nCatatan penelaah: %(note)s"
    ) % {
        "action": post.get_action_display(),
        "platform": post.platform,
        "handle": post.author_handle,
        "text": post.text or "-",
        "target": post.target_text or "-",
        "why": post.explanation or "-",
        "hash": post.content_hash,
        "captured": post.captured_at.isoformat(),
        "note": note or "-",
    }
    persons = []
    if pegawai is not None:
        persons.append(
            report_services.PersonInput(
                nama=pegawai.nama,
                instansi=pegawai.instansi,
                unit=pegawai.unit,
                jabatan=pegawai.jabatan,
                nip=pegawai.nip or "",
                nik=pegawai.nik or "",
            )
        )
    else:
        persons.append(report_services.PersonInput(nama=post.author_name or post.author_handle))
    data = report_services.ReportInput(
        event_at=post.posted_at or post.captured_at,
        event_region=region,
        description=desc,
        identity_mode=Report.IdentityMode.ANONYMOUS,
        persons=persons,
        election_type=ElectionType.PILKADA
        if election.type == Election.Type.PILKADA
        else ElectionType.PEMILU,
        links=[post.url] if post.url.startswith(("http://", "https://")) else [],
        # The supervisor learned of the post when it was collected (captured), which is
        # when the temuan window starts (Perbawaslu 7/2022), not when it was posted.
        learned_on=timezone.localdate(post.captured_at),
    )
    result = report_services.report_submit(
        data=data,
        files=[],
        channel=Report.Channel.TEMUAN,
        actor=actor,
        idempotency_key=None,
    )
    report = result.report
    if pegawai is not None and authz.has_perm(actor, Perm.REPORT_HANDLE):
        # The reviewer matched the author through the registry: the temuan names them.
        person = report.persons.order_by("id").first()
        if person is not None:
            report_services.person_match_confirm(person=person, pegawai=pegawai, actor=actor)
    case = _open_case(report=report, post=post, actor=actor, evidence=desc)
    Post.objects.filter(pk=post.pk).update(report=report, case=case)
    post.report, post.case = report, case
    _decide(post, ReviewDecision.Decision.CONFIRMED, note, actor)
    audit.record(
        actor=actor,
        action=FLAG_CONFIRMED,
        target=post,
        data={"report": report.intake_number, "case": case.number if case else None},
    )
    return report


def _open_case(*, report: Any, post: Post, actor: User, evidence: str) -> Any:
    """Open the case for a confirmed temuan in the cases app (None when that app is not
    installed or the reviewer may not take cases in: the temuan then waits in reports)."""
    from django.apps import apps

    if not apps.is_installed("netral.cases") or not authz.has_perm(actor, Perm.CASE_INTAKE):
        return None
    from netral.cases import services as case_services

    title = _("Temuan penyaringan: %(action)s di %(platform)s oleh %(handle)s") % {
        "action": post.get_action_display(),
        "platform": post.platform,
        "handle": post.author_handle,
    }
    case = case_services.case_open(reports=[report], actor=actor, title=title[:300])
    case_services.case_note_add(
        case=case,
        text=_("Bukti dari penyaringan media sosial (unggahan #%(pk)s):\n%(evidence)s")
        % {"pk": post.pk, "evidence": evidence},
        actor=actor,
    )
    return case
