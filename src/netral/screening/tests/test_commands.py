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
