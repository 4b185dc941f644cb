"""A real SMTP server for tests: it listens on a free port, records every message it
takes, and can refuse a recipient, answer DATA with a temporary error, answer slowly,
or call a fault test's hook on each message.

Python 3.12 has no `smtpd`, and the exchange Django's SMTP backend has is small
(EHLO, MAIL, RCPT, DATA, QUIT), so this speaks it directly.
"""

import email
import socket
import socketserver
import threading
import time
from contextlib import closing


def free_port() -> int:
    """A port nothing listens on (it was free a moment ago): a mail server that is down."""
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        server = self.server
        recipients = []
        self.reply("220 recorder ready")
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 recorder")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip(" <>")
                if address in server.refuse:
                    self.reply("550 No such mailbox")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                message = email.message_from_bytes(b"".join(data))
                # A server may take the data and still answer badly; it was received.
                with server.lock:
                    server.received.append(message)
                if server.on_data is not None:
                    server.on_data(message)
                if server.delay:
                    time.sleep(server.delay)
                if server.fail_data_times > 0:
                    server.fail_data_times -= 1
                    self.reply("451 Try again later")
                else:
                    self.reply(f"250 Queued as {len(server.received)}")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Not implemented")


class RecordingSMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.received: list[email.message.Message] = []
        self.refuse: set[str] = set()
        self.fail_data_times = 0
        # A fault test's hook, called with each message as it is taken (before the reply),
        # and a pause before answering, to make a batch last long enough to break.
        self.on_data = None
        self.delay = 0.0
        self.lock = threading.Lock()
        self.port = self.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


def smtp_mailers(port: int) -> dict:
    """MAILERS that send to 127.0.0.1:`port` through the portal's SMTP backend, as production."""
    return {
        "default": {
            "BACKEND": "core.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


def tally(received, expected_ids) -> dict:
    """What a fault test counts: of the Message-IDs expected, how many arrived, how many
    more than once, and which never came (or came unexpected)."""
    counts: dict[str, int] = {}
    for message in received:
        counts[message["Message-ID"]] = counts.get(message["Message-ID"], 0) + 1
    expected = set(expected_ids)
    return {
        "expected": len(expected),
        "delivered": len(expected & counts.keys()),
        "duplicated": sum(n - 1 for key, n in counts.items() if key in expected),
        "lost": sorted(expected - counts.keys()),
        "unexpected": sorted(counts.keys() - expected),
    }
