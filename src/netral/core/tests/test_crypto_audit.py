import pytest

from netral.core import audit, crypto
from netral.core.models import AuditEntry


def test_encrypt_roundtrip_and_no_cleartext():
    token = crypto.encrypt("Siti Aminah, 0812-3456-7890", purpose="reporter")
    assert "Siti" not in token and "0812" not in token
    assert crypto.decrypt(token, purpose="reporter") == "Siti Aminah, 0812-3456-7890"


def test_tampered_or_wrong_purpose_token_fails():
    token = crypto.encrypt("rahasia", purpose="reporter")
    flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(flipped, purpose="reporter")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, purpose="other")


def test_key_rotation_old_tokens_still_decrypt(settings):
    old = crypto.encrypt("lama")
    settings.NETRAL_ENCRYPTION_KEYS = ["kunci-baru-yang-panjang", *settings.NETRAL_ENCRYPTION_KEYS]
    assert crypto.decrypt(old) == "lama"
    assert crypto.encrypt("baru").split(".")[1] != old.split(".")[1]


def test_unregistered_audit_action_is_refused(db):
    with pytest.raises(ValueError):
        audit.record(actor=None, action="nope.never.registered")


def test_anonymous_audit_entry_stores_no_client_data(db, rf):
    from netral.core.middleware import RequestContextMiddleware

    action = audit.register("test.anon", "Uji anonim")
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Ponsel")

    def view(_request):
        audit.record(actor=None, action=action, anonymous=True)
        audit.record(actor=None, action=action)
        from django.http import HttpResponse

        return HttpResponse()

    RequestContextMiddleware(view)(request)
    anon, normal = AuditEntry.objects.order_by("id")
    assert anon.ip is None and anon.user_agent == ""
    assert normal.ip == "203.0.113.9" and normal.user_agent == "Ponsel"
