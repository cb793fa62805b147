"""The demo runner finds each app's demo.py through INSTALLED_APPS (issue 8)."""

import importlib.util

from django.apps import apps
from django.conf import settings

from netral.core.demo_runner import demo_modules


def test_every_installed_app_with_a_demo_module_is_run_once_in_order():
    names = [m.__name__ for m in demo_modules()]
    expected = {
        f"{c.name}.demo"
        for c in apps.get_app_configs()
        if c.name.startswith("netral.") and importlib.util.find_spec(f"{c.name}.demo")
    }
    assert set(names) == expected and len(names) == len(expected)
    assert "netral.core.demo_runner" not in names
    # INSTALLED_APPS order, except what a demo module asks for
    assert names[:3] == ["netral.registry.demo", "netral.accounts.demo", "netral.pledges.demo"]
    assert names.index("netral.screening.demo") < names.index("netral.cases.demo")
    assert names[-1] == "netral.analytics.demo"
    assert [n.rsplit(".", 1)[0] for n in names if n != "netral.analytics.demo"] == sorted(
        (n.rsplit(".", 1)[0] for n in names if n != "netral.analytics.demo"),
        key=lambda app: (
            settings.INSTALLED_APPS.index(app)
            if app != "netral.cases"
            else settings.INSTALLED_APPS.index("netral.screening") + 0.5
        ),
    )
