"""Dashboards and public statistics at (scaled) national size, on a real gunicorn server
and a fresh PostgreSQL database, beside the machine's ceiling measured in the same run.

    .venv/bin/python bench/bench_analytics.py [--scale 0.02] [--clients 4] [--requests 40]

Issue 13 goal: with 4.7 million employees, their pledge signatures, 1 million reports
and cases loaded, p95 < 200 ms for the national dashboard and ``/statistik/`` on a
2-core machine, and the full rollup rebuild under 10 minutes. ``--scale 1`` is the
whole country; the default (0.02 = 94 000 employees, 20 000 reports, 10 000 cases) fits
a few minutes on a shared 2-core machine. The dashboard and ``/statistik/`` read only
the rollups, whose size grows with the number of places, agencies, types and months,
not with the number of people, so their timing changes little with the scale; the
rebuild grows linearly (its time per case and per report is printed to extrapolate).

Seeding: agencies (a Pemkab/Pemkot for every kabupaten/kota, a Pemprov per province,
30 ministries), one campaign with one stage per agency through the pledges services,
then employees, signatures, reports and cases bulk-inserted with the ORM. Signatures
point at placeholder ledger rows (the ledger chain is benchmarked in bench_sign.py, not
here); cases carry stages, deadlines, recommendations and sanctions in realistic
proportions. Figures: the ``/healthz`` ceiling and a bare indexed query (employee by
primary key, psycopg) in the same run, then p50/p95 of each page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from common import (
    Session,
    bench_env,
    ceiling,
    django_setup,
    fresh_pg_database,
    manage,
    prepare,
    run_load,
    run_server,
)

NATIONAL = {"employees": 4_700_000, "reports": 1_000_000, "cases": 500_000}
MONTHS = 24


def month_start(i: int) -> dt.datetime:
    """The i-th month of the two years before the current one (local noon)."""
    today = dt.date.today().replace(day=1)
    y, m = today.year, today.month - MONTHS + i
    while m <= 0:
        y, m = y - 1, m + 12
    return dt.datetime(y, m, 1, 12, tzinfo=dt.UTC)


def seed(scale: float, rng: random.Random) -> dict[str, object]:
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as DjSession
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from netral.accounts.models import RoleAssignment, User
    from netral.accounts.roles import Role
    from netral.cases.models import Case, CaseStage, CaseSubject
    from netral.pledges import services as pledges
    from netral.pledges.models import (
        Campaign,
        Election,
        LedgerEntry,
        PactTemplate,
        PledgeText,
        Signature,
    )
    from netral.registry import services as registry
    from netral.registry.models import Instansi, Pegawai, Region
    from netral.reports.models import (
        Report,
        ReportedPerson,
        SanctionType,
        ViolationType,
    )

    t0 = time.perf_counter()
    kabs = list(Region.objects.filter(level=Region.Level.KABKOTA).order_by("kode"))
    provs = list(Region.objects.filter(level=Region.Level.PROVINSI).order_by("kode"))
    agencies = [
        Instansi(
            kode=f"B{r.kode}", nama=f"Pemerintah {r.nama}", jenis=Instansi.Jenis.PEMKAB, region=r
        )
        for r in kabs
    ]
    agencies += [
        Instansi(
            kode=f"B{r.kode}",
            nama=f"Pemerintah Provinsi {r.nama}",
            jenis=Instansi.Jenis.PEMPROV,
            region=r,
        )
        for r in provs
    ]
    agencies += [
        Instansi(kode=f"BK{i:02d}", nama=f"Kementerian Bench {i}", jenis=Instansi.Jenis.KEMENTERIAN)
        for i in range(30)
    ]
    Instansi.objects.bulk_create(agencies)
    agencies = list(
        Instansi.objects.filter(kode__startswith="B").select_related("region").order_by("pk")
    )
    units = {
        a.pk: registry.unit_create(instansi=a, nama="Sekretariat", kode="01", actor=None)
        for a in agencies
    }
    election = Election.objects.get(kode="pilkada-2024")
    text, template = PledgeText.objects.get(version=1), PactTemplate.objects.get(version=1)
    today = dt.date.today()
    campaigns = {}
    for a in agencies:
        c = pledges.campaign_create(
            instansi=a, election=election, nama="Ikrar (bench)", place="-", pledge_text=text,
            pact_template=template, actor=None,
        )  # fmt: skip
        stage = pledges.stage_add(
            campaign=c, nama="Seluruh pegawai", opens_on=today - dt.timedelta(days=30),
            deadline=today + dt.timedelta(days=30), actor=None,
        )  # fmt: skip
        campaigns[a.pk] = (c, stage)
    Campaign.objects.update(status=Campaign.Status.ACTIVE)
    t_agencies = time.perf_counter() - t0

    n_emp = int(NATIONAL["employees"] * scale)
    # Ministries are big, provinces medium, kabupaten small (weights).
    weights = [
        6 if a.jenis == "KEMENTERIAN" else 3 if a.jenis == "PEMPROV" else 1 for a in agencies
    ]
    jenis = ["PNS"] * 7 + ["PPPK"] * 2 + ["CPNS"]
    batch: list[Pegawai] = []
    k = 0
    for a, w in zip(agencies, weights, strict=True):
        count = max(1, round(n_emp * w / sum(weights)))
        unit = units[a.pk]
        for _ in range(count):
            batch.append(
                Pegawai(
                    instansi=a,
                    unit=unit,
                    unit_path=unit.path,
                    nip=f"9{k:017d}",
                    nama=f"Pegawai {k}",
                    jenis_pegawai=jenis[k % 10],
                    jabatan="Pelaksana",
                    tingkat_jabatan=Pegawai.Tingkat.PELAKSANA,
                )  # fmt: skip
            )
            k += 1
            if len(batch) >= 5000:
                Pegawai.objects.bulk_create(batch)
                batch = []
    Pegawai.objects.bulk_create(batch)
    t_emp = time.perf_counter() - t0

    # ~70 % signed: placeholder ledger rows, one per signature.
    seq = LedgerEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    # One placeholder log holds them (the dashboards never read the ledger).
    from netral.pledges import ledger

    placeholder_log = ledger.log_for(agencies[0].pk)
    signed = 0
    rows = Pegawai.objects.order_by("pk").values_list(
        "pk", "instansi_id", "unit_path", "jenis_pegawai"
    )
    entries: list[LedgerEntry] = []
    sigs: list[Signature] = []
    now = dt.datetime.now(dt.UTC)
    for pk, inst, path, jp in rows.iterator(chunk_size=10000):
        if rng.random() >= 0.7:
            continue
        seq += 1
        signed += 1
        c, stage = campaigns[inst]
        entries.append(
            LedgerEntry(seq=seq, log_id=placeholder_log.pk, index=seq, kind="SIGN",
                        prev_hash=f"{seq - 1:064x}", key_id="bench", payload="{}",
                        signature="", entry_hash=f"{seq:064x}")
        )  # fmt: skip
        sigs.append(
            Signature(
                campaign_id=c.pk,
                stage_id=stage.pk,
                pegawai_id=pk,
                code=f"B{seq:015d}",
                pledge_text_id=text.pk,
                pact_template_id=template.pk,
                signed_at=now,
                method="DEMO",
                nama="-",
                identifier="-",
                jabatan="-",
                unit_name="-",
                unit_path=path,
                jenis_pegawai=jp,
                entry_id=seq,
            )  # fmt: skip
        )
        if len(sigs) >= 5000:
            LedgerEntry.objects.bulk_create(entries)
            Signature.objects.bulk_create(sigs)
            entries, sigs = [], []
    LedgerEntry.objects.bulk_create(entries)
    Signature.objects.bulk_create(sigs)
    t_sig = time.perf_counter() - t0

    vts = list(ViolationType.objects.filter(version__is_active=True).values_list("pk", flat=True))
    kab_agency = {a.region_id: a for a in agencies if a.jenis == "PEMKAB"}
    n_rep = int(NATIONAL["reports"] * scale)
    reports: list[Report] = []
    report_meta = []
    for i in range(n_rep):
        kab = kabs[int(rng.paretovariate(1.2)) % len(kabs)] if i % 3 else rng.choice(kabs)
        at = month_start(rng.randrange(MONTHS)) + dt.timedelta(
            days=rng.randrange(27), hours=rng.randrange(10)
        )
        reports.append(
            Report(
                intake_number=f"B-{i:010d}",
                kind=rng.choice(["LAPORAN"] * 8 + ["TEMUAN", "INFORMASI"]),
                channel="WEB",
                status=rng.choice(["received", "triaged"]),
                received_at=at,
                election_type=rng.choice(["PEMILU", "PILKADA", "PILKADA"]),
                event_at=at - dt.timedelta(days=1),
                learned_on=(at - dt.timedelta(days=1)).date(),
                event_region=kab,
                region_kode=kab.kode,
                description="Bench",
                violation_type_id=rng.choice(vts) if i % 4 else None,
                identity_mode="ANONYMOUS",
                content_hash=f"{i:064x}",
            )  # fmt: skip
        )
        report_meta.append((kab, at))
        if len(reports) >= 5000:
            Report.objects.bulk_create(reports)
            reports = []
    Report.objects.bulk_create(reports)
    persons = []
    for rid, code in (
        Report.objects.filter(intake_number__startswith="B-")
        .values_list("pk", "region_kode")
        .iterator(chunk_size=10000)
    ):
        a = kab_agency.get(code) if rng.random() < 0.8 else rng.choice(agencies)
        persons.append(ReportedPerson(report_id=rid, nama="Terlapor", instansi=a))
        if len(persons) >= 5000:
            ReportedPerson.objects.bulk_create(persons)
            persons = []
    ReportedPerson.objects.bulk_create(persons)
    t_rep = time.perf_counter() - t0

    # Cases along the chain in realistic proportions.
    chain = [
        ("initial_study", 25), ("not_registered", 10), ("study", 15), ("not_proven", 12),
        ("forwarded", 5), ("body_exam", 5), ("recommended", 8), ("decided", 6), ("executed", 10),
        ("closed", 4),
    ]  # fmt: skip
    order = [
        "initial_study",
        "study",
        "forwarded",
        "body_exam",
        "recommended",
        "decided",
        "executed",
    ]
    rules = {
        "initial_study": "INITIAL_STUDY", "study": "STUDY", "forwarded": "BODY_RECOMMENDATION",
        "body_exam": "BODY_RECOMMENDATION", "recommended": "PPK_FOLLOWUP", "decided": "EXECUTION",
        "executed": "EXECUTION",
    }  # fmt: skip
    sanctions = list(SanctionType.objects.filter(employment="PNS").values_list("pk", flat=True))
    states = [s for s, w in chain for _ in range(w)]
    n_case = int(NATIONAL["cases"] * scale)
    cases: list[Case] = []
    for i in range(n_case):
        kab = kabs[int(rng.paretovariate(1.2)) % len(kabs)] if i % 3 else rng.choice(kabs)
        status = rng.choice(states)
        reached = order.index(status) if status in order else (1 if status == "not_proven" else 0)
        at_ppk = reached >= order.index("recommended")
        base = month_start(rng.randrange(MONTHS)).date() + dt.timedelta(days=rng.randrange(27))
        cases.append(
            Case(
                number=f"B{i:09d}",
                status=status,
                election_type="PILKADA",
                title="Bench",
                region=kab,
                region_kode=kab.kode,
                instansi=kab_agency.get(kab.kode),
                violation_type_id=rng.choice(vts),
                forwarded_to="BODY" if reached >= 2 else "",
                forwarded_on=base if reached >= 2 else None,
                ppk_received_on=base + dt.timedelta(days=30) if at_ppk else None,
                recommendation_number="R" if at_ppk else "",
                decided_on=base + dt.timedelta(days=40) if reached >= 5 else None,
                executed_on=base + dt.timedelta(days=50) if reached >= 6 else None,
            )  # fmt: skip
        )
        if len(cases) >= 5000:
            Case.objects.bulk_create(cases)
            cases = []
    Case.objects.bulk_create(cases)
    stages: list[CaseStage] = []
    subjects: list[CaseSubject] = []
    month_of: dict[int, dt.datetime] = {}
    for pk, status, _ppk, decided, executed in (
        Case.objects.filter(number__startswith="B")
        .values_list("pk", "status", "ppk_received_on", "decided_on", "executed_on")
        .iterator(chunk_size=10000)
    ):
        opened = month_start(rng.randrange(MONTHS)) + dt.timedelta(days=rng.randrange(27))
        month_of[pk] = opened
        reached = order.index(status) if status in order else 1
        day = opened.date()
        for j, st in enumerate(order[: reached + 1]):
            due = day + dt.timedelta(days=7 if j < 2 else 14)
            last = j == reached and status in order and status != "executed"
            took = rng.randrange(1, 20)
            stages.append(
                CaseStage(
                    case_id=pk,
                    status=st,
                    rule=rules[st],
                    responsible_role="BAWASLU",
                    started_on=day,
                    due_on=due,
                    completed_at=None
                    if last
                    else dt.datetime.combine(day + dt.timedelta(days=took), dt.time(9), dt.UTC),
                    overdue_at=now if last and due < today else None,
                )  # fmt: skip
            )
            day = day + dt.timedelta(days=took)
        subjects.append(
            CaseSubject(
                case_id=pk,
                nama="Terlapor",
                jenis_pegawai="PNS",
                decided_sanction_id=rng.choice(sanctions) if decided and sanctions else None,
                executed_on=executed,
            )  # fmt: skip
        )
        if len(stages) >= 5000:
            CaseStage.objects.bulk_create(stages)
            CaseSubject.objects.bulk_create(subjects)
            stages, subjects = [], []
    CaseStage.objects.bulk_create(stages)
    CaseSubject.objects.bulk_create(subjects)
    with connection.cursor() as cur:
        # Cases opened over two years (created_at is auto_now_add).
        cur.execute(
            "UPDATE cases_case c SET created_at = v.at FROM (SELECT unnest(%s::bigint[]) id, unnest(%s::timestamptz[]) at) v WHERE c.id = v.id",
            [list(month_of), list(month_of.values())],
        )
        cur.execute("ANALYZE")
    t_case = time.perf_counter() - t0

    # The national and a provincial Bawaslu officer, signed in with 2FA.
    sessions = {}
    for name, region in (("bawaslu.ri", None), ("bawaslu.prov", provs[0])):
        user = User.objects.create(username=name, nama=name)
        RoleAssignment.objects.create(user=user, role=Role.BAWASLU, region=region)
        device = TOTPDevice.objects.create(user=user, name="hp", confirmed=True)
        store = SessionStore()
        key = store._get_new_session_key()
        data = {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": user.get_session_auth_hash(),
            "otp_device_id": device.persistent_id,
        }
        DjSession.objects.create(
            session_key=key,
            session_data=store.encode(data),
            expire_date=now + dt.timedelta(hours=8),
        )
        sessions[name] = key
    return {
        "sizes": {
            "agencies": len(agencies),
            "employees": Pegawai.objects.count(),
            "signatures": signed,
            "reports": Report.objects.count(),
            "cases": Case.objects.count(),
            "case stages": CaseStage.objects.count(),
        },
        "seed_s": {
            "agencies+campaigns": t_agencies,
            "employees": t_emp - t_agencies,
            "signatures": t_sig - t_emp,
            "reports": t_rep - t_sig,
            "cases": t_case - t_rep,
        },  # fmt: skip
        "sessions": sessions,
        "province": provs[0].kode,
        "kab": kabs[0].kode,
        "violation_type": vts[0],
        "sample_pk": Pegawai.objects.order_by("pk").values_list("pk", flat=True)[
            Pegawai.objects.count() // 2
        ],
    }


def bare_query(db_url: str, pk: int, n: int = 300) -> list[float]:
    """Latency of a bare indexed query (employee by primary key) over one connection."""
    import psycopg

    out = []
    with psycopg.connect(db_url) as conn:
        for i in range(n):
            t0 = time.perf_counter()
            conn.execute(
                "SELECT id, nama FROM registry_pegawai WHERE id = %s", [pk + i % 50]
            ).fetchall()
            out.append((time.perf_counter() - t0) * 1000)
    return out


def p(values: list[float], q: float) -> float:
    data = sorted(values)
    return data[min(len(data) - 1, int(round(q / 100 * (len(data) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=0.02)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--requests", type=int, default=40, help="per client and page")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep the database (profiling)")
    args = ap.parse_args()
    rng = random.Random(13)
    with fresh_pg_database("netral_bench_analytics", keep=args.keep) as url:
        env = bench_env(url)
        prepare(env)
        django_setup(env)
        t0 = time.perf_counter()
        info = seed(args.scale, rng)
        seed_s = time.perf_counter() - t0
        sizes = info["sizes"]
        t0 = time.perf_counter()
        out = manage(env, "analytics_rebuild")
        rebuild_s = time.perf_counter() - t0
        from netral.analytics.models import CaseRollup, PledgeRollup, ReportRollup

        rollup_rows = {
            "pledge": PledgeRollup.objects.count(),
            "report": ReportRollup.objects.count(),
            "case": CaseRollup.objects.count(),
        }
        t0 = time.perf_counter()
        manage(env, "analytics_refresh")
        refresh_s = time.perf_counter() - t0
        with run_server(env, workers=args.workers) as server:
            ceil = ceiling(server, concurrency=args.clients, per_client=100)
            bare = bare_query(url, int(info["sample_pk"]))

            def page_load(label: str, path: str, session_key: str | None) -> object:
                sessions = []
                for _ in range(args.clients):
                    s = Session(server)
                    if session_key:
                        s.cookies["sessionid"] = session_key
                    sessions.append(s)
                warm = sessions[0].get(path)
                assert warm.status == 200, (path, warm.status, warm.text()[:300])

                def make(s: Session):  # noqa: ANN202
                    return lambda: s.get(path).status == 200

                return run_load(label, [[make(s)] * args.requests for s in sessions])

            nat = info["sessions"]["bawaslu.ri"]
            prov = info["sessions"]["bawaslu.prov"]
            results = [
                page_load("GET /dasbor/ (national Bawaslu)", "/dasbor/", nat),
                page_load(
                    "GET /dasbor/ (province, kab + type filter)",
                    f"/dasbor/?wilayah={info['kab']}&pelanggaran={info['violation_type']}",
                    prov,
                ),
                page_load("GET /statistik/ (anonymous)", "/statistik/", None),
                page_load("GET /api/v1/stats", "/api/v1/stats", None),
            ]
            # /statistik/ uncached: a province table not asked before, one request each.
            from netral.registry.models import Region

            cold = []
            codes = list(
                Region.objects.filter(level=Region.Level.PROVINSI).values_list("kode", flat=True)
            )
            s = Session(server)
            for code in codes:
                t0 = time.perf_counter()
                assert s.get(f"/statistik/?provinsi={code}").status == 200
                cold.append((time.perf_counter() - t0) * 1000)
    print(
        f"data (scale {args.scale:g} of national): "
        + ", ".join(f"{k} {v:,}" for k, v in sizes.items())
    )
    print(
        "seeding: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in info["seed_s"].items())
        + f" (total {seed_s:.0f} s)"
    )
    print(f"rollup rows: {rollup_rows}")
    print(
        f"full rollup rebuild (manage.py analytics_rebuild): {rebuild_s:.1f} s  [{out.stdout.strip()}]"
    )
    print(
        f"  upper bound at national size if every part grew linearly: {rebuild_s / args.scale / 60:.0f} min"
        " (the per-campaign and per-month fixed costs do not grow; goal < 10 min)"
    )
    print(
        f"analytics_refresh right after (all seeded rows are < 10 min old, so it re-reads them): {refresh_s:.1f} s"
    )
    print(ceil.line())
    print(
        f"{'bare indexed query (pk, psycopg)':<38} p50 {statistics.median(bare):7.2f} ms  p95 {p(bare, 95):7.2f} ms"
    )
    for r in results:
        print(r.line() + f"  p95 {r.pct(95):7.1f} ms")
    print(
        f"{'GET /statistik/?provinsi= (uncached)':<38} p50 {statistics.median(cold):7.1f} ms  p95 {p(cold, 95):7.1f} ms  n {len(cold)}"
    )
    print("goal: p95 < 200 ms for /dasbor/ (national) and /statistik/ on 2 cores; rebuild < 10 min")


if __name__ == "__main__":
    main()
