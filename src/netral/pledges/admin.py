"""Admin: texts and elections are editable data with citations (house style §9), audited
through ``core.admin.AuditedAdmin``; ledger and signatures are read-only (append-only by
design)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from netral.core.admin import AuditedAdmin, ReadOnlyAdmin
from netral.pledges.models import (
    Campaign,
    Ceremony,
    Election,
    LedgerEntry,
    PactTemplate,
    PledgeText,
    Signature,
)


@admin.register(Election)
class ElectionAdmin(AuditedAdmin):
    list_display = ["nama", "jenis", "campaign_start", "campaign_end", "voting_day", "citation"]


class _VersionedAdmin(AuditedAdmin):
    """A version used by a campaign is frozen: change it by adding a new version."""

    used_by: str  # the Campaign field that points at this model (set by each subclass)

    list_display = ["kode", "version", "title", "citation"]

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        if obj is not None and Campaign.objects.filter(**{self.used_by: obj}).exists():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(PledgeText)
class PledgeTextAdmin(_VersionedAdmin):
    used_by = "pledge_text"


@admin.register(PactTemplate)
class PactTemplateAdmin(_VersionedAdmin):
    used_by = "pact_template"


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "kind", "entry_hash"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ["nama", "identifier", "campaign", "signed_at", "code"]
    search_fields = ["nama", "identifier", "code"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["nama", "instansi", "election", "status"]


@admin.register(Ceremony)
class CeremonyAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "held_on", "place", "leader"]
