import pytest

from netral.cases.selectors import sanctions_offered
from netral.reports.models import ViolationType

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("jenis", ["PNS", "CPNS", "PPPK", "NON_ASN"])
def test_sanctions_offered_match_type_category_and_level(jenis):
    for vt in ViolationType.objects.filter(version__is_active=True):
        offered = list(sanctions_offered(violation_type=vt, jenis_pegawai=jenis))
        assert offered, (vt.code, jenis)
        expected_employment = {"PNS": "PNS", "CPNS": "PNS", "PPPK": "PPPK", "NON_ASN": "NON_ASN"}[
            jenis
        ]
        assert {s.employment for s in offered} == {expected_employment}
        if jenis in ("PNS", "CPNS"):
            if vt.category == "ETIKA":
                assert all(s.is_moral for s in offered)
            else:
                assert not any(s.is_moral for s in offered)
                assert {s.level for s in offered} == {vt.discipline_level}
        else:
            assert not any(s.is_moral for s in offered)


def test_the_corrected_catalogue():
    active = ViolationType.objects.filter(version__is_active=True)
    assert active.filter(category="ETIKA").count() == 7
    approach = active.get(code="DISIPLIN-SKB-3")
    assert approach.category == "DISIPLIN" and approach.discipline_level == "SEDANG"
    assert (
        active.filter(code__startswith="DISIPLIN-SKB").count()
        + active.filter(code="PARPOL").count()
        >= 11
    )
    levels = dict(
        active.filter(code__startswith="DISIPLIN-5N").values_list("code", "discipline_level")
    )
    assert levels == {f"DISIPLIN-5N-{i}": ("SEDANG" if i <= 2 else "BERAT") for i in range(1, 8)}
