"""Benchmark: pledge signing over HTTP and ``verify_ledger`` (issue 3, "make bench").

* A fresh PostgreSQL database, migrated; a real gunicorn server (bench/common.py).
* ``--employees`` employees of one agency, each with a login (a session created
  directly, so set-up does not spend minutes in Argon2) and a TOTP device; one
  campaign with an open stage for everyone and a planned stage that waits for 100 %
  of it, so every signature also runs the automatic-opening check.
* Load: ``--clients`` concurrent clients; every request is one employee signing once
  (POST of the sign form with the text hash, the consent box and a TOTP code). Reported:
  signatures/s, p50/p99, beside the same server's trivial-endpoint ceiling (/healthz).
* The same with password confirmation (Argon2id, Django's default cost) on a smaller
  set, to show what confirming by password costs.
* ``verify_ledger`` on the ledger topped up to ``--ledger`` entries (issue 15: Merkle
  leaves appended through the same framing, checked against a signed checkpoint);
  bench_ledger.py measures it on a sharded ledger beside its hashing ceiling.

    .venv/bin/python bench/bench_sign.py                 # defaults: 6000 employees
    .venv/bin/python bench/bench_sign.py --employees 2000 --clients 16

Goal (issue 3): >= 300 signatures/s with p99 < 250 ms on 2 cores, verify_ledger
>= 50,000 entries/s.
"""

from __future__ import annotations

import argparse
import re
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    PY,
    ROOT,
    Server,
    Session,
    bench_env,
    ceiling,
    django_setup,
    fresh_pg_database,
    machine,
    prepare,
    record_load,
    run_load,
    run_server,
)

PASSWORD = "bench-sandi-2024"


# --- fixtures (run in this process against the bench database) -------------------------


def make_fixtures(n_totp: int, n_password: int) -> dict:
    import datetime as dt

    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as DjSession
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from netral.accounts import authz, identity
    from netral.accounts.models import RoleAssignment, User
    from netral.accounts.roles import Role
    from netral.pledges import services, workflow
    from netral.pledges.models import Campaign, Election, PactTemplate, PledgeText, Stage
    from netral.registry import services as registry
    from netral.registry.models import Instansi, Pegawai, Region

    instansi = registry.instansi_create(
        kode="21.02",
        nama="Pemerintah Kabupaten Karimun",
        jenis=Instansi.Jenis.PEMKAB,
        region=Region.objects.filter(kode="21.02").first(),
        actor=None,
    )
    units = []
    for i in range(10):
        opd = registry.unit_create(
            instansi=instansi, nama=f"Dinas {i}", kode=f"{i:02d}", actor=None
        )
        units.append(opd)
        for j in range(3):
            units.append(
                registry.unit_create(
                    instansi=instansi,
                    nama=f"Bidang {j}",
                    kode=f"{i:02d}.{j}",
                    parent=opd,
                    actor=None,
                )
            )
    total = n_totp + n_password
    people = []
    for k in range(total):
        unit = units[k % len(units)]
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=k // 900)
        nip = f"{birth:%Y%m%d}{birth.year + 25:04d}{k % 12 + 1:02d}{k % 2 + 1}{k % 900 + 1:03d}"
        people.append(
            Pegawai(
                instansi=instansi,
                unit=unit,
                unit_path=unit.path,
                nip=nip,
                nama=f"Pegawai Bench {k}",
                jenis_pegawai=Pegawai.Jenis.PNS,
                jabatan="Pengadministrasi Umum",
                tingkat_jabatan=Pegawai.Tingkat.PELAKSANA,
            )
        )
    Pegawai.objects.bulk_create(people, batch_size=2000)
    people = list(Pegawai.objects.filter(instansi=instansi).select_related("unit").order_by("id"))
    # One Argon2 hash shared by every bench user: hashing thousands would take minutes.
    pw_hash = make_password(PASSWORD)
    users = [
        User(username=f"bench{k}", nama=p.nama, pegawai=p, password=pw_hash)
        for k, p in enumerate(people)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    users = list(User.objects.filter(username__startswith="bench").order_by("pegawai_id"))
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=u, role=Role.EMPLOYEE) for u in users], batch_size=2000
    )
    keys = {u.pk: secrets.token_bytes(20) for u in users[:n_totp]}
    TOTPDevice.objects.bulk_create(
        [
            TOTPDevice(user_id=uid, name="hp", key=key.hex(), confirmed=True)
            for uid, key in keys.items()
        ],
        batch_size=2000,
    )
    devices = {d.user_id: d for d in TOTPDevice.objects.filter(user_id__in=keys)}
    sessions, rows = {}, []
    for u in users:
        store = SessionStore()
        data = {
            "_auth_user_id": str(u.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": u.get_session_auth_hash(),
        }
        if u.pk in devices:
            data["otp_device_id"] = devices[u.pk].persistent_id
        # As after a login (accounts.middleware.IdentityMiddleware): the session carries
        # the identity snapshot under the user's current token.
        data[identity.SESSION_KEY] = identity.snapshot(
            u, identity.current_token(u.pk), authz.assignments(u), devices.get(u.pk)
        )
        key = store._get_new_session_key()
        rows.append(
            DjSession(
                session_key=key,
                session_data=store.encode(data),
                expire_date=dt.datetime.now(dt.UTC) + dt.timedelta(hours=8),
            )
        )
        sessions[u.pk] = key
    DjSession.objects.bulk_create(rows, batch_size=2000)

    campaign = services.campaign_create(
        instansi=instansi,
        election=Election.objects.get(kode="pilkada-2024"),
        nama="Ikrar Netralitas ASN (bench)",
        place="Tanjung Balai Karimun",
        pledge_text=PledgeText.objects.get(version=1),
        pact_template=PactTemplate.objects.get(version=1),
        actor=None,
    )
    today = dt.date.today()
    services.stage_add(
        campaign=campaign,
        nama="Seluruh pegawai",
        opens_on=today,
        deadline=today + dt.timedelta(days=7),
        actor=None,
    )
    services.stage_add(
        campaign=campaign,
        nama="Tahap berikut (menunggu 100 %)",
        open_rule=Stage.OpenRule.THRESHOLD,
        threshold_percent=100,
        deadline=today + dt.timedelta(days=14),
        actor=None,
    )
    workflow.campaign_transition(campaign=campaign, to=Campaign.Status.ACTIVE, actor=None)
    campaign = Campaign.objects.select_related(
        "instansi", "election", "pledge_text", "pact_template"
    ).get(pk=campaign.pk)
    by_pegawai = {p.pk: p for p in people}
    signers = []
    for u in users:
        p = by_pegawai[u.pegawai_id]
        signers.append(
            {
                "session": sessions[u.pk],
                "sha": services.pact_render(campaign=campaign, pegawai=p).sha256,
                "key": keys.get(u.pk),
            }
        )
    return {"campaign": campaign.pk, "totp": signers[:n_totp], "password": signers[n_totp:]}


def totp_code(key: bytes) -> str:
    from django_otp.oath import totp

    return f"{totp(key, step=30, t0=0, digits=6):06d}"


# --- load ----------------------------------------------------------------------------------


def sign_load(server: Server, label: str, campaign: int, signers: list[dict], clients: int):
    """Each call signs for one employee (own session cookie) on the client's connection."""
    csrf = secrets.token_hex(16)  # Django accepts a bare 32-character secret
    path = f"/ikrar/{campaign}/tanda-tangan/"
    failures: list[str] = []
    lock = threading.Lock()

    def make_call(session: Session, signer: dict):
        def call() -> bool:
            session.cookies = {"sessionid": signer["session"], "csrftoken": csrf}
            confirmation = totp_code(signer["key"]) if signer["key"] else PASSWORD
            r = session.post_form(
                path,
                {"text_sha256": signer["sha"], "agree": "on", "confirmation": confirmation},
                headers={"X-CSRFToken": csrf},
            )
            ok = r.status == 302 and "/ikrar/tanda-terima/" in r.headers.get("location", "")
            if not ok:
                with lock:
                    if len(failures) < 3:
                        failures.append(f"{r.status} {r.text()[:300]!r}")
            return ok

        return call

    jobs = []
    for c in range(clients):
        session = Session(server)
        jobs.append([make_call(session, s) for s in signers[c::clients]])
    result = run_load(label, jobs)
    result.error_samples.extend(failures)
    return result


def sign_page_load(server: Server, campaign: int, signers: list[dict], clients: int):
    path = f"/ikrar/{campaign}/tanda-tangan/"

    def make(session: Session, signer: dict):
        def call() -> bool:
            session.cookies = {"sessionid": signer["session"]}
            return session.get(path).status == 200

        return call

    jobs = []
    for c in range(clients):
        session = Session(server)
        jobs.append([make(session, s) for s in signers[c::clients]])
    return run_load("GET sign page (read pact)", jobs)


# --- ledger --------------------------------------------------------------------------------


def top_up_ledger(target: int) -> int:
    """Append real entries (same leaf framing, frontier and stored nodes as
    ``ledger.append``; COPY for speed) to the signing agency's log until the ledger
    holds ``target``; payloads copy a real signature's shape. Signs a checkpoint."""
    from bench_ledger import _copy
    from django.db import connection, transaction

    from netral.core import merkle
    from netral.pledges import ledger, proof
    from netral.pledges.models import LedgerEntry, LedgerLog

    with transaction.atomic():
        log = LedgerLog.objects.select_for_update().order_by("-size").first()
        assert log is not None, "sign first: the top-up copies a real entry"
        sample = LedgerEntry.objects.filter(log=log).order_by("-index").first().payload
        frontier = merkle.unpack(bytes(log.frontier))
        size = log.size
        already = LedgerEntry.objects.count()
        rows: list[tuple[object, ...]] = []
        while already < target:
            payload = sample.replace('"code":"', f'"code":"X{size:07d}', 1)
            leaf = merkle.leaf_hash(proof.leaf_bytes_v2(kind="SIGN", payload=payload))
            nodes = b"".join(merkle.append(frontier, size, leaf))
            rows.append((log.pk, size, 2, "SIGN", payload, leaf.hex(), nodes, "", "", ""))
            size += 1
            already += 1
            if len(rows) == 20_000:
                _copy(connection, rows)
                rows = []
        if rows:
            _copy(connection, rows)
        LedgerLog.objects.filter(pk=log.pk).update(size=size, frontier=merkle.pack(frontier))
        ledger.checkpoint_make(log)
    return already


def verify_ledger(env: dict[str, str], *extra: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [PY, str(ROOT / "manage.py"), "verify_ledger", *extra],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    out = (proc.stdout + proc.stderr).strip()
    if proc.returncode:
        raise RuntimeError(out)
    return wall, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=6000)
    parser.add_argument("--password-employees", type=int, default=200)
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--ledger", type=int, default=60_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--skip-ledger", action="store_true")
    parser.add_argument(
        "--clients-list", default="", help="comma-separated concurrency levels, run in turn"
    )
    args = parser.parse_args()

    print(machine())
    with fresh_pg_database("netral_bench_sign", keep=args.keep) as url:
        env = bench_env(url)
        prepare(env)  # migrate, cache table and static files: the bench runs alone
        django_setup(env)
        t0 = time.perf_counter()
        fx = make_fixtures(args.employees, args.password_employees)
        print(
            f"fixtures: {args.employees + args.password_employees} employees with sessions in {time.perf_counter() - t0:.1f} s"
        )
        from django.db import connections

        connections.close_all()
        with run_server(env, workers=args.workers) as server:
            ceiling(server, per_client=50)  # warm-up
            ceil = ceiling(server)
            print(ceil.line())
            # Reading the pact page for a slice of the employees (not signing).
            page = sign_page_load(
                server, fx["campaign"], fx["totp"][: args.clients * 20], args.clients
            )
            print(page.line())
            record_load(
                page, ceil, goal="≥ 40 % of /healthz", met=page.per_second >= 0.4 * ceil.per_second
            )
            levels = [int(x) for x in args.clients_list.split(",") if x] or [args.clients]
            share = len(fx["totp"]) // len(levels)
            for i, clients in enumerate(levels):
                chunk = fx["totp"][i * share : (i + 1) * share]
                label = f"POST sign (TOTP), {clients} clients"
                result = sign_load(server, label, fx["campaign"], chunk, clients)
                print(result.line())
                for sample in result.error_samples[:3]:
                    print("  error:", sample)
                record_load(
                    result,
                    ceil,
                    goal="≥ 300/s, p99 < 250 ms",
                    met=result.per_second >= 300 and result.pct(99) < 250,
                )
            if fx["password"]:
                pw = sign_load(
                    server,
                    "POST sign (password, Argon2)",
                    fx["campaign"],
                    fx["password"],
                    min(args.clients, 8),
                )
                print(pw.line())
                for sample in pw.error_samples[:3]:
                    print("  error:", sample)
            print(f"server RSS (all processes): {server.rss_mb():.0f} MB")
            print(
                f"signatures/s vs ceiling: {result.per_second / ceil.per_second * 100:.0f} % of /healthz"
            )
        if args.skip_ledger:
            return
        t0 = time.perf_counter()
        total = top_up_ledger(args.ledger)
        print(f"ledger topped up to {total} entries in {time.perf_counter() - t0:.1f} s")
        connections.close_all()
        for extra in (("--checkpoints",), ()):
            wall, out = verify_ledger(env, *extra)
            rate = re.search(r"\(([\d,]+) entri/s\)", out)
            label = "verify_ledger" + (" --checkpoints" if extra else " (every signature)")
            print(
                f"{label:<38} {total / wall:9.0f} entries/s wall (incl. start-up {wall:.2f} s); in-loop {rate.group(1) if rate else '?'} entries/s"
            )
            print(f"  {out}")


if __name__ == "__main__":
    main()
