app_name = "watch"
urlpatterns: list = []

# The aggregate pages (map, trend, note de veille, data protection documents).
from maillage.watch import urls_reports  # noqa: E402

urlpatterns += urls_reports.urlpatterns
