"""Case handling at scale (issue 10 "Done when"): the work-queue pages of every role and
the daily overdue sweep, on a fresh PostgreSQL database loaded with many cases, against a
real gunicorn server, each figure beside a ceiling measured in the same run:

* the trivial ``/healthz`` endpoint of the same server (common.ceiling);
* for each queue page, its own main query (the SQL Django sends for the queue's first
  page) run bare over psycopg on the same database: what the page costs above it is the
  application;
* for the sweep, one bare ``INSERT … SELECT`` writing as many rows as the sweep marks
  stages, into a scratch table: the database's own write speed for that volume.

The data is generated in the database (``generate_series``): cases spread over every
kecamatan of Indonesia (the Kemendagri codes loaded by the migrations), one agency per
kabupaten/kota, 40 % closed and the rest spread over the open states of the workflow,
each open case with its open stage and due date (``--overdue`` percent already past it),
one employee per case. Users: Bawaslu Karimun (21.02), Satgas and BKN regional office of
Kepri (21), PPK, BKPSDM and Inspektorat of Pemkab Karimun, each signed in with 2FA.

    .venv/bin/python bench/bench_cases.py [--cases 200000] [--overdue 5] [--requests 60]
        [--workers 2]

Goal (issue 10): queue page p95 under 150 ms beside the bare indexed query; overdue
sweep under 60 s. The issue names 1,000,000 cases (``--cases 1000000``); the default is
smaller so a run fits in a few minutes on two shared cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time

from common import (
    LoadResult,
    Session,
    bench_env,
    ceiling,
    django_setup,
    fresh_pg_database,
    machine,
    prepare,
    run_load,
    run_server,
)

PASSWORD = "bench-rahasia-123"

# status → (share in twentieths, deadline rule, responsible role, forwarded_to, at PPK)
OPEN = [
    ("initial_study", 1, "INITIAL_STUDY", "BAWASLU", "", False),
    ("returned", 1, "COMPLETION", "BAWASLU", "", False),
    ("study", 2, "STUDY", "BAWASLU", "", False),
    ("forwarded", 1, "BODY_RECOMMENDATION", "KASN_BKN", "BODY", False),
    ("body_exam", 1, "BODY_RECOMMENDATION", "KASN_BKN", "BODY", False),
    ("recommended", 2, "PPK_FOLLOWUP", "PPK", "BODY", True),
    ("agency", 1, "PPK_FOLLOWUP", "PPK", "AGENCY", True),
    ("decided", 1, "EXECUTION", "HR_ADMIN", "BODY", True),
    ("executed", 1, "", "BAWASLU", "BODY", True),
    ("informasi", 1, "", "BAWASLU", "", False),
]
CLOSED_TWENTIETHS = 20 - sum(s[1] for s in OPEN)  # 8/20 = 40 % closed
ROLE_OF_STATUS = (
    "(CASE c.status " + " ".join(f"WHEN '{s[0]}' THEN '{s[3]}'" for s in OPEN) + " ELSE '' END)"
)


def _status_sql() -> tuple[str, str, str, str, str]:
    """SQL CASE expressions on ``mod(g, 20)`` for status, rule, role, forwarded_to, at-PPK."""
    arms: list[tuple[int, int, tuple[str, str, str, str, bool]]] = []
    lo = 0
    for status, share, rule, role, fwd, at_ppk in OPEN:
        arms.append((lo, lo + share, (status, rule, role, fwd, at_ppk)))
        lo += share

    def case(idx: int, default: str) -> str:
        parts = []
        for a, b, vals in arms:
            v = vals[idx]
            lit = ("TRUE" if v else "FALSE") if isinstance(v, bool) else f"'{v}'"
            parts.append(f"WHEN mod(g, 20) >= {a} AND mod(g, 20) < {b} THEN {lit}")
        return f"(CASE {' '.join(parts)} ELSE {default} END)"

    return (
        case(0, "'closed'"),
        case(1, "''"),
        case(2, "''"),
        case(3, "'BODY'"),
        case(4, "TRUE"),
    )


def load_cases(dsn: str, *, n: int, overdue_pct: int, today: dt.date) -> dict[str, float]:
    """Generate ``n`` cases, their open stages and one employee each, in SQL."""
    import psycopg

    status, rule, _role, fwd, at_ppk = _status_sql()
    timings: dict[str, float] = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        t0 = time.perf_counter()
        conn.execute(
            """
            INSERT INTO registry_instansi (created_at, updated_at, kode, nama, jenis, region_id)
            SELECT now(), now(), r.kode, 'Pemerintah ' || r.nama, 'PEMKAB', r.kode
            FROM registry_region r WHERE r.level = 2
            ON CONFLICT (kode) DO NOTHING
            """
        )
        conn.execute(
            """
            CREATE UNLOGGED TABLE bench_region AS
            SELECT row_number() OVER (ORDER BY k.kode) AS i, k.kode AS region_id, k.kode,
                   (SELECT ins.id FROM registry_instansi ins
                     WHERE ins.kode = split_part(k.kode, '.', 1) || '.' || split_part(k.kode, '.', 2)
                   ) AS instansi_id
            FROM registry_region k WHERE k.level = 3
            """
        )
        regions = conn.execute("SELECT count(*) FROM bench_region").fetchone()[0]
        vts = conn.execute(
            """SELECT array_agg(v.id ORDER BY v.id) FROM reports_violationtype v
               JOIN reports_violationcatalogueversion c ON c.id = v.version_id WHERE c.is_active"""
        ).fetchone()[0]
        conn.execute(
            f"""
            INSERT INTO cases_case (
                created_at, updated_at, public_id, number, status, election_type, title,
                summary, region_id, region_kode, instansi_id, violation_type_id,
                stage_due_on, stage_rule, registration_number, study_extended, forwarded_to,
                ppk_received_on, recommendation_number, decree_number, referred_to,
                closing_reason)
            SELECT now(), now(), gen_random_uuid(), 'PRK-B-' || g, s.status,
                   CASE WHEN mod(g, 3) = 0 THEN 'PILKADA' ELSE 'PEMILU' END,
                   'Dugaan ketidaknetralan ASN nomor ' || g, '', r.region_id, r.kode,
                   r.instansi_id, (%(vts)s::bigint[])[1 + mod(g, cardinality(%(vts)s::bigint[]))],
                   CASE WHEN s.rule = '' THEN NULL
                        WHEN mod(g * 13, 100) < %(overdue)s THEN %(today)s::date - 1 - mod(g, 10)::int
                        ELSE %(today)s::date + mod(g, 30)::int END,
                   s.rule, '', FALSE,
                   CASE WHEN s.status IN ('closed', 'initial_study', 'returned', 'study',
                                          'informasi') THEN '' ELSE s.fwd END,
                   CASE WHEN s.at_ppk THEN %(today)s::date - 5 END, '', '', '', ''
            FROM generate_series(1::bigint, %(n)s::bigint) AS g
            JOIN bench_region r ON r.i = 1 + mod(g * 7919, %(regions)s)
            CROSS JOIN LATERAL (SELECT {status} AS status, {rule} AS rule,
                                       {fwd} AS fwd, {at_ppk} AS at_ppk) s
            """,
            {"vts": vts, "overdue": overdue_pct, "today": today, "n": n, "regions": regions},
        )
        timings["cases"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        conn.execute(
            f"""
            INSERT INTO cases_casestage (case_id, status, rule, responsible_role, started_on,
                                         due_on, working_days)
            SELECT c.id, c.status, c.stage_rule, {ROLE_OF_STATUS},
                   c.stage_due_on - 7, c.stage_due_on, c.election_type = 'PEMILU'
            FROM cases_case c WHERE c.stage_due_on IS NOT NULL
            """
        )
        conn.execute(
            """
            INSERT INTO cases_casesubject (created_at, updated_at, case_id, nama,
                                           jenis_pegawai, jabatan)
            SELECT now(), now(), c.id, 'Terlapor ' || c.id,
                   CASE WHEN c.status = 'agency' THEN 'NON_ASN' ELSE 'PNS' END, 'Kepala Seksi'
            FROM cases_case c
            """
        )
        timings["stages+subjects"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        conn.execute("DROP TABLE bench_region")
        conn.execute("VACUUM ANALYZE cases_case")
        conn.execute("VACUUM ANALYZE cases_casestage")
        conn.execute("VACUUM ANALYZE cases_casesubject")
        timings["analyze"] = time.perf_counter() - t0
    return timings


def make_users() -> dict[str, tuple[str, str]]:
    """The officers (username → role label), each with a confirmed TOTP device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from netral.accounts.models import RoleAssignment, User
    from netral.accounts.roles import Role
    from netral.registry.models import Instansi, Region

    karimun = Instansi.objects.get(kode="21.02")
    kepri = Region.objects.get(kode="21")
    cast = {
        "bawaslu": (Role.BAWASLU, {"region": Region.objects.get(kode="21.02")}),
        "satgas": (Role.SATGAS, {"region": kepri}),
        "bkn": (Role.KASN_BKN, {"region": kepri}),
        "ppk": (Role.PPK, {"instansi": karimun}),
        "bkpsdm": (Role.HR_ADMIN, {"instansi": karimun}),
        "inspektorat": (Role.INSPEKTORAT, {"instansi": karimun}),
    }
    for username, (role, scope) in cast.items():
        user = User.objects.create_user(username=f"bench.{username}", password=PASSWORD)
        RoleAssignment.objects.create(user=user, role=role, **scope)
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return {name: (f"bench.{name}", str(role)) for name, (role, _s) in cast.items()}


def totp_of(username: str) -> str:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    d = TOTPDevice.objects.get(user__username=username)
    return f"{totp(d.bin_key, step=d.step, t0=d.t0, digits=d.digits):06d}"


def queue_sql(username: str, query: dict[str, str]) -> tuple[str, list[object], int]:
    """The page's main query (first page) as Django sends it, and the queue's row count."""
    from netral.accounts.models import User
    from netral.cases.forms import QueueFilterForm
    from netral.cases.queue_views import QUEUE_SIZE
    from netral.cases.selectors import queue_cases

    user = User.objects.get(username=username)
    form = QueueFilterForm(query or None, user=user)
    f = form.cleaned_data if form.is_valid() else {}
    qs = queue_cases(user=user, today=dt.date.today(), f=f)
    sql, params = qs[:QUEUE_SIZE].query.sql_with_params()
    return sql, list(params), qs.count()


def bare(dsn: str, sql: str, params: list[object], *, runs: int) -> LoadResult:
    import psycopg

    result = LoadResult("bare")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql, params).fetchall()  # warm
        t_all = time.perf_counter()
        for _ in range(runs):
            t0 = time.perf_counter()
            conn.execute(sql, params).fetchall()
            result.latencies_ms.append((time.perf_counter() - t0) * 1000)
            result.ok += 1
        result.seconds = time.perf_counter() - t_all
    return result


def page_load(session: Session, path: str, *, runs: int) -> LoadResult:
    def call() -> bool:
        r = session.get(path)
        return r.status == 200 and b'data-testid="queue"' in r.body

    call()  # warm (template, cache)
    return run_load(path, [[call] * runs])


PAGES = [
    ("bawaslu", "/perkara/antrean/", {}),
    ("bawaslu", "/perkara/antrean/?lewat=on", {"lewat": "on"}),
    ("satgas", "/perkara/antrean/", {}),
    ("bkn", "/perkara/antrean/", {}),
    ("bkn", "/perkara/antrean/?pemilihan=PILKADA", {"pemilihan": "PILKADA"}),
    ("ppk", "/perkara/antrean/", {}),
    ("bkpsdm", "/perkara/antrean/", {}),
    ("inspektorat", "/perkara/antrean/?lewat=on", {"lewat": "on"}),
]


def sign_in(server, users) -> dict[str, Session]:
    """One signed-in session per officer (password, then the TOTP code: a code is
    accepted once, so each officer signs in once per run)."""
    sessions: dict[str, Session] = {}
    for name, (username, _role) in users.items():
        s = Session(server)
        s.login(username, PASSWORD, totp_of(username))
        sessions[name] = s
    return sessions


def measure_pages(sessions, dsn: str, users, *, runs: int, label: str) -> list[str]:
    print(f"{label}: load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    lines = []
    for who, path, query in PAGES:
        sql, params, rows = queue_sql(users[who][0], query)
        raw = bare(dsn, sql, params, runs=runs)
        page = page_load(sessions[who], path, runs=runs)
        verdict = "ok" if page.pct(95) < 150 else "OVER GOAL"
        lines.append(
            f"{label} {who:<11} {path:<34} queue {rows:>7} · page p50 {page.pct(50):6.1f} "
            f"p95 {page.pct(95):6.1f} ms ({verdict}) · bare query p50 {raw.pct(50):6.1f} "
            f"p95 {raw.pct(95):6.1f} ms · errors {page.errors}"
        )
        print(lines[-1], flush=True)
    return lines


def sweep(dsn: str) -> None:
    import psycopg
    from django.db import connection

    from netral.cases.models import CaseAlert, CaseStage
    from netral.cases.services import sweep_overdue

    today = dt.date.today()
    due = CaseStage.objects.filter(
        completed_at__isnull=True, overdue_at__isnull=True, due_on__lt=today
    ).count()
    # Ceiling: the same number of rows written by one bare statement.
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE UNLOGGED TABLE bench_sweep_ceiling (stage_id bigint, at timestamptz)")
        t0 = time.perf_counter()
        conn.execute(
            """INSERT INTO bench_sweep_ceiling
               SELECT id, now() FROM cases_casestage
               WHERE completed_at IS NULL AND overdue_at IS NULL AND due_on < %s""",
            [today],
        )
        bare_s = time.perf_counter() - t0
        conn.execute("DROP TABLE bench_sweep_ceiling")
    connection.close()
    t0 = time.perf_counter()
    marked = sweep_overdue(today=today)
    seconds = time.perf_counter() - t0
    alerts = CaseAlert.objects.count()
    again = time.perf_counter()
    rerun = sweep_overdue(today=today)
    rerun_s = time.perf_counter() - again
    verdict = "ok" if seconds < 60 else "OVER GOAL"
    print(
        f"overdue sweep: {marked} of {due} due stages marked in {seconds:.1f} s "
        f"({marked / seconds if seconds else 0:,.0f} stages/s; {alerts} alerts; {verdict}) · "
        f"bare INSERT…SELECT of {due} rows {bare_s:.2f} s "
        f"({due / bare_s if bare_s else 0:,.0f} rows/s) · rerun marks {rerun} in {rerun_s:.2f} s",
        flush=True,
    )
    # Autovacuum analyses the tables the sweep just filled within a minute; without that
    # the planner still believes the alert table empty and drives the queue's alert query
    # from every alert of the role in the country (47–121 ms at 200k cases instead of
    # 1–2 ms, measured with EXPLAIN ANALYZE). The bench measures right away, so it does
    # what autovacuum would.
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("ANALYZE cases_casealert")
        conn.execute("ANALYZE cases_casestage")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=200_000)
    ap.add_argument("--overdue", type=int, default=5, help="percent of open stages past due")
    ap.add_argument("--requests", type=int, default=60, help="requests per page measured")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = ap.parse_args()
    print(machine())
    print(f"load: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    with fresh_pg_database("netral_bench_cases", keep=args.keep) as url:
        env = bench_env(url, TASKS_BACKEND="db")
        t0 = time.perf_counter()
        prepare(env)
        print(f"migrated in {time.perf_counter() - t0:.1f} s")
        django_setup(env)
        dsn = url
        timings = load_cases(dsn, n=args.cases, overdue_pct=args.overdue, today=dt.date.today())
        from netral.cases.models import Case, CaseStage

        print(
            f"loaded {Case.objects.count():,} cases, {CaseStage.objects.count():,} open "
            f"stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()),
            flush=True,
        )
        users = make_users()
        with run_server(env, workers=args.workers) as server:
            ceiling(server, concurrency=4, per_client=30)  # warm-up
            print(ceiling(server, concurrency=4, per_client=100).line(), flush=True)
            sessions = sign_in(server, users)
            measure_pages(sessions, dsn, users, runs=args.requests, label="before sweep")
            sweep(dsn)
            measure_pages(sessions, dsn, users, runs=args.requests, label="after sweep ")
            print(f"server RSS (all processes): {server.rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
