"""Admin views of framework records: the audit log and background job progress, plus
``AuditedAdmin``, the base of every admin that edits regulatory data.

The audit log and job rows are read-only: audit entries are append-only by design (house
style §5), and job rows belong to the job that writes them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from netral.core.models import AuditEntry, CutiBersama, JobProgress
from netral.core.services import regulatory_delete, regulatory_save


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _actor(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    if not isinstance(user, AbstractBaseUser):  # the admin only lets staff in
        raise PermissionDenied
    return user


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Admin for regulatory data: every save and delete, inline rows included, goes through
    ``core.services.regulatory_save`` / ``regulatory_delete`` and so writes an audit entry."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        regulatory_save(record=obj, actor=_actor(request))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        regulatory_delete(record=obj, actor=_actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                regulatory_delete(record=obj, actor=_actor(request))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            regulatory_delete(record=obj, actor=_actor(request))
        for obj in instances:
            regulatory_save(record=obj, actor=_actor(request))
        formset.save_m2m()


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
class CutiBersamaAdmin(AuditedAdmin):
    list_display = ["date", "description", "citation"]
    date_hierarchy = "date"
