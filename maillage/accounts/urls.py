from django.urls import path

from maillage.accounts import proconnect_views, views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("langue/", views.set_language, name="set_language"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("proconnect/connexion/", proconnect_views.start, name="proconnect_start"),
    path("proconnect/retour/", proconnect_views.callback, name="proconnect_callback"),
    path(
        "proconnect/deconnexion/retour/",
        proconnect_views.logout_return,
        name="proconnect_logout_return",
    ),
    path(
        "territoires/<slug:territory_slug>/demandes-de-rattachement/",
        proconnect_views.organisation_requests,
        name="organisation_requests",
    ),
    path(
        "territoires/<slug:territory_slug>/demandes-de-rattachement/<int:pk>/",
        proconnect_views.organisation_request_decide,
        name="organisation_request_decide",
    ),
    path("mot-de-passe-oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reinitialiser/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reinitialiser/termine/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("inscription/", views.signup, name="signup"),
    path("inscription/envoyee/", views.signup_done, name="signup_done"),
    path("inscription/confirmer/<str:token>/", views.verify_email, name="verify_email"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("compte/", views.profile, name="profile"),
    path("compte/mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"),
    path("compte/mes-donnees/", views.personal_data_export, name="personal_data"),
    path("compte/supprimer/", views.delete_account, name="delete_account"),
    path("compte/securite/", views.mfa_setup, name="mfa_setup"),
    path("compte/verification/", views.mfa_verify, name="mfa_verify"),
    path("compte/securite/codes-de-secours/", views.mfa_backup_codes, name="mfa_backup_codes"),
    path("territoires/<slug:territory_slug>/invitations/", views.invitations, name="invitations"),
    path(
        "territoires/<slug:territory_slug>/invitations/<int:pk>/annuler/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
