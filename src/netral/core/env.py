"""Typed environment helpers for settings (house style §8).

Every helper raises ``ImproperlyConfigured`` on a malformed value, so a typo in
deployment stops start-up instead of silently falling back to a default.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: use 'true' or 'false'.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected an integer.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(
    name: str, *, generate_at: Path | None = None, nbytes: int = 48, missing_ok: bool = False
) -> str:
    """Read a secret from ``NAME``, then ``NAME_FILE``, then a generated file.

    When neither variable is set and ``generate_at`` is given, a random secret is
    created once under ``var/`` (mode 0600) and reused on later starts, so a fresh
    checkout runs with zero set-up without a hard-coded key. Without ``generate_at`` a
    missing secret raises, or gives ``""`` with ``missing_ok`` (production keys: checked
    when a server starts, see ``require_production_secrets``).
    """
    if value := os.environ.get(name):
        return value
    if path := os.environ.get(f"{name}_FILE"):
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={path!r}: cannot read ({exc}).") from exc
    if generate_at is None:
        if missing_ok:
            return ""
        raise ImproperlyConfigured(f"{name} is required.")
    if not generate_at.exists():
        generate_at.parent.mkdir(parents=True, exist_ok=True)
        # Write to a private temp file, then hard-link into place: the link is atomic
        # and fails if another process (server, worker) got there first.
        tmp = generate_at.with_name(f".{generate_at.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(nbytes))
        try:
            os.link(tmp, generate_at)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return generate_at.read_text().strip()


def env_url(name: str, default: str | None = None) -> str | None:
    """An absolute ``http``/``https`` base URL without trailing slash, query or fragment."""
    from urllib.parse import urlsplit

    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: expected an absolute URL such as https://netral.example.go.id"
        )
    return raw.rstrip("/")


def served_port(argv: list[str], default: int = 8000) -> int:
    """The port this process serves on: ``PORT`` (``bin/serve``, ``make run PORT=…``),
    else the ``runserver [addr:]port`` argument, else ``default``."""
    if os.environ.get("PORT", "").strip():
        return env_int("PORT", default)
    if "runserver" in argv:
        args = [a for a in argv[argv.index("runserver") + 1 :] if not a.startswith("-")]
        if args:
            port = args[0].rsplit(":", 1)[-1]
            if port.isdigit():
                return int(port)
    return default


def site_url(*, env: str, argv: list[str]) -> str:
    """``SITE_URL`` for absolute links (receipts, QR codes, e-mails). Development defaults to
    the port served; in production it is empty until configured, and the web server refuses
    to start (``require_site_url`` in ``wsgi.py``) while management commands still run."""
    configured = env_url("SITE_URL")
    if configured:
        return configured
    if env == "prod":
        return ""
    return f"http://127.0.0.1:{served_port(argv)}"


def require_site_url(value: str) -> None:
    """Stop a production server from starting with links that point nowhere."""
    if not value:
        raise ImproperlyConfigured(
            "SITE_URL is required when NETRAL_ENV=prod: the public address of this installation "
            "(e.g. https://netral.example.go.id), used in receipts, QR codes and e-mails."
        )


def missing_production_secrets(
    *, env: str, secret_key: str, encryption_keys: list[str]
) -> list[str]:
    """The key variables production lacks. Production never generates keys: two web servers
    generating their own would sign sessions and encrypt reporter identities with different
    keys (issue 8)."""
    if env != "prod":
        return []
    missing = []
    if not secret_key:
        missing.append("SECRET_KEY")
    if not [key for key in encryption_keys if key]:
        missing.append("NETRAL_ENCRYPTION_KEY")
    return missing


def production_secrets_message(missing: list[str]) -> str:
    names = " and ".join(missing)
    files = " / ".join(f"{name}_FILE" for name in missing)
    return (
        f"{names} {'is' if len(missing) == 1 else 'are'} required when NETRAL_ENV=prod "
        f"(or {files}, a file holding the value): every server and worker of one installation "
        "must share the same keys, so production never generates them. See docs/configuration.md."
    )


def require_production_secrets(missing: list[str]) -> None:
    """Stop a production server or worker from starting without the shared keys."""
    if missing:
        raise ImproperlyConfigured(production_secrets_message(missing))


def webauthn_relying_party(site_url: str) -> tuple[str, list[str]]:
    """Passkeys' RP ID and accepted origin from ``SITE_URL`` (issue 9). Browsers refuse an
    IP address as RP ID but treat ``http://localhost`` as secure, so the development
    default ``http://127.0.0.1:<port>`` becomes ``localhost`` (open the site there to use a
    passkey). An empty ``SITE_URL`` (production before it is configured) gives nothing."""
    from urllib.parse import urlsplit

    if not site_url:
        return "", []
    parts = urlsplit(site_url)
    host = parts.hostname or ""
    if host in {"127.0.0.1", "::1"}:
        host = "localhost"
    port = f":{parts.port}" if parts.port else ""
    return host, [f"{parts.scheme}://{host}{port}"]
