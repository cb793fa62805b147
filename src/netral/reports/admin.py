"""Admin for the regulatory data (catalogue, sanctions, deadlines, cuti bersama).

Every edit of that data is audited (``core.admin.AuditedAdmin`` → ``core.services``).
Reports themselves are not editable here: the admin would bypass the services, the
audit log and the identity protection. Their list shows no identity fields.
"""

from __future__ import annotations

from django.contrib import admin

from netral.core.admin import AuditedAdmin
from netral.reports import models


class ViolationTypeInline(
    admin.TabularInline[models.ViolationType, models.ViolationCatalogueVersion]
):
    model = models.ViolationType
    extra = 0
    fields = [
        "order",
        "code",
        "category",
        "title",
        "discipline_level",
        "needs_verification",
        "citation",
    ]


@admin.register(models.ViolationCatalogueVersion)
class ViolationCatalogueVersionAdmin(AuditedAdmin):
    list_display = ["name", "effective_from", "is_active"]
    inlines = [ViolationTypeInline]


class AllowedSanctionInline(admin.TabularInline[models.AllowedSanction, models.ViolationType]):
    model = models.AllowedSanction
    extra = 0
    autocomplete_fields = ["sanction_type"]


@admin.register(models.ViolationType)
class ViolationTypeAdmin(AuditedAdmin):
    list_display = [
        "code",
        "title",
        "category",
        "discipline_level",
        "needs_verification",
        "version",
    ]
    list_filter = ["version", "category", "needs_verification"]
    search_fields = ["code", "title"]
    inlines = [AllowedSanctionInline]


@admin.register(models.SanctionType)
class SanctionTypeAdmin(AuditedAdmin):
    list_display = ["code", "name", "employment", "level", "is_moral", "citation"]
    list_filter = ["employment", "level"]
    search_fields = ["code", "name"]


@admin.register(models.DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin):
    list_display = ["kind", "election_type", "days", "working_days", "citation"]
