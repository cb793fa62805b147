"""Django admin for system administrators.

Only active superusers may use the admin (``is_staff`` is given to SYSADMIN superusers
only, but the check here does not rely on it). The admin has no login form of its own:
``/admin/login/`` sends visitors to Netral's login, so the login throttle and two-factor
authentication apply (the 2FA middleware covers ``/admin/`` like every page).
Writes go through the account services (house style §2) so they are audited.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from netral.accounts import services
from netral.accounts.models import ApiToken, RoleAssignment, User


def _superuser_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


@login_not_required
def _login_redirect(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    if request.user.is_authenticated:
        raise PermissionDenied  # logged in, but not a superuser: no second login form
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


admin.site.has_permission = _superuser_only  # type: ignore[method-assign]
admin.site.login = _login_redirect  # type: ignore[method-assign]
admin.site.site_header = _("Administrasi Netral")
admin.site.site_title = _("Administrasi Netral")
admin.site.index_title = _("Administrasi sistem")
# Netral authorises through roles (accounts.roles), not Django groups.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ("role", "instansi", "unit", "region", "extra_perms")
    autocomplete_fields = ("instansi", "unit", "region")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "nama", "email", "is_active", "is_superuser", "last_login")
    list_filter = ("is_active", "is_superuser", "role_assignments__role")
    search_fields = ("username", "nama", "email", "pegawai__nip")
    autocomplete_fields = ("pegawai",)
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Profil"), {"fields": ("nama", "email", "pegawai")}),
        (_("Status"), {"fields": ("is_active", "is_superuser")}),
        (_("Waktu"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("username", "last_login", "date_joined")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: audit entries keep pointing at the account

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        if change:
            original = User.objects.get(pk=obj.pk)
            fields = {
                f: form.cleaned_data[f]
                for f in form.changed_data
                if f in services.USER_UPDATABLE_FIELDS
            }
            if fields:
                services.user_update(user=original, actor=request.user, **fields)
            return
        usable = form.cleaned_data.get("set_usable_password", True)
        created = services.user_create(
            username=form.cleaned_data["username"],
            password=form.cleaned_data.get("password1") if usable else None,
            actor=request.user,
        )
        obj.pk = created.pk
        obj._state.adding = False

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        for formset in formsets:
            if formset.model is RoleAssignment:
                _save_roles(request, form.instance, formset)
            else:
                self.save_formset(request, form, formset, change)


def _save_roles(request: HttpRequest, user: User, formset: Any) -> None:
    """Apply the role inline through ``role_assign``/``role_revoke``; an edited row is a
    revocation plus a new assignment, so the audit log shows both."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
    user = User.objects.get(pk=user.pk)
    for form in formset.forms:
        existing = form.instance if form.instance.pk else None
        if existing and formset._should_delete_form(form):
            services.role_revoke(assignment=existing, actor=request.user)
            formset.deleted_objects.append(existing)
            continue
        if not form.has_changed() or not form.cleaned_data:
            continue
        if existing:
            services.role_revoke(
                assignment=RoleAssignment.objects.get(pk=existing.pk), actor=request.user
            )
        data = form.cleaned_data
        assignment = services.role_assign(
            user=user,
            role=data["role"],
            instansi=data.get("instansi"),
            unit=data.get("unit"),
            region=data.get("region"),
            extra_perms=data.get("extra_perms") or [],
            actor=request.user,
        )
        formset.new_objects.append(assignment)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with ``manage.py create_api_token``; the admin lists and revokes."""

    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("prefix", "user__username", "name")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None  # the list (for the revoke action); no edit form

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        revoked = sum(
            services.api_token_revoke(token=t, actor=request.user)
            for t in queryset.select_related("user")
        )
        self.message_user(request, _("%(n)d token dicabut.") % {"n": revoked})
