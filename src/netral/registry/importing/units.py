"""Unit resolution: a roster names units by code or by path ("Dinas > Bidang"); units named
by path are created on first sight, inside the import transaction."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from netral.registry import services
from netral.registry.importing.columns import _CODE_RE
from netral.registry.models import Instansi, UnitKerja
from netral.registry.selectors import ImportScope

if TYPE_CHECKING:
    from netral.accounts.models import User

MAX_LISTED_NEW_UNITS = 200


def _norm_segment(text: str) -> str:
    return " ".join(text.split())


class _UnitResolver:
    """Resolves a ``unit_kerja`` cell (code or ``A > B`` path) to (id, path, full name),
    creating missing path segments (top level as OPD) within the actor's scope."""

    def __init__(
        self,
        *,
        instansi: Instansi,
        scope: ImportScope,
        actor: User | None,
        before_write: Callable[[], None],
    ) -> None:
        self.instansi, self.scope, self.actor = instansi, scope, actor
        self.before_write = before_write
        self.by_code: dict[str, UnitKerja] = {}
        self.by_name: dict[str, UnitKerja] = {}
        for unit in UnitKerja.objects.filter(instansi=instansi).only(
            "id", "kode", "nama", "full_name", "path", "depth", "instansi_id"
        ):
            self._remember(unit)
        self.by_leaf: dict[str, UnitKerja | None] = {}  # None: the name is ambiguous
        for unit in list(self.by_name.values()):
            leaf = _norm_segment(unit.nama).casefold()
            self.by_leaf[leaf] = None if leaf in self.by_leaf else unit
        self.existing_names = [u.full_name for u in self.by_name.values()]
        self.cache: dict[str, tuple[int, str, str] | str] = {}
        self.created = 0
        # What the preview lists before the user confirms (issue 11 item 11).
        self.new_units: list[dict[str, str]] = []
        self._seq = len(self.by_code)

    def _remember(self, unit: UnitKerja) -> None:
        self.by_code[unit.kode] = unit
        self.by_name[unit.full_name.casefold()] = unit

    def _suggest(self, full_name: str) -> str:
        """The existing unit a new name most likely misspells ("Dinas Pendidkan" →
        "Dinas Pendidikan"), or ""."""
        folded = {n.casefold(): n for n in self.existing_names}
        hit = difflib.get_close_matches(full_name.casefold(), list(folded), n=1, cutoff=0.85)
        return folded[hit[0]] if hit else ""

    def resolve(self, value: str) -> tuple[int, str, str] | str:
        """(id, path, full name) or an error reason."""
        hit = self.cache.get(value)
        if hit is None:
            hit = self.cache[value] = self._resolve(value)
        return hit

    def _ok(self, unit: UnitKerja) -> tuple[int, str, str] | str:
        if not self.scope.allows(unit.path):
            return _("Unit kerja ini di luar kewenangan Anda.")
        return (unit.pk, unit.path, unit.full_name)

    def _resolve(self, value: str) -> tuple[int, str, str] | str:
        if value in self.by_code:
            return self._ok(self.by_code[value])
        if ">" not in value:
            if (unit := self.by_name.get(_norm_segment(value).casefold())) is not None:
                return self._ok(unit)
            # A unit named alone (a SIASN export's UNOR_NAMA): its unique leaf name.
            if (unit := self.by_leaf.get(_norm_segment(value).casefold())) is not None:
                return self._ok(unit)
            if _CODE_RE.match(value):
                return _("Kode unit kerja tidak dikenal di instansi ini.")
        segments = [_norm_segment(s) for s in value.split(">")]
        if any(not s for s in segments):
            return _("Jalur unit kerja memuat bagian kosong; tulis seperti 'Dinas A > Bidang B'.")
        if any(len(s) > 200 for s in segments):
            return _("Nama unit kerja paling panjang 200 karakter.")
        parent: UnitKerja | None = None
        for depth, segment in enumerate(segments):
            key = services.PATH_SEP.join(segments[: depth + 1]).casefold()
            unit = self.by_name.get(key)
            if unit is None:
                if not (self.scope.whole_agency or (parent and self.scope.allows(parent.path))):
                    return _("Unit kerja ini di luar kewenangan Anda.")
                created = self._create(segment, parent)
                if isinstance(created, str):
                    return created
                unit = created
            parent = unit
        assert parent is not None
        return self._ok(parent)

    def _create(self, nama: str, parent: UnitKerja | None) -> UnitKerja | str:
        self.before_write()
        while True:
            self._seq += 1
            kode = f"IMP{self._seq:05d}"
            if kode not in self.by_code:
                break
        try:
            unit = services.unit_create(
                instansi=self.instansi,
                nama=nama,
                kode=kode,
                jenis=UnitKerja.Jenis.OPD if parent is None else UnitKerja.Jenis.LAINNYA,
                parent=parent,
                actor=self.actor,
                audit_entry=False,
            )
        except ValidationError as exc:
            return " ".join(exc.messages)
        self.created += 1
        self._remember(unit)
        if len(self.new_units) < MAX_LISTED_NEW_UNITS:
            self.new_units.append(
                {"name": unit.full_name, "suggestion": self._suggest(unit.full_name)}
            )
        return unit
