"""Account writes: users, roles, TOTP devices, API tokens (house style §2)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from netral.accounts.models import ApiToken, RoleAssignment, User
from netral.core import audit

if TYPE_CHECKING:
    from netral.accounts.models import User

USER_CREATED = audit.register("accounts.user.created", _("Pengguna dibuat"))
ROLE_ASSIGNED = audit.register("accounts.role.assigned", _("Peran diberikan"))
LOGIN_OK = audit.register("accounts.login.succeeded", _("Berhasil masuk"))
LOGIN_FAILED = audit.register("accounts.login.failed", _("Gagal masuk"))
LOGIN_LOCKED = audit.register("accounts.login.locked", _("Masuk diblokir sementara"))
TOTP_ENROLLED = audit.register("accounts.totp.enrolled", _("Autentikasi dua faktor didaftarkan"))
TOTP_VERIFIED = audit.register("accounts.totp.verified", _("Kode dua faktor diverifikasi"))
TOTP_FAILED = audit.register("accounts.totp.failed", _("Kode dua faktor salah"))
TOKEN_CREATED = audit.register("accounts.api_token.created", _("Token API dibuat"))
TOKEN_REVOKED = audit.register("accounts.api_token.revoked", _("Token API dicabut"))
USER_UPDATED = audit.register("accounts.user.updated", _("Data pengguna diubah"))
ROLE_REVOKED = audit.register("accounts.role.revoked", _("Peran dicabut"))
RECOVERY_CREATED = audit.register(
    "accounts.recovery.created", _("Kode pemulihan dua faktor dibuat")
)
RECOVERY_USED = audit.register("accounts.recovery.used", _("Kode pemulihan dua faktor dipakai"))
RECOVERY_REPLAYED = audit.register(
    "accounts.recovery.replayed", _("Kode pemulihan yang sudah dipakai dicoba lagi")
)

AUDIT_EXPORTED = audit.register("accounts.audit.exported", _("Log audit diunduh"))


def audit_exported(*, actor: User, query: str) -> None:
    """Who downloaded which slice of the audit log (issue 11 item 14)."""
    audit.record(actor=actor, action=AUDIT_EXPORTED, target=actor, data={"filter": query[:500]})


# Issue 11 item 16: one-time recovery codes (django-otp's static device) for a lost phone.
RECOVERY_CODE_COUNT = 10
_B32 = "abcdefghijklmnopqrstuvwxyz234567"

# Fields an administrator may change on a user through ``user_update``.
USER_UPDATABLE_FIELDS = frozenset({"nama", "email", "pegawai", "is_active", "is_superuser"})


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    nama: str = "",
    email: str = "",
    pegawai: Any = None,
    is_superuser: bool = False,
    actor: User | None,
) -> User:
    """Create a user (Argon2-hashed password); superusers also get Django admin access."""
    user = User(
        username=username,
        nama=nama,
        email=email,
        pegawai=pegawai,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit.record(actor=actor, action=USER_CREATED, target=user)
    return user


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    instansi: Any = None,
    unit: Any = None,
    region: Any = None,
    extra_perms: list[str] | None = None,
    actor: User | None,
) -> RoleAssignment:
    assignment = RoleAssignment(
        user=user,
        role=role,
        instansi=instansi,
        unit=unit,
        region=region,
        extra_perms=extra_perms or [],
    )
    assignment.full_clean()
    assignment.save()
    if hasattr(user, "_netral_assignments"):
        del user._netral_assignments
    audit.record(actor=actor, action=ROLE_ASSIGNED, target=assignment, data={"role": role})
    return assignment


def totp_confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """Return the user's pending (unconfirmed) TOTP device, creating one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Netral", confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm enrolment when ``token`` is a valid current code for ``device``."""
    if not device.verify_token(token):
        audit.record(actor=user, action=TOTP_FAILED, target=user)
        return False
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor=user, action=TOTP_ENROLLED, target=user)
    return True


def recovery_code_normalise(code: str) -> str:
    """ "ABCDE-FGHIJ", "abcde fghij" → "abcdefghij"."""
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _recovery_fingerprint(user: User, code: str) -> str:
    import hashlib

    return hashlib.sha256(f"netral-recovery:{user.pk}:{code}".encode()).hexdigest()


@transaction.atomic
def recovery_codes_create(*, user: User) -> list[str]:
    """A new set of one-time recovery codes (the old set stops working). Returned once,
    for the page that shows them; only django-otp's static tokens keep them."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Kode pemulihan", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = ["".join(secrets.choice(_B32) for _ in range(10)) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    audit.record(actor=user, action=RECOVERY_CREATED, target=user, data={"count": len(codes)})
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def recovery_codes_left(user: User) -> int:
    from django_otp.plugins.otp_static.models import StaticToken

    left: int = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return left


@transaction.atomic
def recovery_code_use(*, user: User, code: str) -> tuple[Any, str]:
    """Log in with one recovery code: (device, "") when it matched, which spends it (a
    DELETE that only one request can win), else (None, why): "throttled", "replayed"
    (this code was already used: the audit log knows its fingerprint) or "wrong"."""
    from django_otp.plugins.otp_static.models import StaticDevice

    from netral.core.models import AuditEntry

    code = recovery_code_normalise(code)
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None, "wrong"
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return None, "throttled"
    fingerprint = _recovery_fingerprint(user, code)
    spent, _rows = device.token_set.filter(token=code).delete()
    if spent:
        device.throttle_reset(commit=False)
        device.set_last_used_timestamp(commit=True)
        audit.record(
            actor=user,
            action=RECOVERY_USED,
            target=user,
            data={"fingerprint": fingerprint, "left": device.token_set.count()},
        )
        return device, ""
    device.throttle_increment()
    used = AuditEntry.objects.filter(
        action=RECOVERY_USED, target_id=str(user.pk), data__fingerprint=fingerprint
    ).first()
    if used is not None:
        audit.record(
            actor=user, action=RECOVERY_REPLAYED, target=user, data={"used_at": used.at.isoformat()}
        )
        return None, "replayed"
    audit.record(actor=user, action=TOTP_FAILED, target=user, data={"kind": "recovery"})
    return None, "wrong"


@transaction.atomic
def totp_device_set_secret(*, user: User, key_hex: str) -> TOTPDevice:
    """Install a known confirmed TOTP secret (demo accounts only, so the README can
    print it); real users enrol through the 2FA page."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name="Netral", key=key_hex, confirmed=True)


@transaction.atomic
def api_token_create(*, user: User, name: str = "", actor: User | None) -> tuple[ApiToken, str]:
    """Create an API token and return it with the clear value (shown once, never stored)."""
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=prefix, key_hash=ApiToken.hash_secret(secret))
    token.full_clean()
    token.save()
    audit.record(
        actor=actor, action=TOKEN_CREATED, target=user, data={"prefix": prefix, "name": name}
    )
    return token, f"ntr_{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User | None) -> bool:
    """Revoke a token; a conditional UPDATE so revoking twice records one revocation."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated:
        audit.record(
            actor=actor, action=TOKEN_REVOKED, target=token.user, data={"prefix": token.prefix}
        )
    return bool(updated)


@transaction.atomic
def user_update(*, user: User, actor: User | None, **fields: Any) -> User:
    """Change a user's profile or status (Django admin). Superuser status and Django-admin
    access (``is_staff``) always move together: only superusers may use the admin."""
    unknown = set(fields) - USER_UPDATABLE_FIELDS
    if unknown:
        raise ValueError(f"user_update cannot change {sorted(unknown)}")
    old = {k: getattr(user, k) for k in fields}
    for k, v in fields.items():
        setattr(user, k, v)
    update_fields = [*fields]
    if "is_superuser" in fields:
        user.is_staff = user.is_superuser
        update_fields.append("is_staff")
    user.full_clean()
    user.save(update_fields=update_fields)
    changed = {k: [str(old[k]), str(fields[k])] for k in fields if old[k] != fields[k]}
    audit.record(actor=actor, action=USER_UPDATED, target=user, data={"changed": changed})
    return user


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: User | None) -> None:
    """Remove a role assignment; the audit entry keeps what was removed."""
    user = assignment.user
    data = {"role": assignment.role, "assignment": str(assignment)}
    org_id = assignment.audit_org_id
    assignment.delete()
    if hasattr(user, "_netral_assignments"):
        del user._netral_assignments
    audit.record(actor=actor, action=ROLE_REVOKED, target=user, data=data, org_id=org_id)


class LoginResult:
    OK = "ok"
    INVALID = "invalid"
    LOCKED = "locked"


def login_check(*, request: Any, username: str, password: str) -> tuple[User | None, str]:
    """Authenticate with throttling per account and per client address.

    Each attempt is counted *before* the password is checked (one atomic increment, so
    a parallel burst cannot get more than the limit checked: issue 9, defect 9). After
    ``LOGIN_MAX_ATTEMPTS`` failures within ``LOGIN_LOCKOUT_SECONDS`` from one address, that
    address is refused for that account without checking the password. The lockout is
    keyed by account *and* address, so guesses from elsewhere do not lock the owner out;
    an account-wide ceiling (10×) still bounds a distributed search, and the per-address
    limit (10×, offices share one NAT address) bounds spraying many accounts.
    """
    from django.conf import settings
    from django.contrib.auth import authenticate

    from netral.core import ratelimit
    from netral.core.middleware import client_ip

    limit, period = settings.LOGIN_MAX_ATTEMPTS, settings.LOGIN_LOCKOUT_SECONDS
    ident_user = username.strip().lower()
    ident_ip = client_ip(request) or "?"
    counters = (
        ("login-user", f"{ident_user}\n{ident_ip}", limit),
        ("login-account", ident_user, limit * 10),
        ("login-ip", ident_ip, limit * 10),
    )
    over = [ratelimit.count(scope, ident, period=period) > n for scope, ident, n in counters]
    if any(over):
        audit.record(actor=None, action=LOGIN_LOCKED, data={"username": ident_user[:150]})
        return None, LoginResult.LOCKED
    user = authenticate(request, username=username, password=password)
    if user is None:
        audit.record(actor=None, action=LOGIN_FAILED, data={"username": ident_user[:150]})
        return None, LoginResult.INVALID
    ratelimit.reset("login-user", counters[0][1], period=period)
    for scope, ident, _n in counters[1:]:
        ratelimit.refund(scope, ident, period=period)
    audit.record(actor=user, action=LOGIN_OK, target=user)
    return user, LoginResult.OK


# --- Passkeys (WebAuthn) as a second factor beside TOTP (issue 9) ------------------------

PASSKEY_ADDED = audit.register("accounts.passkey.added", _("Passkey didaftarkan"))
PASSKEY_RENAMED = audit.register("accounts.passkey.renamed", _("Nama passkey diubah"))
PASSKEY_REMOVED = audit.register("accounts.passkey.removed", _("Passkey dihapus"))
PASSKEY_VERIFIED = audit.register("accounts.passkey.verified", _("Masuk dengan passkey"))
PASSKEY_FAILED = audit.register("accounts.passkey.failed", _("Passkey ditolak"))
PASSKEY_COUNTER = audit.register(
    "accounts.passkey.counter",
    _("Penghitung tanda tangan passkey mundur (kemungkinan passkey disalin)"),
)


def passkey_can_register(user: Any) -> bool:
    """A passkey is added from a session already verified with a second factor (TOTP or
    another passkey), so a stolen password alone cannot add the attacker's passkey.
    ``user`` is the request's user (django-otp's middleware adds ``is_verified``)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and is_verified is not None and is_verified())


def passkey_register_begin(*, actor: User, request: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Creation options for the browser and the state to keep in the session."""
    from django_otp_webauthn.models import WebAuthnCredential

    helper = WebAuthnCredential.get_webauthn_helper(request=request)
    with transaction.atomic():  # the user handle is made on first use
        options, state = helper.register_begin(user=actor)
    return options, state


def _passkey_refused(*, actor: User | None, exc: BaseException, stage: str) -> None:
    """Record a refused ceremony in its own transaction (the ceremony's rolls back)."""
    detail = str(exc)[:300]
    action = PASSKEY_COUNTER if "sign count" in detail else PASSKEY_FAILED
    with transaction.atomic():
        audit.record(
            actor=actor, action=action, target=actor, data={"stage": stage, "detail": detail}
        )


def passkey_register_complete(
    *, actor: User, request: Any, state: dict[str, Any], data: dict[str, Any]
) -> Any:
    """Verify the authenticator's attestation (challenge, origin, RP ID) and store the
    credential. Raises the library's API errors (JSON 4xx) on a refused response."""
    from django_otp_webauthn.models import WebAuthnCredential
    from django_otp_webauthn.utils import rewrite_exceptions

    helper = WebAuthnCredential.get_webauthn_helper(request=request)
    try:
        with transaction.atomic(), rewrite_exceptions():
            device = helper.register_complete(user=actor, state=state, data=data)
            audit.record(
                actor=actor,
                action=PASSKEY_ADDED,
                target=actor,
                data={"passkey": device.pk, "name": device.name, "aaguid": device.aaguid},
            )
    except Exception as exc:
        _passkey_refused(actor=actor, exc=exc.__cause__ or exc, stage="register")
        raise
    return device


def passkey_authenticate_begin(
    *, actor: User, request: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Request options listing the user's own passkeys (second factor: the user is known)."""
    from django_otp_webauthn.models import WebAuthnCredential

    helper = WebAuthnCredential.get_webauthn_helper(request=request)
    options, state = helper.authenticate_begin(user=actor, require_user_verification=False)
    return options, state


def passkey_authenticate_complete(
    *, actor: User, request: Any, state: dict[str, Any], data: dict[str, Any]
) -> Any:
    """Check a signed assertion from one of ``actor``'s passkeys: challenge, origin, RP ID,
    signature, and a signature counter that must move forward (a counter that stands
    still or goes back means a copied authenticator or a replay, and is refused)."""
    from django_otp_webauthn import exceptions
    from django_otp_webauthn.models import WebAuthnCredential
    from django_otp_webauthn.utils import rewrite_exceptions

    helper = WebAuthnCredential.get_webauthn_helper(request=request)
    try:
        with transaction.atomic(), rewrite_exceptions():
            device = helper.authenticate_complete(user=actor, state=state, data=data)
            if not device.confirmed:
                raise exceptions.CredentialDisabled()
            audit.record(
                actor=actor, action=PASSKEY_VERIFIED, target=actor, data={"passkey": device.pk}
            )
    except Exception as exc:
        _passkey_refused(actor=actor, exc=exc.__cause__ or exc, stage="authenticate")
        raise
    return device


@transaction.atomic
def passkey_rename(*, actor: User, passkey_id: int, name: str) -> bool:
    """Rename one of the actor's own passkeys; False when it is not theirs (or gone)."""
    from django_otp_webauthn.models import WebAuthnCredential

    device = (
        WebAuthnCredential.objects.select_for_update().filter(pk=passkey_id, user=actor).first()
    )
    if device is None:
        return False
    old, device.name = device.name, name
    device.save(update_fields=["name"])
    if old != name:
        audit.record(
            actor=actor,
            action=PASSKEY_RENAMED,
            target=actor,
            data={"passkey": device.pk, "changed": [old, name]},
        )
    return True


@transaction.atomic
def passkey_remove(*, actor: User, passkey_id: int) -> bool:
    """Remove one of the actor's own passkeys; a second removal removes nothing."""
    from django_otp_webauthn.models import WebAuthnCredential

    device = WebAuthnCredential.objects.filter(pk=passkey_id, user=actor).first()
    if device is None:
        return False
    name = device.name
    deleted, _rows = WebAuthnCredential.objects.filter(pk=device.pk).delete()
    if deleted:
        audit.record(
            actor=actor,
            action=PASSKEY_REMOVED,
            target=actor,
            data={"passkey": passkey_id, "name": name},
        )
    return bool(deleted)
