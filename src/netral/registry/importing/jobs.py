"""Import-job lifecycle helpers (the browser flow): where uploads wait, live progress,
failure. The job services are ``registry.services.import_job_*``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from netral.core.errors import CoreError, InvalidTransition
from netral.core.models import JobProgress
from netral.registry.models import ImportJob

log = logging.getLogger(__name__)


def import_dir() -> Path:
    """Where uploaded rosters wait between preview and confirmation (not web-served)."""
    path = Path(getattr(settings, "IMPORT_DIR", settings.VAR_DIR / "imports"))
    path.mkdir(parents=True, exist_ok=True)
    return path


class _ProgressWriter:
    """Writes ``JobProgress`` while the import transaction is open.

    PostgreSQL: through a second autocommit connection, so the UI sees live progress.
    SQLite: the import holds the only write lock, so intermediate updates are skipped.
    """

    def __init__(self, progress_id: int | None) -> None:
        self.progress_id = progress_id
        self.conn: Any = None
        if progress_id and connection.vendor == "postgresql":
            self.conn = connections.create_connection("default")

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.conn is None:
            return
        try:
            with self.conn.cursor() as c:
                c.execute(
                    "UPDATE core_jobprogress SET status = %s, done = %s, total = %s, "
                    "message = %s, updated_at = %s WHERE id = %s",
                    [
                        JobProgress.Status.RUNNING,
                        done,
                        total,
                        phase,
                        timezone.now(),
                        self.progress_id,
                    ],
                )
        except Exception:  # progress is best effort; the import must not fail for it
            log.exception("import progress update failed")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def _finish_progress(job: ImportJob, status: str, message: str = "") -> None:
    if job.progress_id:
        JobProgress.objects.filter(pk=job.progress_id).update(
            status=status, message=message, updated_at=timezone.now()
        )


class ImportUnitsNotConfirmed(InvalidTransition):
    """The preview lists new units and the user has not confirmed creating them."""

    def __init__(self) -> None:
        from django.utils.translation import gettext as _

        super().__init__(
            CoreError.MISSING_FIELDS,
            _("Centang persetujuan pembuatan unit kerja baru, atau perbaiki nama unitnya."),
        )


class ImportAlreadyClaimed(InvalidTransition):
    """The job was already confirmed (double submit) or is not ready."""

    def __init__(self, code: Any = CoreError.STALE_STATE, message: str | None = None) -> None:
        super().__init__(code, message)


def _fail(job: ImportJob, exc: Exception) -> None:
    from netral.registry.workflow import WORKFLOW

    try:
        WORKFLOW.apply(job, "fail", actor=None, updates={"result": {"crash": type(exc).__name__}})
    except InvalidTransition:
        log.warning("import job %s moved on before it could be marked failed", job.pk)
    _finish_progress(job, JobProgress.Status.FAILED, type(exc).__name__)
    _delete_file(job)


def _delete_file(job: ImportJob) -> None:
    Path(job.file_path).unlink(missing_ok=True)
