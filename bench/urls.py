"""The product's URLs plus the trivial baseline view. Only `bench.settings` loads this
module, so the baseline never appears among the product's URLs."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from maillage import urls as product_urls


def trivial(request: HttpRequest) -> HttpResponse:
    """No query, no template: whatever time it takes is the middleware's."""
    return HttpResponse("ok", content_type="text/plain")


TRIVIAL_PATH = "/__bench__/trivial/"

urlpatterns = [
    path(TRIVIAL_PATH.strip("/") + "/", trivial, name="bench_trivial"),
    *product_urls.urlpatterns,
]

handler400 = product_urls.handler400
handler403 = product_urls.handler403
handler404 = product_urls.handler404
handler500 = product_urls.handler500
