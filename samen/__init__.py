"""samen: the platform of a shared social-services organisation of Dutch municipalities."""

from samen.celery import app as celery_app

__all__ = ["celery_app"]
__version__ = "0.1.0"
