"""Issue 9, defect 1: a year-0 event date broke the inbox for every handler in a region."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from netral.reports.models import Report
from netral.reports.tests.factories import submit
from netral.reports.tests.test_public_views import form_data

pytestmark = pytest.mark.django_db

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def test_year_one_event_date_is_refused_with_a_message(client):
    # when: the attack run's date, which is year 0 in UTC
    response = client.post(
        reverse("reports:lapor"), form_data(event_date="0001-01-01", event_time="00:30")
    )
    # then
    assert response.status_code == 400
    assert "awal tahapan pemilihan" in response.content.decode()
    assert not Report.objects.exists()


def test_event_later_today_than_now_is_refused(client, time_machine):
    # given: 10:00 local
    time_machine.move_to(dt.datetime(2024, 2, 10, 10, 0, tzinfo=timezone.get_current_timezone()))
    # when
    response = client.post(
        reverse("reports:lapor"), form_data(event_date="2024-02-10", event_time="23:00")
    )
    # then
    assert response.status_code == 400
    assert "masa depan" in response.content.decode()
    assert not Report.objects.exists()


def test_service_refuses_out_of_range_event_at():
    # when / then: the API, staff intake and the form all reach this check
    with pytest.raises(ValidationError):
        submit(event_at=dt.datetime(1, 1, 1, 0, 30, tzinfo=JAKARTA))
    assert not Report.objects.exists()


def test_database_refuses_an_unreadable_event_at():
    # given
    report = submit().report
    # when / then: a write path that skips full_clean() still cannot store year 0
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(event_at=dt.datetime(1, 1, 1, tzinfo=dt.UTC))


def test_inbox_detail_and_status_stay_readable_after_the_attack(client, login, bawaslu_karimun):
    # given: the attack is tried, and an ordinary report exists
    client.post(reverse("reports:lapor"), form_data(event_date="0001-01-01", event_time="00:30"))
    report = submit().report
    staff = login(bawaslu_karimun)
    # when
    inbox = staff.get(reverse("reports:inbox"))
    detail = staff.get(reverse("reports:detail", args=[report.public_id]))
    # then
    assert inbox.status_code == 200 and detail.status_code == 200
    assert report.intake_number in inbox.content.decode()


def test_audit_filter_far_future_date_is_a_message_not_a_crash(login, sysadmin):
    # when
    response = login(sysadmin).get(reverse("accounts:audit_list"), {"date_to": "9999-12-31"})
    # then
    assert response.status_code in (200, 400)
    assert "Tanggal tidak boleh setelah" in response.content.decode()
