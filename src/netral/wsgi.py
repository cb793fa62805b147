import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netral.settings")
application = get_wsgi_application()

# Production refuses to serve without its shared keys (never generated per host) and without
# SITE_URL (receipts, QR codes and e-mails need it).
from django.conf import settings  # noqa: E402

from netral.core.env import require_production_secrets, require_site_url  # noqa: E402

require_production_secrets(settings.NETRAL_MISSING_SECRETS)
require_site_url(settings.SITE_URL)
