"""Admin views of framework records: the audit log and background job progress.

Both are read-only: audit entries are append-only by design (house style §5), and job
rows belong to the job that writes them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from netral.core.models import AuditEntry, CutiBersama, JobProgress


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "action", "target_type", "target_repr", "org_id", "ip")
    list_filter = ("action", "target_type")
    search_fields = ("actor_label", "target_repr", "target_id", "action")
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(JobProgress)
class JobProgressAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "status", "done", "total", "owner", "created_at")
    list_filter = ("kind", "status")


@admin.register(CutiBersama)
class CutiBersamaAdmin(admin.ModelAdmin):
    list_display = ["date", "description", "citation"]
    date_hierarchy = "date"
