#!/usr/bin/env python3
"""Tiny caching HTTP proxy for the test hosts' apt.

Forwards GET/HEAD only to the Debian mirror (deb.debian.org, security.debian.org, port 80) and refuses
everything else (other hosts, CONNECT, other methods) with 403/405. Immutable files (pool/, by-hash/) are
cached forever under --cache; other index files for --index-ttl seconds. Stops on SIGTERM.
"""
import argparse
import hashlib
import http.client
import os
import signal
import sys
import tempfile
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ALLOWED_HOSTS = {"deb.debian.org", "security.debian.org"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "vereint-aptproxy/1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def _refuse(self, code, msg):
        body = (msg + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_CONNECT(self):
        self._refuse(405, "CONNECT not allowed")

    def do_POST(self):
        self._refuse(405, "method not allowed")

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_POST

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.scheme != "http" or url.hostname not in ALLOWED_HOSTS or url.port not in (None, 80):
            return self._refuse(403, "only http://deb.debian.org and http://security.debian.org are allowed")
        path = url.path + (("?" + url.query) if url.query else "")
        immutable = "/pool/" in url.path or "/by-hash/" in url.path
        key = hashlib.sha256(f"{url.hostname}{path}".encode()).hexdigest()
        cfile = os.path.join(self.server.cache, key[:2], key)
        if os.path.exists(cfile) and (immutable or time.time() - os.path.getmtime(cfile) < self.server.index_ttl):
            return self._send_file(cfile)
        try:
            conn = http.client.HTTPConnection(url.hostname, 80, timeout=60)
            conn.request(self.command if self.command == "HEAD" else "GET", path,
                         headers={"Host": url.hostname, "User-Agent": "vereint-aptproxy/1"})
            resp = conn.getresponse()
        except OSError as e:
            return self._refuse(502, f"upstream error: {e}")
        try:
            if resp.status != 200 or self.command == "HEAD":
                body = resp.read() if self.command != "HEAD" else b""
                self.send_response(resp.status)
                for h in ("Content-Type", "Last-Modified", "Location"):
                    if resp.getheader(h):
                        self.send_header(h, resp.getheader(h))
                self.send_header("Content-Length", resp.getheader("Content-Length", str(len(body)))
                                 if self.command == "HEAD" else str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)
                return
            os.makedirs(os.path.dirname(cfile), exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=os.path.dirname(cfile))
            with os.fdopen(fd, "wb") as out:
                while True:
                    chunk = resp.read(65536)
                    if not chunk:
                        break
                    out.write(chunk)
            os.replace(tmp, cfile)
        finally:
            conn.close()
        self._send_file(cfile)

    def _send_file(self, cfile):
        size = os.path.getsize(cfile)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        if self.command == "HEAD":
            return
        with open(cfile, "rb") as f:
            while True:
                chunk = f.read(65536)
                if not chunk:
                    break
                self.wfile.write(chunk)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", required=True)
    ap.add_argument("--port", type=int, default=3142)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--index-ttl", type=int, default=3600)
    a = ap.parse_args()
    os.makedirs(a.cache, exist_ok=True)
    srv = ThreadingHTTPServer((a.listen, a.port), Handler)
    srv.daemon_threads = True
    srv.cache = a.cache
    srv.index_ttl = a.index_ttl
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    srv.serve_forever()


if __name__ == "__main__":
    main()
