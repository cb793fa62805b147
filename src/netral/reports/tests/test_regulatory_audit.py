"""Regulatory data edited in the admin writes an audit entry (issue 8 defect): the admin's
saves and deletes go through core.services.regulatory_save / regulatory_delete."""

from __future__ import annotations

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from netral.core.models import AuditEntry, CutiBersama
from netral.pledges.models import PledgeText
from netral.reports.models import AllowedSanction, DeadlineRule, SanctionType, ViolationType

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(login, sysadmin):
    sysadmin.is_superuser = sysadmin.is_staff = True
    sysadmin.save(update_fields=["is_superuser", "is_staff"])
    return login(sysadmin)


def form_data(obj, **changes):
    """The admin change form as a browser posts it: every field, unchecked boxes absent."""
    data = {}
    for name, value in {**model_to_dict(obj), **changes}.items():
        if value is None or value is False or name == "id":
            continue
        data[name] = "on" if value is True else value
    return data


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_cuti_bersama_added_changed_and_deleted_are_audited(admin_client, sysadmin):
    # when: added
    response = admin_client.post(
        reverse("admin:core_cutibersama_add"),
        {"date": "2031-12-26", "description": "Cuti bersama Natal", "citation": "SKB 3 Menteri"},
    )
    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    day = CutiBersama.objects.get(date=dt.date(2031, 12, 26))
    [created] = entries("regulatory.created")
    assert (created.actor, created.target_type, created.target_id) == (
        sysadmin,
        "core.cutibersama",
        str(day.pk),
    )
    assert created.data["values"]["description"] == "Cuti bersama Natal"

    # when: changed
    response = admin_client.post(
        reverse("admin:core_cutibersama_change", args=[day.pk]),
        {
            "date": "2031-12-26",
            "description": "Cuti bersama Hari Natal",
            "citation": "SKB 3 Menteri",
        },
    )
    assert response.status_code == 302
    [changed] = entries("regulatory.changed")
    assert changed.data["changed"] == {
        "description": {"before": "Cuti bersama Natal", "after": "Cuti bersama Hari Natal"}
    }

    # when: deleted
    response = admin_client.post(
        reverse("admin:core_cutibersama_delete", args=[day.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not CutiBersama.objects.filter(pk=day.pk).exists()
    [deleted] = entries("regulatory.deleted")
    assert deleted.target_id == str(day.pk)
    assert deleted.data["values"]["date"] == "2031-12-26"


def test_deadline_rule_change_names_the_field_with_old_and_new_value(admin_client):
    rule = DeadlineRule.objects.order_by("pk").first()
    old_days = rule.days
    response = admin_client.post(
        reverse("admin:reports_deadlinerule_change", args=[rule.pk]),
        form_data(rule, days=old_days + 1),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = entries("regulatory.changed")
    # the row's own time stamp is not a change of the rule
    assert entry.data == {
        "model": "reports.deadlinerule",
        "changed": {"days": {"before": str(old_days), "after": str(old_days + 1)}},
    }


def test_saving_unchanged_regulatory_data_writes_no_entry(admin_client):
    sanction = SanctionType.objects.order_by("pk").first()
    response = admin_client.post(
        reverse("admin:reports_sanctiontype_change", args=[sanction.pk]), form_data(sanction)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert entries("regulatory.changed") == []


def test_sanction_allowed_for_a_violation_type_in_the_inline_is_audited(admin_client):
    violation = ViolationType.objects.order_by("pk").first()
    already = set(violation.allowed_sanctions.values_list("sanction_type_id", flat=True))
    new_sanction = SanctionType.objects.exclude(pk__in=already).order_by("pk").first()
    existing = list(violation.allowed_sanctions.order_by("pk"))
    data = form_data(violation)
    data.update(
        {
            "allowed_sanctions-TOTAL_FORMS": str(len(existing) + 1),
            "allowed_sanctions-INITIAL_FORMS": str(len(existing)),
            "allowed_sanctions-MIN_NUM_FORMS": "0",
            "allowed_sanctions-MAX_NUM_FORMS": "1000",
        }
    )
    for i, row in enumerate(existing):
        data[f"allowed_sanctions-{i}-id"] = row.pk
        data[f"allowed_sanctions-{i}-violation_type"] = violation.pk
        data[f"allowed_sanctions-{i}-sanction_type"] = row.sanction_type_id
    i = len(existing)
    data[f"allowed_sanctions-{i}-violation_type"] = violation.pk
    data[f"allowed_sanctions-{i}-sanction_type"] = new_sanction.pk
    response = admin_client.post(
        reverse("admin:reports_violationtype_change", args=[violation.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    link = AllowedSanction.objects.get(violation_type=violation, sanction_type=new_sanction)
    [entry] = entries("regulatory.created")
    assert (entry.target_type, entry.target_id) == ("reports.allowedsanction", str(link.pk))
    assert entry.data["values"]["sanction_type_id"] == str(new_sanction.pk)


def test_new_pledge_text_version_is_audited(admin_client):
    response = admin_client.post(
        reverse("admin:pledges_pledgetext_add"),
        {
            "kode": "ikrar-uji",
            "version": "1",
            "title": "Ikrar uji",
            "citation": "UU 20/2023 Pasal 24",
            "body": "Kami pegawai ASN berikrar netral.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    text = PledgeText.objects.get(kode="ikrar-uji")
    [entry] = entries("regulatory.created")
    assert (entry.target_type, entry.target_id) == ("pledges.pledgetext", str(text.pk))
    assert entry.data["values"]["body"] == "Kami pegawai ASN berikrar netral."
