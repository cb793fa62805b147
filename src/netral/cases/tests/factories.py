"""Case factories: a report about registry employees, opened as a case by Bawaslu."""

from __future__ import annotations

from django.utils import timezone

from netral.cases import services, workflow
from netral.cases.models import Case, CaseDocument
from netral.registry.tests.factories import PegawaiFactory
from netral.reports import services as report_services
from netral.reports.models import Report, ReportedPerson, ViolationType
from netral.reports.tests.factories import pdf_bytes, submit


def make_report(*, pegawai=(), kind_channel=Report.Channel.WEB, **overrides) -> Report:
    names = [report_services.PersonInput(nama=p.nama) for p in pegawai] or [
        report_services.PersonInput(nama="Pak Kadis")
    ]
    report = submit(channel=kind_channel, persons=names, **overrides).report
    for person, p in zip(
        ReportedPerson.objects.filter(report=report).order_by("id"), pegawai, strict=False
    ):
        person.pegawai = p
        person.save(update_fields=["pegawai"])
    return report


def make_case(
    *, actor, unit=None, jenis="PNS", pegawai=None, election_type="PEMILU", **report_kw
) -> Case:
    if pegawai is None:
        extra = {"non_asn": True} if jenis == "NON_ASN" else {"jenis_pegawai": jenis}
        pegawai = [PegawaiFactory(unit=unit, **extra)]
    report = make_report(pegawai=pegawai, election_type=election_type, **report_kw)
    return services.case_open(reports=[report], actor=actor)


def add_doc(case: Case, kind: str, actor) -> CaseDocument:
    return services.case_document_add(
        case=case, kind=kind, content=pdf_bytes(), filename="scan.pdf", actor=actor, number="1/2024"
    )


def violation(code: str) -> ViolationType:
    return ViolationType.objects.get(version__is_active=True, code=code)


def run_to(case: Case, target: str, cast: dict) -> Case:
    """Drive ``case`` along the ASN chain up to ``target`` with the right actors."""
    D = CaseDocument.Kind
    steps = [
        ("register", "bawaslu", {}, []),
        (
            "forward_body",
            "bawaslu",
            {"violation_type": violation("DISIPLIN-5N-3")},
            [D.BA_KLARIFIKASI, D.HASIL_KAJIAN],
        ),
        ("body_verify", "bkn", {}, []),
        ("recommend", "bkn", {"recommendation_number": "R-1"}, [D.REKOMENDASI]),
        (
            "decide",
            "ppk",
            {"decree_number": "SK-1", "decided_on": timezone.localdate()},
            [D.SK_HUKUMAN],
        ),
        ("execute", "bkpsdm", {"executed_on": timezone.localdate()}, [D.LAPORAN_PELAKSANAAN]),
        ("close", "bawaslu", {}, []),
    ]
    for name, who, fields, docs in steps:
        if case.status == target:
            return case
        for d in docs:
            add_doc(case, d, cast[who])
        fields = dict(fields)
        if name == "recommend":
            from netral.cases.selectors import sanctions_offered

            fields["sanctions"] = {
                s.pk: sanctions_offered(
                    violation_type=case.violation_type, jenis_pegawai=s.jenis_pegawai
                ).first()
                for s in case.subjects.all()
            }
        workflow.transition(case=case, to=name, actor=cast[who], fields=fields)
    return case
