"""A real SMTP server for vereint's mail tests: aiosmtpd with STARTTLS required and AUTH LOGIN/PLAIN.

    server.py DIR PORT CERT KEY USER PASSWORD [implicit]

Listens on 127.0.0.1:PORT (with "implicit": TLS from the first byte, as smtps:// speaks it), writes "ready" to stdout once it accepts connections, and stores each
message as DIR/mail-<n>.json: {"mail_from", "rcpt_tos", "data" (the raw message), "headers" (name,
value pairs as Python's email package decodes them), "parts" (each leaf part: content_type,
charset, method, disposition, filename, text)}, and the number of sessions that logged in so far
as DIR/sessions (one per connection: a client that reuses its connections logs in once each).
Faults come from the file
DIR/mode, read for every command so a test can switch them at run time:
  "451"             every DATA is answered 451 (transient; the sender must retry)
  "550 ADDRESS"     RCPT TO:<ADDRESS> is answered 550 (permanent, for that recipient only)
  anything else     normal delivery
Ends on SIGTERM or when its standard input closes (the test process died).
"""

import asyncio
import json
import logging
import os
import signal
import ssl
import sys
import threading
import warnings
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

# aiosmtpd logs a warning about its own use of Session.login_data on every AUTH, and one about
# AUTH without STARTTLS, which it cannot tell from AUTH over implicit TLS
logging.getLogger("mail.log").addFilter(
    lambda record: "login_data" not in record.getMessage()
    and "auth_require_tls == False" not in record.getMessage()
)

folder, port, cert, key, user, password = sys.argv[1:7]
implicit = sys.argv[7:] == ["implicit"]
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
counter = 0
sessions = 0
lock = threading.Lock()


def mode():
    try:
        with open(os.path.join(folder, "mode")) as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        m = mode()
        if m.startswith("550 ") and address == m[4:].strip():
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        global counter
        if mode() == "451":
            return "451 4.3.0 try again later"
        with lock:
            counter += 1
            n = counter
        msg = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        parts = []
        for part in msg.walk():
            if part.is_multipart():
                continue
            parts.append({
                "content_type": part.get_content_type(),
                "charset": part.get_content_charset(),
                "method": part.get_param("method"),
                "disposition": part.get_content_disposition(),
                "filename": part.get_filename(),
                "text": part.get_content() if part.get_content_maintype() == "text" else None,
            })
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.original_content.decode("utf-8", "replace"),
            "headers": [[k, str(v)] for k, v in msg.items()],
            "parts": parts,
        }
        tmp = os.path.join(folder, "tmp-%d" % n)
        with open(tmp, "w") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(folder, "mail-%06d.json" % n))
        return "250 2.0.0 queued as %d" % n


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == user
        and auth_data.password.decode() == password
    )
    if ok:
        global sessions
        with lock:
            sessions += 1
            tmp = os.path.join(folder, "sessions.tmp")
            with open(tmp, "w") as f:
                f.write(str(sessions))
            os.rename(tmp, os.path.join(folder, "sessions"))
    return AuthResult(success=ok)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)


class TlsController(Controller):
    def factory(self):
        return SMTP(
            self.handler,
            hostname="localhost",
            tls_context=None if implicit else context,
            require_starttls=not implicit,
            auth_required=True,
            # aiosmtpd counts only STARTTLS as TLS; with implicit TLS every byte is encrypted
            auth_require_tls=not implicit,
            authenticator=authenticator,
        )


controller = TlsController(
    Handler(),
    hostname="127.0.0.1",
    port=int(port),
    ssl_context=context if implicit else None,
)
controller.start()
print("ready", flush=True)

stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
stop.wait()
controller.stop()
