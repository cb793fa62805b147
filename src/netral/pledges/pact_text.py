"""The one pact-text renderer (issue 8): the text an employee reads on the signing page,
the text whose SHA-256 the ledger and the signature keep, and the text printed on the PDF
receipt all come from ``render``. ``for_pegawai`` renders it before signing (live registry
data); ``for_signature`` renders it again from the signature's snapshot and the template
versions it signed, so the receipt prints what the hash covers.

Labels are Indonesian whatever the UI language, so the hash never depends on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext as _

from netral.pledges.models import sha256_hex

if TYPE_CHECKING:
    from netral.pledges.models import Campaign, PactTemplate, PledgeText, Signature
    from netral.registry.models import Pegawai

NIP_LENGTH = 18  # NIP: 18 digits (PP 11/2017); an identifier of another length is a NIK


@dataclass(frozen=True)
class RenderedPact:
    """The pact as shown to one employee; ``text`` is exactly what ``sha256`` covers."""

    title: str
    identity: list[tuple[str, str]]
    opening: str
    points: list[str]
    closing: str
    pledge_title: str
    pledge_body: str
    text: str
    sha256: str


def render(
    *,
    campaign: Campaign,
    template: PactTemplate,
    pledge: PledgeText,
    nama: str,
    identifier: str,
    jabatan: str,
    unit_name: str,
) -> RenderedPact:
    with translation.override("id"):
        identity = [
            (_("Nama"), nama),
            (_("NIP") if len(identifier) == NIP_LENGTH else _("NIK"), identifier),
            (_("Jabatan"), jabatan),
            (_("Unit kerja"), unit_name),
            (_("Instansi"), campaign.instansi.nama),
        ]
    fill = {"{pemilihan}": campaign.election.nama, "{instansi}": campaign.instansi.nama}

    def subst(text: str) -> str:
        for k, v in fill.items():
            text = text.replace(k, v)
        return text

    opening, closing = subst(template.opening), subst(template.closing)
    points = [subst(p) for p in template.points]
    pledge_body = subst(pledge.body)
    lines = [template.title, ""]
    lines += [f"{label}: {value}" for label, value in identity]
    lines += ["", opening]
    lines += [f"{i}. {p}" for i, p in enumerate(points, start=1)]
    lines += [closing, "", pledge.title, pledge_body]
    text = "\n".join(lines)
    return RenderedPact(
        title=template.title,
        identity=identity,
        opening=opening,
        points=points,
        closing=closing,
        pledge_title=pledge.title,
        pledge_body=pledge_body,
        text=text,
        sha256=sha256_hex(text),
    )


def for_pegawai(*, campaign: Campaign, pegawai: Pegawai) -> RenderedPact:
    """What ``pegawai`` reads and signs in ``campaign`` now."""
    return render(
        campaign=campaign,
        template=campaign.pact_template,
        pledge=campaign.pledge_text,
        nama=pegawai.nama,
        identifier=pegawai.identifier,
        jabatan=pegawai.jabatan,
        unit_name=pegawai.unit.full_name,
    )


def for_signature(signature: Signature) -> RenderedPact:
    """What ``signature`` signed: its snapshot of the employee and the template versions
    it names (frozen once a campaign uses them)."""
    return render(
        campaign=signature.campaign,
        template=signature.pact_template,
        pledge=signature.pledge_text,
        nama=signature.nama,
        identifier=signature.identifier,
        jabatan=signature.jabatan,
        unit_name=signature.unit_name,
    )
