from django.urls import path

from maillage.community import urls_library
from maillage.community.views import communication, events, news

app_name = "community"

T = "territoires/<slug:territory_slug>/"
N = T + "actualites/"
E = T + "evenements/"
C = T + "communication/"

urlpatterns = [
    # News
    path(N, news.post_list, name="posts"),
    path(N + "flux.atom", news.posts_atom, name="posts_atom"),
    path(N + "nouvelle/", news.post_create, name="post_create"),
    path(N + "reglages/", news.settings_page, name="settings"),
    path(N + "<int:pk>/", news.post_detail, name="post"),
    path(N + "<int:pk>/modifier/", news.post_update, name="post_update"),
    path(N + "<int:pk>/publier/", news.post_publish, name="post_publish"),
    path(N + "<int:pk>/valider/", news.post_validate, name="post_validate"),
    path(N + "<int:pk>/retirer/", news.post_unpublish, name="post_unpublish"),
    path(N + "<int:pk>/accord/", news.post_sign, name="post_sign"),
    # Public events
    path(E, events.event_list, name="events"),
    path(E + "evenements.ics", events.events_ics, name="events_ics"),
    path(E + "nouveau/", events.event_create, name="event_create"),
    path(E + "<int:pk>/", events.event_detail, name="event"),
    path(E + "<int:pk>/evenement.ics", events.event_ics, name="event_ics"),
    path(E + "<int:pk>/modifier/", events.event_update, name="event_update"),
    path(E + "<int:pk>/publier/", events.event_publish, name="event_publish"),
    path(E + "<int:pk>/valider/", events.event_validate, name="event_validate"),
    path(E + "<int:pk>/annuler/", events.event_cancel, name="event_cancel"),
    path(E + "<int:pk>/accord/", events.event_sign, name="event_sign"),
    path(E + "<int:pk>/inscription/", events.event_register, name="event_register"),
    path(E + "<int:pk>/inscriptions/", events.event_registrations, name="event_registrations"),
    path(
        E + "inscriptions/<int:pk>/annuler/",
        events.registration_cancel,
        name="registration_cancel",
    ),
    path(E + "inscriptions/<uuid:token>/", events.registration_token, name="registration_token"),
    # Co-branded communication
    path(C, communication.communication_list, name="communications"),
    path(C + "nouvelle/", communication.communication_create, name="communication_create"),
    path(C + "<int:pk>/", communication.communication_detail, name="communication"),
    path(C + "<int:pk>/modifier/", communication.communication_update, name="communication_update"),
    path(
        C + "<int:pk>/demander-les-accords/",
        communication.communication_request,
        name="communication_request",
    ),
    path(C + "<int:pk>/accord/", communication.communication_sign, name="communication_sign"),
    path(C + "<int:pk>/document.pdf", communication.communication_pdf, name="communication_pdf"),
]
urlpatterns += urls_library.urlpatterns  # the library, the one search, notifications
