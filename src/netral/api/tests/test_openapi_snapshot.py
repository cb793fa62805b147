"""The committed OpenAPI schema matches the code (house style §6: API changes show in review).

When this fails after a deliberate API change, regenerate the snapshot and commit it:

    .venv/bin/python manage.py spectacular --format openapi-json --file src/netral/api/openapi.json
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.core.management import call_command

SNAPSHOT = Path(__file__).resolve().parent.parent / "openapi.json"


def test_openapi_schema_matches_committed_snapshot():
    # given
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    out = io.StringIO()
    # when
    call_command("spectacular", "--format", "openapi-json", stdout=out, stderr=io.StringIO())
    generated = json.loads(out.getvalue())
    # then
    assert generated == committed, (
        "OpenAPI schema changed; regenerate src/netral/api/openapi.json with "
        "`manage.py spectacular --format openapi-json --file src/netral/api/openapi.json`."
    )


def test_schema_endpoint_serves_the_same_schema(client, db):
    # when
    response = client.get("/api/v1/openapi.json")
    # then
    assert response.status_code == 200
    assert response.json()["paths"].keys() == json.loads(SNAPSHOT.read_text())["paths"].keys()
