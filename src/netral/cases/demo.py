"""Demo cases (seed_demo, after reports), all through the real services and transitions:

1. a public report about a PNS teacher in Karimun that passes every stage to an executed
   and closed sanction, with every letter signed (tanda terima … laporan pelaksanaan);
2. a case where the PPK missed the follow-up deadline: flagged, the employee marked for
   blocking of HR data (Peraturan BKN 1/2023);
3. a case about a PPNPN forwarded to the employing agency (non-ASN track);
4. cases in the open stages of each role's queue (Bawaslu, Satgas, BKN, PPK, BKPSDM,
   Inspektorat), opened from the reports demo's reports.

Adds the ``inspektorat.karimun`` account and the letterheads of the demo offices.
The receipt code of case 1's report is printed with the accounts, so the reporter's view
at /lapor/cek/ can be tried.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from netral.accounts import services as account_services
from netral.accounts.demo import DEMO_PASSWORD, demo_totp_key
from netral.accounts.roles import Role
from netral.cases import letters, selectors, services, workflow
from netral.cases.letter_models import LetterKind, LetterOffice
from netral.cases.models import Case, CaseStage
from netral.core.errors import DomainError
from netral.registry.demo import DemoContext
from netral.registry.models import Pegawai, Region
from netral.reports import receipts
from netral.reports import services as report_services
from netral.reports.models import ElectionType, Report, ViolationType

if TYPE_CHECKING:
    from netral.accounts.models import User

# Same order as before the runner (core.demo_runner): screening seeds first.
DEMO_AFTER = ("screening",)

OFFICES = [
    (
        "BAWASLU:21.02",
        {
            "authority": "Badan Pengawas Pemilihan Umum",
            "office": "Kabupaten Karimun",
            "address": "Jl. Poros Meral No. 12, Tanjung Balai Karimun 29661",
            "place": "Tanjung Balai Karimun",
            "number_code": "K.KR-05",
            "signer_title": "Ketua Bawaslu Kabupaten Karimun",
        },
    ),
    (
        "SATGAS:21",
        {
            "authority": "Satuan Tugas Netralitas ASN",
            "office": "Provinsi Kepulauan Riau",
            "address": "Jl. Basuki Rahmat No. 1, Tanjungpinang",
            "place": "Tanjungpinang",
            "number_code": "SATGAS-KEPRI",
            "signer_title": "Ketua Satgas Netralitas ASN Provinsi Kepulauan Riau",
        },
    ),
    (
        "KASN_BKN:BKN:21",
        {
            "authority": "Badan Kepegawaian Negara",
            "office": "Kantor Regional XII",
            "address": "Jl. Jend. Sudirman, Pekanbaru",
            "place": "Pekanbaru",
            "number_code": "KR.XII",
            "signer_title": "Kepala Kantor Regional XII BKN",
        },
    ),
]


def seed(ctx: DemoContext) -> None:
    _inspektorat(ctx)
    for key, values in OFFICES:
        LetterOffice.objects.update_or_create(key=key, defaults=values)
    bawaslu = ctx.users["bawaslu.karimun"]
    bkn, ppk, hr = ctx.users["bkn.kanreg"], ctx.users["ppk.karimun"], ctx.users["bkpsdm.karimun"]
    karimun = ctx.instansi["21.02"]
    disdik = ctx.opd[("21.02", "Dinas Pendidikan")]
    pns = list(
        Pegawai.objects.filter(
            unit_path__startswith=disdik.path, jenis_pegawai=Pegawai.Jenis.PNS, is_active=True
        ).order_by("id")[5:8]
    )
    ppnpn = (
        Pegawai.objects.filter(instansi=karimun, jenis_pegawai=Pegawai.Jenis.NON_ASN)
        .order_by("id")
        .first()
    )
    vt = _discipline_type()

    # 1. Every stage to an executed sanction.
    report, code = _public_report(ctx, pns[0], "mengajak guru memilih calon tertentu saat rapat")
    case = _open(report, bawaslu)
    _letter(case, LetterKind.TANDA_TERIMA, bawaslu)
    case = _step(case, "register", bawaslu)
    _study_letters(case, bawaslu, pns[0].nama)
    _letter(case, LetterKind.SURAT_PENERUSAN, bawaslu)
    case = _step(case, "forward_body", bawaslu, violation_type=vt)
    case = _step(case, "body_verify", bkn)
    case = _recommend(case, bkn)
    sk = _letter(case, LetterKind.SK_HUKUMAN, ppk)
    case = _step(case, "decide", ppk, decree_number=sk.number, decided_on=timezone.localdate())
    _letter(case, LetterKind.LAPORAN_PELAKSANAAN, hr, "Sanksi dilaksanakan mulai bulan ini.")
    case = _step(case, "execute", hr, executed_on=timezone.localdate())
    case = _step(case, "close", bawaslu)
    ctx.extra["case_walkthrough"] = case
    ctx.extra.setdefault("notes", []).append(
        f"Pelapor perkara {case.number}: buka /lapor/cek/ dengan kode tanda terima "
        f"{receipts.format_code(code)}"
    )

    # 2. The PPK misses the follow-up deadline.
    report2, _code = _public_report(ctx, pns[1], "memasang baliho bakal calon di halaman sekolah")
    late = _open(report2, bawaslu)
    late = _step(late, "register", bawaslu)
    _study_letters(late, bawaslu, pns[1].nama)
    late = _step(late, "forward_body", bawaslu, violation_type=vt)
    late = _step(late, "body_verify", bkn)
    late = _recommend(late, bkn)
    # Demo only: the recommendation reached the PPK weeks ago (backdated stage), so the
    # daily sweep finds the follow-up overdue, flags the PPK and marks the blocking.
    past = timezone.localdate() - dt.timedelta(days=3)
    CaseStage.objects.filter(case=late, completed_at__isnull=True).update(due_on=past)
    Case.objects.filter(pk=late.pk).update(stage_due_on=past)
    services.sweep_overdue()

    # 3. A PPNPN: forwarded to the employing agency.
    if ppnpn is not None:
        report3, _code = _public_report(ctx, ppnpn, "membagikan stiker pasangan calon di kantor")
        agency = _open(report3, bawaslu)
        agency = _step(agency, "register", bawaslu)
        _study_letters(agency, bawaslu, ppnpn.nama)
        _letter(agency, LetterKind.SURAT_PENERUSAN, bawaslu)
        agency = _step(agency, "forward_agency", bawaslu, violation_type=vt)

    # 4. Open stages for each queue.
    if len(pns) > 2:
        report4, _code = _public_report(ctx, pns[2], "membagikan poster calon di grup kantor")
        decided = _open(report4, bawaslu)
        decided = _step(decided, "register", bawaslu)
        _study_letters(decided, bawaslu, pns[2].nama)
        decided = _step(decided, "forward_body", bawaslu, violation_type=vt)
        decided = _step(decided, "body_verify", bkn)
        decided = _recommend(decided, bkn)
        sk = _letter(decided, LetterKind.SK_HUKUMAN, ppk)
        _step(decided, "decide", ppk, decree_number=sk.number, decided_on=timezone.localdate())
    _open_stages(ctx, bawaslu)


def _discipline_type() -> ViolationType | None:
    return (
        ViolationType.objects.filter(version__is_active=True, category="DISIPLIN")
        .order_by("order")
        .first()
    )


def _inspektorat(ctx: DemoContext) -> None:
    user = account_services.user_create(
        username="inspektorat.karimun",
        password=DEMO_PASSWORD,
        nama="Inspektorat Kabupaten Karimun",
        actor=None,
    )
    account_services.role_assign(
        user=user, role=Role.INSPEKTORAT, instansi=ctx.instansi["21.02"], actor=None
    )
    key = demo_totp_key(ctx.seed, user.username)
    account_services.totp_device_set_secret(user=user, key_hex=key.hex())
    ctx.users[user.username] = user
    ctx.accounts.append(
        {
            "username": user.username,
            "role": str(Role.INSPEKTORAT.label),
            "totp_secret": base64.b32encode(key).decode().rstrip("="),
        }
    )


def _public_report(ctx: DemoContext, pegawai: Pegawai, what: str) -> tuple[Report, str]:
    """A confidential public report about ``pegawai``, matched to the registry."""
    data = report_services.ReportInput(
        event_at=timezone.now() - dt.timedelta(days=2),
        event_region=Region.objects.get(kode="21.02"),
        description=f"{pegawai.jabatan} {pegawai.nama} {what}.",
        identity_mode=Report.IdentityMode.CONFIDENTIAL,
        persons=[
            report_services.PersonInput(
                nama=pegawai.nama,
                instansi=pegawai.instansi,
                unit=pegawai.unit,
                jabatan=pegawai.jabatan,
            )
        ],
        election_type=ElectionType.PILKADA,
        identity={
            "nama": "Rahmat Hidayat",
            "alamat": "Jl. Nusantara No. 5, Karimun",
            "telepon": "",
        },
    )
    result = report_services.report_submit(
        data=data, files=[], channel=Report.Channel.WEB, actor=None
    )
    person = result.report.persons.get()
    report_services.person_match_confirm(
        person=person, pegawai=pegawai, actor=ctx.users["bawaslu.karimun"]
    )
    return result.report, result.receipt_code or ""


def _open(report: Report, actor: User) -> Case:
    return services.case_open(reports=[report], actor=actor)


def _reload(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def _step(case: Case, name: str, actor: User, **fields: Any) -> Case:
    workflow.transition(case=_reload(case), to=name, actor=actor, fields=fields)
    return _reload(case)


def _letter(case: Case, kind: str, actor: User, text: str = "", party: str = "") -> Any:
    return letters.letter_issue(
        case=_reload(case), data=letters.IssueInput(kind=kind, text=text, party=party), actor=actor
    )


def _study_letters(case: Case, actor: User, name: str) -> None:
    _letter(
        case,
        LetterKind.BA_KLARIFIKASI,
        actor,
        "Terlapor membenarkan hadir dan menyampaikan ajakan tersebut.",
        party=name,
    )
    _letter(
        case,
        LetterKind.HASIL_KAJIAN,
        actor,
        "Keterangan pelapor, saksi dan terlapor saling bersesuaian; bukti foto dan pesan "
        "mendukung. Dugaan pelanggaran netralitas terbukti dan diteruskan.",
    )


def _recommend(case: Case, bkn: Any) -> Case:
    case = _reload(case)
    rec = _letter(case, LetterKind.REKOMENDASI, bkn)
    picks = {}
    for subject in case.subjects.all():
        offered = selectors.sanctions_offered(
            violation_type=case.violation_type, jenis_pegawai=subject.jenis_pegawai
        )
        pick = offered.order_by("order").first()
        if pick is not None:
            picks[subject.pk] = pick
    return _step(case, "recommend", bkn, recommendation_number=rec.number, sanctions=picks)


def _open_stages(ctx: DemoContext, bawaslu: Any) -> None:
    """Cases from the reports demo, left at the stages each queue works on."""
    made = [
        r
        for r in ctx.extra.get("reports", [])
        if r.region_kode.startswith("21.02") and r.kind != Report.Kind.INFORMASI
    ]
    plan = ["initial", "returned", "study", "study", "forwarded", "initial"]
    for report, stage in zip(made, plan, strict=False):
        try:
            case = _open(report, bawaslu)
        except DomainError:  # a demo report already in a case
            continue
        if stage == "returned":
            _step(
                case, "mark_incomplete", bawaslu, note="Lengkapi identitas terlapor dan bukti foto."
            )
        elif stage in ("study", "forwarded"):
            case = _step(case, "register", bawaslu)
            subject = case.subjects.first()
            if stage == "forwarded" and subject is not None:
                _study_letters(case, bawaslu, subject.nama)
                try:
                    _step(case, "forward_body", bawaslu, violation_type=_discipline_type())
                except DomainError:  # a non-ASN subject takes the agency track
                    pass
