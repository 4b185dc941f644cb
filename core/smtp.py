"""Django's SMTP backend, keeping the mail server's answer to each message.

The outbox records that answer (e.g. "250 2.0.0 Ok: queued as 4F2…"), so that when
someone says an e-mail never came, the administrators can show which server took
it and under what reference. Django's backend drops it.
"""

import smtplib

from django.core.mail.backends import smtp


class _KeepsDataReply:
    data_reply = ""

    def data(self, msg):
        code, reply = super().data(msg)
        self.data_reply = f"{code} {reply.decode(errors='replace')}"
        return code, reply


class _SMTP(_KeepsDataReply, smtplib.SMTP):
    pass


class _SMTPSSL(_KeepsDataReply, smtplib.SMTP_SSL):
    pass


class EmailBackend(smtp.EmailBackend):
    """As Django's, and after each message `message.server_reply` holds the server's answer."""

    @property
    def connection_class(self):
        return _SMTPSSL if self.use_ssl else _SMTP

    def _send(self, email_message):
        sent = super()._send(email_message)
        email_message.server_reply = getattr(self.connection, "data_reply", "")
        return sent
