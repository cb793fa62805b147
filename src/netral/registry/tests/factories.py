"""factory_boy factories for the registry (house style §12)."""

from __future__ import annotations

import datetime as dt

import factory

from netral.registry.models import Instansi, Pegawai, Region, UnitKerja
from netral.registry.services import unit_tree_fields


def make_nip(
    n: int, *, birth: dt.date = dt.date(1985, 3, 14), gender: str = "1", month: int = 1
) -> str:
    """A valid NIP whose sequence (and, beyond 999, birth day) varies with ``n``."""
    day = birth + dt.timedelta(days=n // 999)
    return f"{day:%Y%m%d}{day.year + 25:04d}{month:02d}{gender}{n % 999 + 1:03d}"


def make_nik(
    n: int, *, region: str = "210201", birth: dt.date = dt.date(1990, 5, 17), female: bool = False
) -> str:
    day = birth + dt.timedelta(days=n // 9999)
    dd = day.day + (40 if female else 0)
    return f"{region}{dd:02d}{day:%m%y}{n % 9999 + 1:04d}"


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi
        django_get_or_create = ("kode",)

    kode = "21.02"
    nama = "Pemerintah Kabupaten Karimun"
    jenis = Instansi.Jenis.PEMKAB
    region = factory.LazyAttribute(lambda o: Region.objects.filter(kode=o.kode).first())


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja

    instansi = factory.SubFactory(InstansiFactory)
    parent = None
    nama = factory.Sequence(lambda n: f"Dinas {n}")
    kode = factory.Sequence(lambda n: f"T{n:04d}")
    jenis = UnitKerja.Jenis.OPD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        parent = kwargs.get("parent")
        kwargs.update(unit_tree_fields(parent=parent, nama=kwargs["nama"]))
        obj = model_class(*args, **kwargs)
        obj.path = ""
        obj.save()
        obj.path = f"{parent.path if parent else '/'}{obj.pk}/"
        obj.save(update_fields=["path"])
        return obj


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai

    unit = factory.SubFactory(UnitKerjaFactory)
    instansi = factory.LazyAttribute(lambda o: o.unit.instansi)
    unit_path = factory.LazyAttribute(lambda o: o.unit.path)
    nip = factory.Sequence(make_nip)
    nik = None
    nama = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    jenis_pegawai = Pegawai.Jenis.PNS
    jabatan = "Pengadministrasi Umum"
    tingkat_jabatan = Pegawai.Tingkat.PELAKSANA

    class Params:
        non_asn = factory.Trait(
            jenis_pegawai=Pegawai.Jenis.NON_ASN,
            nip=None,
            nik=factory.Sequence(make_nik),
            tingkat_jabatan=Pegawai.Tingkat.NON_ASN,
            jabatan="Tenaga Honorer",
        )
