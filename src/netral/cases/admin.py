"""Admin: the recommending bodies are editable data (an administrator adds a successor,
MK 121/PUU-XXII/2024); cases are read-only here (they change through the workflow)."""

from __future__ import annotations

from django.contrib import admin

from netral.cases.models import Case, CaseStage, RecommendingBody
from netral.core.admin import AuditedAdmin, ReadOnlyAdmin


@admin.register(RecommendingBody)
class RecommendingBodyAdmin(AuditedAdmin):
    list_display = ["short_name", "name", "effective_from", "effective_until", "citation"]
    ordering = ["effective_from"]


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ["number", "status", "election_type", "instansi", "stage_due_on"]
    list_filter = ["status", "election_type"]
    search_fields = ["number"]


@admin.register(CaseStage)
class CaseStageAdmin(ReadOnlyAdmin):
    list_display = ["case", "status", "rule", "due_on", "completed_at", "overdue_at"]


# Letter templates, offices and issued letters (letter_admin.py).
from netral.cases import letter_admin  # noqa: E402, F401
