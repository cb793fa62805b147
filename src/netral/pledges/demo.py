"""Demo pledge campaign for Pemkab Karimun, Pilkada 2024 (issue 3 §7).

Stage 1 (heads of OPD and camat) complete, stage 2 (all ASN) opened by itself and
partly signed, stage 3 (non-ASN) waiting for its threshold, one *apel ikrar* recorded.
Every signature goes through ``services.pact_sign`` and so through the real ledger.
``kadis.karimun`` has signed in stage 1; ``pegawai.karimun`` is in stage 2 and has not
signed, so a visitor can sign as them.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from netral.pledges import selectors, services, workflow
from netral.pledges.models import Campaign, Election, PactTemplate, PledgeText, Signature, Stage
from netral.registry.demo import DemoContext
from netral.registry.models import Pegawai

STAGE2_SIGNED_SHARE = 0.3


def seed(ctx: DemoContext) -> None:
    karimun = ctx.instansi["21.02"]
    hr = ctx.users["bkpsdm.karimun"]
    campaign = services.campaign_create(
        instansi=karimun,
        election=Election.objects.get(kode="pilkada-2024"),
        nama="Ikrar Netralitas ASN Pemkab Karimun — Pemilihan Serentak 2024",
        place="Tanjung Balai Karimun",
        pledge_text=PledgeText.objects.filter(kode="ikrar-netralitas-asn").order_by("-version")[0],
        pact_template=PactTemplate.objects.filter(kode="pakta-integritas-netralitas").order_by(
            "-version"
        )[0],
        bawaslu_notified_on=dt.date(2024, 9, 2),
        actor=hr,
    )
    services.stage_add(
        campaign=campaign,
        nama="Kepala OPD dan camat",
        tingkat_jabatan=[Pegawai.Tingkat.JPT, Pegawai.Tingkat.ADMINISTRATOR],
        opd_level_only=True,
        open_rule=Stage.OpenRule.DATE,
        opens_on=dt.date(2024, 9, 9),
        deadline=dt.date(2024, 9, 13),
        actor=hr,
    )
    services.stage_add(
        campaign=campaign,
        nama="Seluruh ASN (PNS, CPNS, PPPK)",
        jenis_pegawai=[Pegawai.Jenis.PNS, Pegawai.Jenis.CPNS, Pegawai.Jenis.PPPK],
        open_rule=Stage.OpenRule.THRESHOLD,
        threshold_percent=100,
        deadline=dt.date(2024, 9, 27),
        actor=hr,
    )
    services.stage_add(
        campaign=campaign,
        nama="Pegawai non-ASN (PPNPN, honorer, PTT, THL)",
        jenis_pegawai=[Pegawai.Jenis.NON_ASN],
        open_rule=Stage.OpenRule.THRESHOLD,
        threshold_percent=80,
        deadline=dt.date(2024, 10, 11),
        actor=hr,
    )
    workflow.campaign_transition(campaign=campaign, to=Campaign.Status.ACTIVE, actor=hr)
    campaign = Campaign.objects.select_related(
        "instansi", "election", "pledge_text", "pact_template"
    ).get(pk=campaign.pk)
    stage1, stage2 = campaign.stages.order_by("order")[:2]

    clock = dt.datetime(2024, 9, 9, 8, 30, tzinfo=timezone.get_current_timezone())
    heads = list(selectors.stage_audience(stage1).select_related("unit").order_by("unit__kode"))
    for i, pegawai in enumerate(heads):
        _sign(campaign, pegawai, clock + dt.timedelta(minutes=7 * i))
    # Stage 2 opens by itself once every head has signed (threshold 100 %); the seed
    # runs in one transaction, so call the same check the post-commit hook runs.
    workflow.stages_open_due(campaign_id=campaign.pk)

    keep_unsigned = {u.pegawai_id for u in ctx.users.values() if u.pegawai_id}
    candidates = [
        p
        for p in selectors.stage_audience(stage2)
        .select_related("unit")
        .exclude(pledge_signatures__campaign=campaign)
        .order_by("id")
        if p.pk not in keep_unsigned
    ]
    chosen = ctx.rng.sample(candidates, int(len(candidates) * STAGE2_SIGNED_SHARE))
    clock = dt.datetime(2024, 9, 16, 7, 45, tzinfo=timezone.get_current_timezone())
    for i, pegawai in enumerate(sorted(chosen, key=lambda p: p.pk)):
        _sign(campaign, pegawai, clock + dt.timedelta(minutes=3 * i + ctx.rng.randint(0, 2)))

    ceremony = services.ceremony_record(
        campaign=campaign,
        held_on=dt.date(2024, 9, 16),
        place="Halaman Kantor Bupati Karimun",
        leader="Sekretaris Daerah Kabupaten Karimun",
        notes="Apel ikrar netralitas ASN menjelang masa kampanye Pemilihan Serentak 2024.",
        actor=hr,
    )
    attendees = [p.pk for p in heads] + [p.pk for p in chosen[:150]]
    services.ceremony_mark(ceremony=ceremony, pegawai_ids=attendees, actor=hr)
    ctx.extra["pledge_campaign"] = campaign


def _sign(campaign: Campaign, pegawai: Pegawai, when: dt.datetime) -> Signature:
    signature, _created = services.pact_sign(
        campaign=campaign,
        pegawai=pegawai,
        actor=None,
        method=Signature.Method.DEMO,
        now=when,
    )
    return signature
