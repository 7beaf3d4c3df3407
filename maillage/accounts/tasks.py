"""E-mails leave in the background, after the transaction that asked for them commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from maillage.core import queue


@queue.register("accounts.send_templated_email")
@task()
def send_templated_email(
    *, to: str, subject: str, template: str, context: dict, language: str = "fr"
) -> None:
    with translation.override(language):
        body = render_to_string(template, {**context, "site_url": settings.SITE_URL})
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
