"""The authorization module scopes employees by role (issue #2: an OPD admin cannot see
employees of another OPD)."""

from netral.accounts import authz
from netral.accounts.roles import Perm
from netral.registry import selectors
from netral.registry.tests.factories import PegawaiFactory


def test_opd_admin_sees_only_own_subtree(opd_disdik, bidang_sd, dinkes_karimun, dinkes_natuna):
    # given
    mine = PegawaiFactory(unit=bidang_sd)
    other_opd = PegawaiFactory(unit=dinkes_karimun)
    other_region = PegawaiFactory(unit=dinkes_natuna)
    # when
    visible = set(selectors.pegawai_visible_to(user=opd_disdik))
    # then
    assert mine in visible
    assert other_opd not in visible
    assert other_region not in visible


def test_hr_admin_sees_whole_agency_not_other_agency(
    hr_karimun, bidang_sd, dinkes_karimun, dinkes_natuna
):
    a, b, c = (
        PegawaiFactory(unit=bidang_sd),
        PegawaiFactory(unit=dinkes_karimun),
        PegawaiFactory(unit=dinkes_natuna),
    )
    visible = set(selectors.pegawai_visible_to(user=hr_karimun))
    assert {a, b} <= visible and c not in visible


def test_bawaslu_region_scope(bawaslu_karimun, bidang_sd, dinkes_natuna):
    a, c = PegawaiFactory(unit=bidang_sd), PegawaiFactory(unit=dinkes_natuna)
    visible = set(selectors.pegawai_visible_to(user=bawaslu_karimun))
    assert a in visible and c not in visible


def test_employee_sees_only_self(asn_karimun, bidang_sd):
    colleague = PegawaiFactory(unit=bidang_sd)
    visible = list(selectors.pegawai_visible_to(user=asn_karimun))
    assert visible == [asn_karimun.pegawai]
    assert colleague not in visible


def test_user_without_roles_sees_nothing(db, bidang_sd):
    from netral.accounts.tests.factories import UserFactory

    PegawaiFactory(unit=bidang_sd)
    nobody = UserFactory(username="nobody")
    assert not selectors.pegawai_visible_to(user=nobody).exists()
    assert not authz.has_perm(nobody, Perm.REGISTRY_VIEW)


def test_identity_permission_only_by_explicit_grant(bawaslu_karimun):
    assert not authz.has_perm(bawaslu_karimun, Perm.REPORT_IDENTITY)
    a = bawaslu_karimun.role_assignments.get()
    a.extra_perms = [Perm.REPORT_IDENTITY]
    a.save()
    del bawaslu_karimun._netral_assignments
    assert authz.has_perm(bawaslu_karimun, Perm.REPORT_IDENTITY)
