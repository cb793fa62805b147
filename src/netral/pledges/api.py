"""Public verification endpoint: valid / voided / unknown, with name, unit, campaign and
date only (data minimisation, UU 27/2022; shared/domain.md §2)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from netral.accounts.api_auth import AllowPublic
from netral.core.api_responses import error_responses
from netral.pledges.views import verify_lookup


class VerifyOutput(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=["valid", "voided", "invalid", "unknown"])
    nama = serializers.CharField(required=False)
    unit = serializers.CharField(required=False)
    campaign = serializers.CharField(required=False)
    date = serializers.DateField(required=False)


class VerifyApi(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowPublic]

    @extend_schema(
        responses={200: VerifyOutput, 404: VerifyOutput, **error_responses(429)},
        operation_id="pledges_verify",
    )
    def get(self, request: Any, code: str) -> Response:
        status, sig = verify_lookup(request, code)
        if status == "throttled":
            return Response(
                {"error": {"code": "throttled", "message": "Terlalu banyak permintaan."}},
                status=429,
            )
        if status == "invalid":
            return Response(VerifyOutput({"status": "invalid"}).data)
        if sig is None:
            return Response(VerifyOutput({"status": "unknown"}).data, status=404)
        from django.utils import timezone

        data = {
            "status": status,
            "nama": sig.nama,
            "unit": sig.unit_name,
            "campaign": sig.campaign.nama,
            "date": timezone.localtime(sig.signed_at).date(),
        }
        return Response(VerifyOutput(data).data)


# --- the ledger's transparency endpoints (issue 15) ----------------------------------------


class CheckpointOutput(serializers.Serializer[Any]):
    origin = serializers.CharField()
    tree_size = serializers.IntegerField()
    root_hash = serializers.CharField(help_text="hex")
    signed_at = serializers.DateTimeField()
    note = serializers.CharField(help_text="C2SP signed note (tlog-checkpoint), Ed25519")


class LedgerOutput(serializers.Serializer[Any]):
    verifier_key = serializers.CharField(help_text="C2SP verifier key: name+hash+base64")
    logs = CheckpointOutput(many=True)


class ProofOutput(serializers.Serializer[Any]):
    origin = serializers.CharField()
    proof = serializers.ListField(child=serializers.CharField(), help_text="hex hashes")


def _checkpoint_data(c: Any) -> dict[str, Any]:
    return {
        "origin": c.log.origin,
        "tree_size": c.tree_size,
        "root_hash": c.root_hash,
        "signed_at": c.signed_at,
        "note": c.note,
    }


def _bad(message: str, status: int = 400) -> Response:
    return Response({"error": {"code": "invalid", "message": message}}, status=status)


def _log_and_ints(request: Any, *names: str) -> tuple[Any, list[int]] | Response:
    from netral.pledges.models import LedgerLog

    log = LedgerLog.objects.filter(origin=request.query_params.get("origin", "")).first()
    if log is None:
        return _bad("Log tidak dikenal (parameter origin).", 404)
    try:
        values = [int(request.query_params[n]) for n in names]
    except (KeyError, ValueError):
        return _bad("Parameter " + ", ".join(names) + " harus bilangan bulat.")
    return log, values


class LedgerApi(APIView):
    """The latest signed checkpoint of every agency log and the verifier key."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowPublic]

    @extend_schema(
        responses={200: LedgerOutput, **error_responses(400, 404, 405, 429)},
        operation_id="pledges_ledger",
    )
    def get(self, request: Any) -> Response:
        from netral.pledges import ledger

        data = {
            "verifier_key": ledger.verifier_key(),
            "logs": [_checkpoint_data(c) for c in ledger.published_checkpoints()],
        }
        return Response(LedgerOutput(data).data)


class LedgerCheckpointsApi(APIView):
    """Every checkpoint of one log (``?origin=``), newest first (at most 500)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowPublic]

    @extend_schema(
        responses={200: CheckpointOutput(many=True), **error_responses(400, 404, 405, 429)},
        operation_id="pledges_checkpoints",
    )
    def get(self, request: Any) -> Response:
        from netral.pledges.models import LedgerCheckpoint

        rows = LedgerCheckpoint.objects.select_related("log").filter(
            log__origin=request.query_params.get("origin", "")
        )[:500]
        return Response(CheckpointOutput([_checkpoint_data(c) for c in rows], many=True).data)


class LedgerConsistencyApi(APIView):
    """RFC 9162 consistency proof between tree sizes ``first`` and ``second``."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowPublic]

    @extend_schema(
        responses={200: ProofOutput, **error_responses(400, 404, 405, 429)},
        operation_id="pledges_consistency",
    )
    def get(self, request: Any) -> Response:
        from netral.pledges import ledger

        got = _log_and_ints(request, "first", "second")
        if isinstance(got, Response):
            return got
        log, (first, second) = got
        if not 0 <= first <= second <= log.size:
            return _bad(f"Harus 0 ≤ first ≤ second ≤ {log.size}.")
        path = ledger.consistency_proof(log, first, second)
        return Response(ProofOutput({"origin": log.origin, "proof": [p.hex() for p in path]}).data)


class LedgerInclusionApi(APIView):
    """RFC 9162 inclusion proof of leaf ``index`` (0-based) in the tree of ``size``."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowPublic]

    @extend_schema(
        responses={200: ProofOutput, **error_responses(400, 404, 405, 429)},
        operation_id="pledges_inclusion",
    )
    def get(self, request: Any) -> Response:
        from netral.pledges import ledger
        from netral.pledges.models import LedgerEntry

        got = _log_and_ints(request, "index", "size")
        if isinstance(got, Response):
            return got
        log, (index, size) = got
        if not 0 <= index < size <= log.size:
            return _bad(f"Harus 0 ≤ index < size ≤ {log.size}.")
        entry = LedgerEntry.objects.select_related("log").get(log=log, index=index)
        path = ledger.inclusion_proof(entry, size)
        return Response(ProofOutput({"origin": log.origin, "proof": [p.hex() for p in path]}).data)
