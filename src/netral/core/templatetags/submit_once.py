"""``{% submit_once %}``: the hidden idempotency key of a plain button form (one without a
Django form class), new on each drawing (issue 9, defect 6; core.idempotency)."""

from __future__ import annotations

import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def submit_once() -> SafeString:
    return format_html('<input type="hidden" name="idempotency_key" value="{}">', uuid.uuid4())
