from django.contrib import admin

from netral.outreach.models import Acknowledgement, Circular


@admin.register(Circular)
class CircularAdmin(admin.ModelAdmin):
    list_display = ["nomor", "perihal", "instansi", "tanggal", "status"]
    list_filter = ["status", "jenis", "instansi"]
    search_fields = ["nomor", "perihal"]
    # State changes go through the workflow (the staff pages), never a raw edit.
    readonly_fields = ["status", "published_at", "berkas_sha256", "created_by"]
    filter_horizontal = ["units"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["circular", "pegawai", "acknowledged_at"]
    raw_id_fields = ["circular", "pegawai", "actor"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
