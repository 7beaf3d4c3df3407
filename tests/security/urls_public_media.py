"""The project's URLs as development serves them (DEBUG): with the public media route,
so that a test can prove /media/ reaches the public storage and nothing else."""

from maillage.core.files import public_media_urlpatterns
from maillage.urls import handler400, handler403, handler404, handler500  # noqa: F401
from maillage.urls import urlpatterns as project

urlpatterns = [*project, *public_media_urlpatterns()]
