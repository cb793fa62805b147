"""Accessibility stays at zero violations on the screening pages (issue 11 item 19):
axe-core (WCAG 2.1 A and AA) on a phone, as the Satgas member who screens, with the demo
file screened (a queue of flags, one dismissed, one confirmed into a temuan)."""

from __future__ import annotations

import pytest

from netral.core.models import JobProgress
from netral.core.tests.axe import walk
from netral.screening import services
from netral.screening.models import Post
from netral.screening.tests.conftest import DATA

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def test_screening_pages_have_no_violations(browser, live_server, satgas_kepri, election):
    # given: the demo file screened through the upload (the task runs on commit)
    data = (DATA / "demo_posts.csv").read_bytes()
    job = services.upload_start(
        election=election, data=data, filename="demo_posts.csv", actor=satgas_kepri
    )
    job.refresh_from_db()
    assert job.status == JobProgress.Status.DONE, job.message
    flagged = list(Post.objects.filter(status=Post.Status.PENDING).order_by("-score")[:3])
    services.flags_dismiss(posts=[flagged[1]], reason="Berita netral.", actor=satgas_kepri)
    services.flag_confirm(post=flagged[2], actor=satgas_kepri, note="Dukungan terbuka.")
    pages = [
        "/penyaringan/",
        "/penyaringan/unggah/",
        f"/penyaringan/pekerjaan/{job.pk}/",
        f"/penyaringan/unggahan/{flagged[0].pk}/",
        f"/penyaringan/unggahan/{flagged[1].pk}/",
        f"/penyaringan/unggahan/{flagged[2].pk}/",
        "/penyaringan/leksikon/",
        f"/penyaringan/leksikon/{election.pk}/",
    ]
    # then
    problems = walk(browser, live_server, satgas_kepri, pages)
    assert problems == [], "\n".join(problems)
