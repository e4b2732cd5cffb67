"""A system check that says, in development, that the secret key is the public one."""

from typing import Any

from django.conf import settings
from django.core.checks import Warning, register

PUBLIC_KEY_WARNING = (
    "SECRET_KEY is the public development key: anyone can forge a staff session or a signed "
    "link with it. Set SECRET_KEY (and ANNUAL_REVIEW_ENV=production) before anyone else can "
    "reach this site."
)


@register()
def secret_key_public(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Shown by runserver, serve, migrate and check (once per command) while the key is public."""
    if settings.SECRET_KEY != settings.DEVELOPMENT_SECRET_KEY:
        return []
    return [Warning(PUBLIC_KEY_WARNING, id="annual_review.W001")]
