"""Django admin for system administrators (superusers only; see accounts/admin.py).

Writes go through the registry services (house style §2), so admin edits are validated
and audited like every other channel. Units and agencies are created here but not
renamed or moved: a change would have to rewrite the materialised paths of a whole
subtree, which the import does in bulk.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from netral.core.admin import ReadOnlyAdmin
from netral.registry import services
from netral.registry.models import AkunMedsos, Instansi, Pegawai, Region, UnitKerja


def _adopt(obj: Model, created: Model) -> None:
    """Make the admin's unsaved ``obj`` stand for the row a service created."""
    obj.pk = created.pk
    obj._state.adding = False
    obj._state.db = created._state.db


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    """Kemendagri region codes come from a data migration; read-only here."""

    list_display = ("kode", "nama", "level")
    list_filter = ("level",)
    search_fields = ("kode", "nama")


@admin.register(Instansi)
class InstansiAdmin(admin.ModelAdmin):
    list_display = ("kode", "nama", "jenis", "region")
    list_filter = ("jenis",)
    search_fields = ("kode", "nama")
    autocomplete_fields = ("region",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("kode", "nama", "jenis", "region") if obj else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: Instansi, form: ModelForm, change: bool
    ) -> None:
        if change:
            return  # every field is read-only once created
        created = services.instansi_create(
            kode=obj.kode, nama=obj.nama, jenis=obj.jenis, region=obj.region, actor=request.user
        )
        _adopt(obj, created)


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin):
    list_display = ("full_name", "kode", "jenis", "instansi")
    list_filter = ("jenis", "instansi")
    search_fields = ("full_name", "kode")
    list_select_related = ("instansi",)
    autocomplete_fields = ("instansi", "parent")
    fields = ("instansi", "parent", "kode", "nama", "jenis")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields if obj else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: UnitKerja, form: ModelForm, change: bool
    ) -> None:
        if change:
            return  # renames and moves go through the import (subtree paths)
        created = services.unit_create(
            instansi=obj.instansi,
            parent=obj.parent,
            nama=obj.nama,
            kode=obj.kode,
            jenis=obj.jenis,
            actor=request.user,
        )
        _adopt(obj, created)
        obj.path, obj.depth, obj.full_name = created.path, created.depth, created.full_name


class AkunMedsosInline(admin.TabularInline):
    model = AkunMedsos
    extra = 1
    fields = ("platform", "handle")


PEGAWAI_FIELDS = (
    "instansi",
    "unit",
    "nip",
    "nik",
    "nama",
    "jenis_pegawai",
    "golongan",
    "jabatan",
    "tingkat_jabatan",
    "atasan",
    "email",
    "telepon",
    "is_active",
)


@admin.register(Pegawai)
class PegawaiAdmin(admin.ModelAdmin):
    list_display = ("nama", "nip", "nik", "jenis_pegawai", "jabatan", "unit", "is_active")
    list_filter = ("jenis_pegawai", "tingkat_jabatan", "is_active", "instansi")
    search_fields = ("nip", "nik", "nama")
    list_select_related = ("unit", "instansi")
    autocomplete_fields = ("instansi", "unit", "atasan")
    fields = PEGAWAI_FIELDS
    inlines = [AkunMedsosInline]
    show_full_result_count = False  # COUNT(*) over millions of rows on every page

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # employees leave by deactivation; their history stays linked

    def save_model(self, request: HttpRequest, obj: Pegawai, form: ModelForm, change: bool) -> None:
        if change:
            original = Pegawai.objects.get(pk=obj.pk)
            changed = {f: getattr(obj, f) for f in form.changed_data if f in PEGAWAI_FIELDS}
            if changed:
                services.pegawai_update(pegawai=original, actor=request.user, **changed)
            return
        created = services.pegawai_create(
            actor=request.user, **{f: getattr(obj, f) for f in PEGAWAI_FIELDS}
        )
        _adopt(obj, created)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        form.save_m2m()
        for formset in formsets:
            if formset.model is AkunMedsos:
                self._save_medsos(request, form.instance, formset)
            else:
                self.save_formset(request, form, formset, change)

    def _save_medsos(self, request: HttpRequest, pegawai: Pegawai, formset: Any) -> None:
        """The inline is saved as one replacement of the declared accounts (a service)."""
        kept = [
            f
            for f in formset.forms
            if f.cleaned_data
            and not formset._should_delete_form(f)
            and f.cleaned_data.get("handle")
        ]
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.has_changed():
            formset.new_objects = services.akun_medsos_set(
                pegawai=pegawai,
                accounts=[(f.cleaned_data["platform"], f.cleaned_data["handle"]) for f in kept],
                actor=request.user,
            )
