"""Core write services: edits of regulatory data (house style §5, §9).

Regulatory rules are admin-editable rows with a citation (violation catalogue, sanctions,
deadline rules, pledge texts, *cuti bersama*, …). Every edit of one, from the admin or
anywhere else, goes through ``regulatory_save`` / ``regulatory_delete``, which write the
row and one audit entry naming the fields changed, with their old and new values, in one
transaction. ``core.admin.AuditedAdmin`` routes the admin's saves and deletes here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from netral.core import audit

# core imports no domain app: the actor is any user model (accounts.User in practice).
User = AbstractBaseUser

REGULATORY_CREATED = audit.register("regulatory.created", _("Data regulasi ditambahkan"))
REGULATORY_CHANGED = audit.register("regulatory.changed", _("Data regulasi diubah"))
REGULATORY_DELETED = audit.register("regulatory.deleted", _("Data regulasi dihapus"))


def _values(record: models.Model) -> dict[str, str]:
    """Every concrete field as text (foreign keys as their id), as the audit log stores it."""
    return {
        field.attname: field.value_to_string(record)
        for field in record._meta.concrete_fields
        # the row's own time stamps change on every save and say nothing about the rule
        if not (field.primary_key or getattr(field, "auto_now", False))
        and not getattr(field, "auto_now_add", False)
    }


def regulatory_save(*, record: models.Model, actor: User) -> models.Model:
    """Save an edit of regulatory data (new or changed) and audit it in one transaction.

    The entry lists each changed field with its value before and after; saving a row
    unchanged writes nothing to the log. The caller has validated the row (admin form,
    ``full_clean``)."""
    model = type(record)
    with transaction.atomic():
        before: dict[str, str] | None = None
        if record.pk is not None:
            old = model._default_manager.select_for_update().filter(pk=record.pk).first()
            before = _values(old) if old is not None else None
        record.save()
        after = _values(record)
        if before is None:
            audit.record(
                actor=actor,
                action=REGULATORY_CREATED,
                target=record,
                data={"model": model._meta.label_lower, "values": after},
            )
        else:
            changed = {
                name: {"before": before[name], "after": value}
                for name, value in after.items()
                if before.get(name) != value
            }
            if changed:
                audit.record(
                    actor=actor,
                    action=REGULATORY_CHANGED,
                    target=record,
                    data={"model": model._meta.label_lower, "changed": changed},
                )
    return record


def regulatory_delete(*, record: models.Model, actor: User) -> None:
    """Delete a row of regulatory data and audit it (its last values) in one transaction.
    Rows that other records still point at are protected by their foreign keys."""
    with transaction.atomic():
        data: dict[str, Any] = {"model": record._meta.label_lower, "values": _values(record)}
        audit.record(actor=actor, action=REGULATORY_DELETED, target=record, data=data)
        record.delete()
