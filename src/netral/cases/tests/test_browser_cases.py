"""Walk-through on a phone and on a desktop (issue 10 "Done when"): a public report
becomes a case and passes every stage to an executed sanction with its decree, each role
with its own login (Bawaslu, BKN, PPK, BKPSDM), the reporter following the public
status; then the queues of Satgas and Inspektorat with a step each."""

import re

import pytest
from playwright.sync_api import expect

from netral.accounts.roles import Role
from netral.cases.models import Case, CaseStatus
from netral.conftest import PASSWORD, _staff, current_totp
from netral.registry.models import Region
from netral.registry.tests.factories import PegawaiFactory
from netral.reports import services as report_services
from netral.reports.models import Report, ViolationType
from netral.reports.tests.factories import submit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # an earlier transactional test's flush emptied what the data migrations loaded
    pytest.mark.usefixtures("migration_data"),
]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SCREENS = pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])


def _page(browser, live_server, screen=PHONE):
    context = browser.new_context(viewport=screen, locale="id-ID", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _login(browser, live_server, user, screen=PHONE):
    page = _page(browser, live_server, screen)
    page.goto("/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/masuk/verifikasi-2fa/"))
    page.fill("#id_token", current_totp(user))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))
    return page


def _open_case_page(page, case):
    page.goto("/perkara/antrean/")
    expect(page.get_by_test_id("queue")).to_contain_text(case.number)
    # the queue fits the screen, phone or desktop
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.get_by_role("link", name=case.number).click()
    page.wait_for_url(re.compile(rf"/perkara/{case.public_id}/$"))


def _issue(page, kind, text=""):
    page.get_by_test_id("letter-issue").locator("summary").click()
    page.select_option("#id_surat-kind", kind)
    if text:
        page.fill("#id_surat-text", text)
    with page.expect_navigation():
        page.get_by_role("button", name="Terbitkan dan tandatangani").click()
    expect(page.locator(".messages")).to_contain_text("diterbitkan")


def _step(page, case, name, fill=None, select=None):
    page.goto(f"/perkara/{case.public_id}/langkah/{name}/")
    for sel, value in (fill or {}).items():
        page.fill(sel, value)
    for sel, value in (select or {}).items():
        page.select_option(sel, index=value) if isinstance(value, int) else page.select_option(
            sel, value
        )
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    if not re.search(rf"/perkara/{case.public_id}/$", page.url):
        page.screenshot(path=f"/tmp/step-{name}.png", full_page=True)
        docs = list(case.documents.values_list("kind", flat=True))
        raise AssertionError(f"{name}: {docs} {page.locator('main').inner_text()[:300]}")


def _reporter_sees(page, sentence):
    page.goto("/lapor/cek/laporan/")
    expect(page.get_by_test_id("case-public-sentence")).to_contain_text(sentence)
    body = page.content()
    assert "PRK-" not in body  # no internal case number, officer or document


@pytest.fixture
def cast(karimun, bidang_sd):
    Region.objects.get_or_create(kode="21.02", defaults={"nama": "KAB. KARIMUN", "level": 2})
    return {
        "bawaslu": _staff("bawaslu.k", Role.BAWASLU, region=Region.objects.get(kode="21.02")),
        "bkn": _staff("bkn.k", Role.KASN_BKN, region=Region.objects.get(kode="21")),
        "ppk": _staff("ppk.k", Role.PPK, instansi=karimun),
        "hr": _staff("hr.k", Role.HR_ADMIN, instansi=karimun),
        "satgas": _staff("satgas.k", Role.SATGAS, region=Region.objects.get(kode="21")),
        "inspektorat": _staff("insp.k", Role.INSPEKTORAT, instansi=karimun),
    }


@SCREENS
def test_public_report_to_executed_sanction(
    browser, live_server, cast, karimun, bidang_sd, settings, screen
):
    # given: a public report about a PNS teacher, matched to the registry
    settings.REPORT_SUBMIT_LIMIT = 100
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Siti Rahma", jenis_pegawai="PNS")
    vt = ViolationType.objects.filter(version__is_active=True, category="DISIPLIN").first()
    result = submit(violation_type=vt)
    report = result.report
    person = report.persons.get()
    report_services.person_match_confirm(person=person, pegawai=pegawai, actor=cast["bawaslu"])
    reporter = _page(browser, live_server, screen)
    reporter.goto("/lapor/cek/")
    reporter.fill("#id_code", result.receipt_code)
    reporter.click("main button[type=submit]")
    reporter.wait_for_url("**/lapor/cek/laporan/")

    # when: Bawaslu opens the case, registers, studies and forwards it
    bawaslu = _login(browser, live_server, cast["bawaslu"], screen)
    bawaslu.goto("/perkara/")
    bawaslu.fill("#id_numbers", report.intake_number)
    bawaslu.click("form[action$='/perkara/buka/'] button[type=submit]")
    bawaslu.wait_for_url(re.compile(r"/perkara/[0-9a-f-]{36}/$"))
    case = Case.objects.get()
    _issue(bawaslu, "TANDA_TERIMA")
    _reporter_sees(reporter, "kajian awal")
    _step(bawaslu, case, "register")
    _reporter_sees(reporter, "sedang dikaji")
    _issue(bawaslu, "BA_KLARIFIKASI", "Terlapor membenarkan ajakan tersebut.")
    _issue(bawaslu, "HASIL_KAJIAN", "Terbukti.")
    _issue(bawaslu, "SURAT_PENERUSAN")
    _step(bawaslu, case, "forward_body")
    _reporter_sees(reporter, "diteruskan")

    # the recommending body (BKN) examines and recommends
    bkn = _login(browser, live_server, cast["bkn"], screen)
    _open_case_page(bkn, case)
    _step(bkn, case, "body_verify")
    _issue(bkn, "REKOMENDASI")
    subject = case.subjects.get()
    number = case.letters.get(kind="REKOMENDASI").number
    _step(
        bkn,
        case,
        "recommend",
        fill={"#id_recommendation_number": number},
        select={f"#id_sanction_{subject.pk}": 1},
    )
    _reporter_sees(reporter, "Rekomendasi sanksi")

    # the PPK decrees the sanction
    ppk = _login(browser, live_server, cast["ppk"], screen)
    _open_case_page(ppk, case)
    _issue(ppk, "SK_HUKUMAN")
    decree = case.letters.get(kind="SK_HUKUMAN").number
    _step(ppk, case, "decide", fill={"#id_decree_number": decree, "#id_decided_on": "2026-12-03"})
    _reporter_sees(reporter, "menetapkan keputusan")

    # BKPSDM executes and reports back
    hr = _login(browser, live_server, cast["hr"], screen)
    _open_case_page(hr, case)
    _issue(hr, "LAPORAN_PELAKSANAAN")
    _step(hr, case, "execute", fill={"#id_executed_on": "2026-12-04"})
    _reporter_sees(reporter, "dilaksanakan")

    # Bawaslu closes
    _step(bawaslu, case, "close")

    # then
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.decree_number == decree
    _reporter_sees(reporter, "sudah selesai")
    timeline = reporter.locator(".case-public .timeline")
    expect(timeline).to_contain_text("diregistrasi")
    expect(timeline).to_contain_text("Sanksi telah dilaksanakan oleh instansi.")
    reporter.screenshot(path="/tmp/reporter-final.png", full_page=True)
    # the employee record shows the sanction and its execution date
    hr.goto(f"/registri/pegawai/{pegawai.pk}/")
    expect(hr.get_by_test_id("employee-record")).to_contain_text(decree)
    expect(hr.get_by_test_id("employee-record")).to_contain_text("4 Des 2026")
    assert report.kind == Report.Kind.LAPORAN


@SCREENS
def test_satgas_and_inspektorat_queues(browser, live_server, cast, karimun, bidang_sd, screen):
    # given: a case in initial study and another waiting on the PPK
    from netral.cases import services

    fresh = services.case_open(reports=[submit().report], actor=cast["bawaslu"])
    at_ppk = services.case_open(reports=[submit().report], actor=cast["bawaslu"])
    Case.objects.filter(pk=at_ppk.pk).update(
        status=CaseStatus.RECOMMENDED, instansi=karimun, ppk_received_on="2026-12-01"
    )
    # when: the Satgas returns the incomplete report from its queue
    satgas = _login(browser, live_server, cast["satgas"], screen)
    _open_case_page(satgas, fresh)
    _step(satgas, fresh, "mark_incomplete", fill={"#id_note": "Lengkapi bukti foto."})
    # then
    fresh.refresh_from_db()
    assert fresh.status == CaseStatus.RETURNED
    # the Inspektorat watches the PPK stage and notes it
    insp = _login(browser, live_server, cast["inspektorat"], screen)
    _open_case_page(insp, at_ppk)
    insp.fill("#id_text", "Inspektorat memantau tindak lanjut PPK.")
    insp.get_by_role("button", name="Tambah catatan").click()
    expect(insp.locator("main")).to_contain_text("Inspektorat memantau tindak lanjut PPK.")


def test_missed_ppk_deadline_and_a_ppnpn_case(browser, live_server, cast, karimun, bidang_sd):
    """The second and third cases of issue 10 "Done when", as the roles see them."""
    import datetime as dt

    from netral.cases import services, workflow
    from netral.cases.models import CaseDocument, CaseStage
    from netral.cases.tests.factories import add_doc, make_case, run_to, violation

    # given: a recommendation whose PPK follow-up deadline passed yesterday, and the sweep
    chain = {"bawaslu": cast["bawaslu"], "bkn": cast["bkn"]}
    late = run_to(make_case(actor=cast["bawaslu"], unit=bidang_sd), CaseStatus.RECOMMENDED, chain)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    CaseStage.objects.filter(case=late, completed_at__isnull=True).update(due_on=yesterday)
    Case.objects.filter(pk=late.pk).update(stage_due_on=yesterday)
    services.sweep_overdue()
    employee = late.subjects.get().pegawai
    # and a PPNPN (non-ASN) case registered and studied, waiting on Bawaslu
    ppnpn = make_case(actor=cast["bawaslu"], unit=bidang_sd, jenis="NON_ASN")
    workflow.transition(case=ppnpn, to="register", actor=cast["bawaslu"])
    add_doc(ppnpn, CaseDocument.Kind.BA_KLARIFIKASI, cast["bawaslu"])
    add_doc(ppnpn, CaseDocument.Kind.HASIL_KAJIAN, cast["bawaslu"])

    # when: BKPSDM looks at the late case, the compliance table and the employee record
    hr = _login(browser, live_server, cast["hr"])
    hr.goto(f"/perkara/{late.public_id}/")  # watched, not in BKPSDM's queue yet
    expect(hr.locator("main")).to_contain_text("PPK melewati tenggat tindak lanjut")
    hr.goto("/perkara/kepatuhan-ppk/")
    row = hr.locator("tbody tr", has_text=karimun.nama)
    expect(row.locator("td").nth(4)).to_have_text("1")  # ignored
    hr.goto(f"/registri/pegawai/{employee.pk}/")
    expect(hr.get_by_test_id("employee-record")).to_contain_text("Data kepegawaian diblokir")

    # and Bawaslu forwards the PPNPN case to the employing agency, not to the body
    bawaslu = _login(browser, live_server, cast["bawaslu"])
    _step(
        bawaslu,
        ppnpn,
        "forward_agency",
        select={"#id_violation_type": str(violation("DISIPLIN-5N-1").pk)},
    )
    ppnpn.refresh_from_db()
    assert ppnpn.status == CaseStatus.AGENCY and ppnpn.recommending_body is None
    # then: it waits in the agency PPK's queue
    ppk = _login(browser, live_server, cast["ppk"])
    _open_case_page(ppk, ppnpn)
    expect(ppk.locator("main")).to_contain_text("instansi pemberi kerja")
