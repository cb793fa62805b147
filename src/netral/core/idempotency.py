"""Idempotent create forms (issue 9, defect 6: "every create form is idempotent, like the
report form").

A create form carries a hidden random key (``IdempotencyKeyField``, a new one each time the
form is drawn). The service that creates passes it to ``once``::

    return idempotency.once(key, "outreach.event", Event, lambda: _create(...))

* no key (an API call, a command, a test): the row is created as usual;
* the first submission with a key claims it (a row in ``SubmissionKey``, primary key = the
  key) in the service's transaction, creates its row and records it there;
* a repeat (a double click, a resent POST, the back button) finds the claim and gets the
  first row back, creating nothing;
* a parallel repeat blocks on the claim's primary key until the first commits (PostgreSQL;
  SQLite runs writers one at a time), then finds it; if the first rolled back, the repeat
  claims the key itself and creates.

The key is scoped: a key sent to another form (``scope``) is refused as a ``ValidationError``
rather than returning an unrelated row. Claims are kept ``KEEP_DAYS`` (pruned now and then
by a new claim): a form resent after that creates again.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IdempotencyKeyField(forms.UUIDField):
    """The hidden key of a create form: new on each drawing, sent back with the POST."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("initial", uuid.uuid4)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


KEEP_DAYS = 7
_PRUNE_EVERY = 1000


def once[M: models.Model](
    key: uuid.UUID | str | None, scope: str, model: type[M], create: Callable[[], M]
) -> M:
    """``create()`` once per ``key``: a repeat returns the row the first call created."""
    if key is None or key == "":
        return create()
    from netral.core.models import SubmissionKey

    key = uuid.UUID(str(key))
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = SubmissionKey.objects.create(key=key, scope=scope)
        except IntegrityError:
            claim = SubmissionKey.objects.select_for_update().get(key=key)
            if claim.scope != scope:
                raise ValidationError(
                    _("Formulir ini sudah dikirim untuk keperluan lain. Muat ulang halaman.")
                ) from None
            if claim.target_id:
                return model._default_manager.get(pk=claim.target_id)
        row = create()
        SubmissionKey.objects.filter(key=key).update(target_id=str(row.pk))
    if random.randrange(_PRUNE_EVERY) == 0:
        cutoff = timezone.now() - dt.timedelta(days=KEEP_DAYS)
        SubmissionKey.objects.filter(created_at__lt=cutoff).delete()
    return row


def idempotent[M: models.Model, **P](
    scope: str, model: type[M]
) -> Callable[[Callable[P, M]], Callable[P, M]]:
    """A create service made idempotent: it declares ``idempotency_key: UUID | None = None``
    among its keyword arguments (the form's hidden key), and a repeat with the same key
    returns the first call's row (``once``)."""

    def decorator(service: Callable[P, M]) -> Callable[P, M]:
        @wraps(service)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> M:
            key = kwargs.get("idempotency_key")
            return once(key, scope, model, lambda: service(*args, **kwargs))  # type: ignore[arg-type]

        return wrapper

    return decorator


class SubmitOnceForm(forms.Form):
    """The key of a plain button form (``{% submit_once %}``); a malformed key is ignored
    (the submission then runs without the double-submit guard, as an old page would)."""

    idempotency_key = IdempotencyKeyField()


def posted_key(data: Any) -> uuid.UUID | None:
    form = SubmitOnceForm(data)
    key: uuid.UUID | None = form.cleaned_data["idempotency_key"] if form.is_valid() else None
    return key
