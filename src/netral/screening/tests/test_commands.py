"""manage.py screen_posts writes the issue's exact columns; bad rows stop it with lines."""

from __future__ import annotations

import csv

import pytest
from django.core.management import CommandError, call_command

from netral.registry.models import AkunMedsos
from netral.registry.tests.factories import PegawaiFactory
from netral.screening.tests.conftest import DATA

HEADER = "post_id,platform,author_handle,action,text,target_text,posted_at\n"


def test_screen_posts_writes_results(tmp_path, bidang_sd):
    # given an employee's declared account and a small file
    pegawai = PegawaiFactory(unit=bidang_sd, nama="Budi Kurniawan")
    AkunMedsos.objects.create(pegawai=pegawai, platform="x", handle="budi_k")
    posts = tmp_path / "posts.csv"
    posts.write_text(
        HEADER
        + 'a1,x,budi_k,post,"Ayo coblos nomor 2, Ahmad Fauzan pasti menang!",,2024-10-01T09:00:00+07:00\n'
        + "a2,x,lain,post,Selamat pagi semua,,2024-10-01T09:00:00+07:00\n",
        encoding="utf-8",
    )
    out = tmp_path / "results.csv"
    # when
    call_command(
        "screen_posts", str(posts), election=str(DATA / "lexicon_demo_kepri2024.json"), out=str(out)
    )
    # then
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == [
        "post_id",
        "partisan",
        "partisan_score",
        "hate",
        "hate_score",
        "hoax",
        "hoax_score",
        "employee_nip",
        "explanation",
    ]
    assert rows[0]["partisan"] == "1" and rows[0]["employee_nip"] == pegawai.nip
    assert rows[1]["partisan"] == "0" and rows[1]["employee_nip"] == ""


def test_screen_posts_refuses_bad_rows(tmp_path, db):
    posts = tmp_path / "posts.csv"
    posts.write_text(HEADER + "a1,x,u,shout,teks,,2024-10-01T09:00:00+07:00\n", encoding="utf-8")
    with pytest.raises(CommandError, match="baris 2"):
        call_command(
            "screen_posts",
            str(posts),
            election=str(DATA / "lexicon_demo_kepri2024.json"),
            out=str(tmp_path / "o.csv"),
        )


def test_start_up_does_not_load_the_ml_stack():
    # given a fresh interpreter (issue 11 item 17 / issue 15 item 3: every manage.py
    # command paid for scikit-learn because screening imported it at start-up)
    import os
    import subprocess
    import sys

    code = (
        "import sys, django; django.setup(); "
        "print(','.join(m for m in ('sklearn', 'scipy', 'numpy', 'joblib') if m in sys.modules))"
    )
    from pathlib import Path

    import netral

    src = str(Path(netral.__file__).resolve().parent.parent)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "netral.settings", "PYTHONPATH": src}
    # when
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    # then
    assert out.stdout.strip() == ""
