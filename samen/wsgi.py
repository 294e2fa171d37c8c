import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
application = get_wsgi_application()

from samen.access.checks import assert_production_safe as assert_audit_safe  # noqa: E402
from samen.organisation.checks import assert_production_safe  # noqa: E402

assert_production_safe()
assert_audit_safe()
