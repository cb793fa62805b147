"""Production start-up refuses to run without the shared keys (issue 8 defect).

Each case starts a fresh interpreter, as a server would: settings are read once per
process, so only a new process shows what start-up does.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from netral.core import crypto

ROOT = Path(__file__).resolve().parents[4]
SECRETS = (
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "NETRAL_ENCRYPTION_KEY",
    "NETRAL_ENCRYPTION_KEY_FILE",
    "NETRAL_ENCRYPTION_KEYS",
)
# What a web server does first: import the WSGI application.
SERVE = [
    "-c",
    "import netral.wsgi; from django.conf import settings; print(settings.SECRET_KEY[:4])",
]


def start(tmp_path: Path, argv: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in SECRETS}
    base.update(
        {
            "NETRAL_VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "netral.settings",
            "PYTHONPATH": str(ROOT / "src"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "SITE_URL": "https://netral.example.go.id",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, *argv], env=base, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_prod_web_server_without_secret_key_stops_naming_it(tmp_path):
    result = start(tmp_path, SERVE, NETRAL_ENV="prod", NETRAL_ENCRYPTION_KEY="k" * 43)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is required when NETRAL_ENV=prod" in result.stderr
    assert "NETRAL_ENCRYPTION_KEY" not in result.stderr
    assert not (tmp_path / "var" / "secret_key").exists(), "production must never generate a key"


def test_prod_web_server_without_encryption_key_stops_naming_it(tmp_path):
    result = start(tmp_path, SERVE, NETRAL_ENV="prod", SECRET_KEY="s" * 50)
    assert result.returncode != 0
    assert "NETRAL_ENCRYPTION_KEY is required when NETRAL_ENV=prod" in result.stderr
    assert "SECRET_KEY is required" not in result.stderr
    assert not (tmp_path / "var" / "encryption_key").exists()


def test_prod_start_check_run_by_bin_serve_fails_naming_both(tmp_path):
    """bin/serve runs this before starting the worker and gunicorn."""
    result = start(
        tmp_path,
        [str(ROOT / "manage.py"), "check", "--deploy", "--tag", "netral"],
        NETRAL_ENV="prod",
    )
    assert result.returncode != 0
    assert "netral.E001" in result.stderr
    assert "SECRET_KEY and NETRAL_ENCRYPTION_KEY are required when NETRAL_ENV=prod" in result.stderr
    assert "check --deploy --tag netral" in (ROOT / "bin/serve").read_text()


@pytest.mark.parametrize(
    "keys",
    [
        {"SECRET_KEY": "s" * 50, "NETRAL_ENCRYPTION_KEY": "k" * 43},
        {
            "SECRET_KEY": "s" * 50,
            "NETRAL_ENCRYPTION_KEYS": "baru-" + "k" * 40 + ",lama-" + "k" * 40,
        },
    ],
    ids=["single-key", "rotation-list"],
)
def test_prod_with_keys_starts(tmp_path, keys):
    result = start(tmp_path, SERVE, NETRAL_ENV="prod", **keys)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ssss"


def test_prod_reads_keys_from_files(tmp_path):
    (tmp_path / "sk").write_text("f" * 50 + "\n")
    (tmp_path / "ek").write_text("e" * 43 + "\n")
    result = start(
        tmp_path,
        SERVE,
        NETRAL_ENV="prod",
        SECRET_KEY_FILE=str(tmp_path / "sk"),
        NETRAL_ENCRYPTION_KEY_FILE=str(tmp_path / "ek"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ffff"


def test_dev_still_generates_missing_keys_once(tmp_path):
    first = start(tmp_path, SERVE, NETRAL_ENV="dev")
    second = start(tmp_path, SERVE, NETRAL_ENV="dev")
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "var" / "secret_key").exists()
    assert (tmp_path / "var" / "encryption_key").exists()
    assert first.stdout == second.stdout


def test_encrypting_without_a_key_refuses_instead_of_inventing_one(settings):
    """A worker started without the key fails at the first use, naming the variable."""
    settings.NETRAL_ENCRYPTION_KEYS = [""]
    with pytest.raises(ImproperlyConfigured, match="NETRAL_ENCRYPTION_KEY is required"):
        crypto.encrypt("identitas pelapor", purpose="reporter")
