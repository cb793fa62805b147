"""Passkeys (WebAuthn) as a second factor beside TOTP (issue 9, "phishing-resistant staff
login"), on django-otp-webauthn. The library does the ceremonies (py_webauthn checks the
challenge, the origin, the RP ID hash, the signature and the signature counter); this
module only adapts its helper to Netral:

* the credential row is locked while an assertion is checked, so two parallel requests
  with the same signature counter cannot both pass the counter check;
* a new passkey gets a readable default name the user can change.

Writes go through ``accounts.services.passkey_*`` (audited); views never call the helper.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper
from django_otp_webauthn.models import WebAuthnCredential
from webauthn import base64url_to_bytes, verify_authentication_response
from webauthn.helpers import parse_authentication_credential_json

NAME_MAX_LENGTH = 64  # django-otp's Device.name


def default_name(user: Any) -> str:
    n = WebAuthnCredential.objects.filter(user=user).aggregate(n=Count("pk"))["n"] or 0
    return _("Passkey %(n)d") % {"n": n + 1}


class NetralWebAuthnHelper(WebAuthnHelper):  # type: ignore[misc]  # untyped library
    def create_credential(
        self, user: Any, response: Any, parsed_credential: Any, original_data: Any
    ) -> Any:
        device = super().create_credential(user, response, parsed_credential, original_data)
        device.name = default_name(user)
        device.confirmed = True
        return device

    def authenticate_complete(self, user: Any, state: dict[str, Any], data: dict[str, Any]) -> Any:
        """The library's check, with the credential row locked (``select_for_update``) from
        reading its counter to saving the new one; the caller holds the transaction."""
        credential = parse_authentication_credential_json(data)
        hashed = WebAuthnCredential.get_credential_id_sha256(credential.raw_id)
        device = (
            WebAuthnCredential.objects.select_for_update()
            .select_related("user")
            .filter(credential_id_sha256=hashed)
            .first()
        )
        if device is None:
            raise exceptions.CredentialNotFound()
        if user is not None and device.user_id != user.pk:
            raise exceptions.CredentialUserMismatch()
        response = verify_authentication_response(
            credential=credential,
            credential_current_sign_count=device.sign_count,
            credential_public_key=device.public_key,
            expected_challenge=base64url_to_bytes(state["challenge"]),
            expected_rp_id=self.get_relying_party_domain(),
            expected_origin=self.get_allowed_origins(),
            require_user_verification=state["require_user_verification"],
        )
        device.sign_count = response.new_sign_count
        device.backup_state = response.credential_backed_up
        device.set_last_used_timestamp(commit=False)
        device.save(update_fields=["sign_count", "last_used_at", "backup_state"])
        return device
