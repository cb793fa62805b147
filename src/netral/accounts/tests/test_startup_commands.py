"""A newcomer's start-up (issue 11 item 17): the demo accounts table names the right
interpreter, and ``totp_code`` answers fast."""

from __future__ import annotations

import io
import os
import sys
import time

from django.core.management import call_command

from netral.accounts.management.commands.totp_code import Command as TotpCode


def test_totp_code_skips_system_checks_and_answers_quickly(sysadmin):
    # given
    out = io.StringIO()
    assert TotpCode.requires_system_checks == []
    # when
    started = time.perf_counter()
    call_command("totp_code", sysadmin.username, stdout=out)
    # then
    assert time.perf_counter() - started < 2
    assert out.getvalue().strip().isdigit()


def test_accounts_table_names_the_interpreter_that_runs_it(sysadmin):
    # given
    out = io.StringIO()
    # when
    call_command("seed_demo", "--accounts-only", stdout=out)
    # then
    text = out.getvalue()
    assert "sysadmin" in text
    expected = os.path.relpath(sys.executable)
    expected = sys.executable if expected.startswith("..") else expected
    assert f"{expected} manage.py totp_code" in text
    assert " python manage.py" not in text
