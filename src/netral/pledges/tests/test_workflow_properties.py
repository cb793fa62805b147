"""Property test (issue 8): random transition sequences against the campaign workflow
never reach a state outside its table, and a refused step changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netral.pledges import workflow
from netral.pledges.errors import InvalidTransition
from netral.pledges.models import Campaign
from netral.pledges.tests.factories import make_campaign

pytestmark = pytest.mark.django_db

WF = workflow.CAMPAIGN_WORKFLOW
STEPS = sorted({t.name for t in WF.transitions} | {str(s) for s in Campaign.Status.values})


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.sampled_from(STEPS), max_size=6), with_stages=st.booleans())
def test_random_steps_stay_inside_the_table(karimun, hr_karimun, steps, with_stages):
    # given: a fresh draft campaign per example (one campaign per agency and election)
    Campaign.objects.filter(instansi=karimun).delete()
    campaign = make_campaign(instansi=karimun, activate=False)
    if not with_stages:
        campaign.stages.all().delete()
    for step in steps:
        before = campaign.status
        # when
        try:
            WF.apply(campaign, step, actor=hr_karimun)
        except InvalidTransition:
            # then: a refused step writes nothing
            campaign.refresh_from_db()
            assert campaign.status == before
            continue
        # then: the move is a row of the table, and the row agrees with memory
        campaign.refresh_from_db()
        assert campaign.status in WF.states
        assert campaign.status in WF.targets(before)
