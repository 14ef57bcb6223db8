"""Background tasks of the core: e-mail delivery."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task


@task()
def send_email_task(
    *, subject: str, body: str, to: list[str], reply_to: list[str] | None = None
) -> int:
    """Send one plain-text e-mail through the configured backend (EMAIL_URL)."""
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to, reply_to=reply_to
    )
    return message.send()
