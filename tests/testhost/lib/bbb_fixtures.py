"""Fixture server for the BigBlueButton contract test (tests/testhost, on the test machine).

Serves the stand-ins from a directory (GET /<path>) and answers GET /probe?token=T by fetching
http://TARGET/.well-known/acme-challenge/T from outside the host, as Let's Encrypt's HTTP-01 check
does: 200 when the token comes back, 502 otherwise (port 80 closed or not served).
  python3 bbb_fixtures.py --bind ADDR --port PORT --dir DIR --target HOST_IP
"""
import argparse
import http.server
import re
import urllib.parse
import urllib.request


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bind", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--target", required=True)
    a = ap.parse_args()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kw):
            super().__init__(*args, directory=a.dir, **kw)

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path != "/probe":
                return super().do_GET()
            token = urllib.parse.parse_qs(url.query).get("token", [""])[0]
            ok = False
            if re.fullmatch(r"[0-9a-f]{8,64}", token):
                try:
                    with urllib.request.urlopen(
                        f"http://{a.target}/.well-known/acme-challenge/{token}", timeout=5
                    ) as r:
                        ok = r.read(200).decode(errors="replace") == token
                except OSError:
                    ok = False
            self.send_response(200 if ok else 502)
            self.send_header("Content-Length", "0")
            self.end_headers()
            with open(f"{a.dir}/probes.log", "a") as log:
                log.write(f"{'ok' if ok else 'unreachable'}\n")

    http.server.ThreadingHTTPServer((a.bind, a.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
