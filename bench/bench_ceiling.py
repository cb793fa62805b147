"""Machine ceiling on its own: the trivial endpoint of a real gunicorn server on PostgreSQL."""

from __future__ import annotations

from common import bench_env, ceiling, fresh_pg_database, machine, prepare, record, run_server


def main() -> None:
    print(machine())
    with fresh_pg_database("netral_bench_ceiling") as url:
        env = bench_env(url)
        prepare(env)
        with run_server(env) as server:
            ceiling(server, per_client=50)  # warm-up
            ceil = ceiling(server)
            print(ceil.line())
            record("ceiling: GET /healthz", ceil.per_second, "req/s")
            print(f"server RSS (all processes): {server.rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
