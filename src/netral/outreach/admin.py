from django.contrib import admin

from netral.outreach.models import Acknowledgement, Attendance, Circular, Event, SigningPlanNotice


@admin.register(Circular)
class CircularAdmin(admin.ModelAdmin[Circular]):
    list_display = ["nomor", "perihal", "instansi", "tanggal", "status"]
    list_filter = ["status", "jenis", "instansi"]
    search_fields = ["nomor", "perihal"]
    # State changes go through the workflow (the staff pages), never a raw edit.
    readonly_fields = ["status", "published_at", "berkas_sha256", "created_by"]
    filter_horizontal = ["units"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin[Acknowledgement]):
    list_display = ["circular", "pegawai", "acknowledged_at"]
    raw_id_fields = ["circular", "pegawai", "actor"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin[Event]):
    list_display = ["judul", "jenis", "instansi", "mulai", "status"]
    list_filter = ["status", "jenis", "instansi"]
    search_fields = ["judul", "penyelenggara"]
    readonly_fields = ["status", "materi_sha256", "created_by"]
    exclude = ["checkin_secret"]
    filter_horizontal = ["units"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin[Attendance]):
    list_display = ["event", "pegawai", "method", "marked_at"]
    list_filter = ["method"]
    raw_id_fields = ["event", "pegawai", "marked_by"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(SigningPlanNotice)
class SigningPlanNoticeAdmin(admin.ModelAdmin[SigningPlanNotice]):
    """Kept as sent: read-only (a revised plan is a new notice)."""

    list_display = ["nomor", "campaign", "tanggal", "kepada", "emailed_at"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
