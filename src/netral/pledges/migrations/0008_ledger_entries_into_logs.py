"""Issue 15: place every existing (format 1) entry in its agency's Merkle log, in
``seq`` order, without touching a stored byte: the leaf is exactly what the entry's
``entry_hash`` and Ed25519 signature covered (``proof.leaf_bytes_v1``), so each old
entry stays verifiable by its signature and its chain link, and is now also covered by
its log's signed checkpoints. The agency is the signed campaign's (SIGN) or the voided
entry's (VOID); an entry naming neither goes to a log without agency."""

import json

from django.conf import settings
from django.db import migrations

from netral.core import merkle
from netral.pledges import proof


def _host():
    url = getattr(settings, "SITE_URL", "") or "netral.local"
    return url.split("://", 1)[-1].rstrip("/") or "netral.local"


def forwards(apps, schema_editor):
    Entry = apps.get_model("pledges", "LedgerEntry")
    Log = apps.get_model("pledges", "LedgerLog")
    Campaign = apps.get_model("pledges", "Campaign")
    Instansi = apps.get_model("registry", "Instansi")
    Stage = apps.get_model("pledges", "Stage")
    campaign_instansi = dict(Campaign.objects.values_list("id", "instansi_id"))
    kode = dict(Instansi.objects.values_list("id", "kode"))
    entry_instansi: dict[int, int | None] = {}
    logs: dict[int | None, tuple[object, list[bytes]]] = {}

    def log_for(instansi_id):
        if instansi_id not in logs:
            origin = f"{_host()}/ledger/" + (kode[instansi_id] if instansi_id else "tanpa-instansi")
            log, _ = Log.objects.get_or_create(instansi_id=instansi_id, defaults={"origin": origin})
            logs[instansi_id] = (log, merkle.unpack(bytes(log.frontier)))
        return logs[instansi_id]

    batch = []
    for e in Entry.objects.filter(log__isnull=True).order_by("seq").iterator(chunk_size=2000):
        try:
            payload = json.loads(e.payload)
            if e.kind == "SIGN":
                instansi_id = campaign_instansi.get(payload["campaign"]["id"])
            else:
                instansi_id = entry_instansi.get(payload["voids_seq"])
        except (ValueError, KeyError, TypeError):
            instansi_id = None
        entry_instansi[e.seq] = instansi_id
        log, frontier = log_for(instansi_id)
        leaf = merkle.leaf_hash(
            proof.leaf_bytes_v1(
                seq=e.seq,
                kind=e.kind,
                prev_hash=e.prev_hash,
                key_id=e.key_id,
                payload=e.payload,
                signature=e.signature,
            )
        )
        e.log_id, e.index, e.format = log.pk, log.size, 1
        e.nodes = b"".join(merkle.append(frontier, log.size, leaf))
        log.size += 1
        batch.append(e)
        if len(batch) >= 2000:
            Entry.objects.bulk_update(batch, ["log", "index", "format", "nodes"])
            batch = []
    if batch:
        Entry.objects.bulk_update(batch, ["log", "index", "format", "nodes"])
    for log, frontier in logs.values():
        log.frontier = merkle.pack(frontier)
        log.save(update_fields=["size", "frontier"])
    # Stage.recount_at_seq compared global seqs; it now compares positions in the
    # agency's log. Forgetting it only makes the next signature recount (conservative).
    Stage.objects.exclude(recount_at_seq=None).update(recount_at_seq=None)


def advance_sequence(apps, schema_editor):
    """``seq`` became a database sequence (0007): on PostgreSQL the new identity starts
    at 1 whatever rows exist, so move it past the existing entries."""
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT continues after the largest rowid by itself
    schema_editor.execute(
        "SELECT setval(pg_get_serial_sequence('pledges_ledgerentry', 'seq'), "
        "COALESCE(MAX(seq), 1), MAX(seq) IS NOT NULL) FROM pledges_ledgerentry"
    )


def backwards(apps, schema_editor):
    Entry = apps.get_model("pledges", "LedgerEntry")
    if Entry.objects.filter(format=2).exists():
        raise RuntimeError("format-2 entries exist; they cannot go back to the single chain")
    Entry.objects.update(log=None, index=None, nodes=b"")
    apps.get_model("pledges", "LedgerCheckpoint").objects.all().delete()
    apps.get_model("pledges", "LedgerLog").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("pledges", "0007_ledger_logs_schema")]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RunPython(advance_sequence, migrations.RunPython.noop),
    ]
