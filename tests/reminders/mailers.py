"""A real Django mail backend for tests: a mail server that refuses the first N messages."""

from smtplib import SMTPDataError

from django.core.mail.backends.locmem import EmailBackend


class FlakyMailServer(EmailBackend):
    """Fails `failures_left` times like an SMTP server answering "try again later" to the
    message, then delivers to the locmem outbox."""

    failures_left = 0
    attempts = 0

    def send_messages(self, messages):
        FlakyMailServer.attempts += 1
        if FlakyMailServer.failures_left > 0:
            FlakyMailServer.failures_left -= 1
            raise SMTPDataError(451, b"Try again later")
        return super().send_messages(messages)
