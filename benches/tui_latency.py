#!/usr/bin/env python3
"""Key-to-screen latency of the TUI as a user feels it: the release binary on a real pty (100x30), and for
each key the time from writing it to the first bytes of the redraw. Prints p50/p95/max per scenario.

    python3 benches/tui_latency.py [--bin target/release/vereint] [--rounds 3]

Scenarios:
  idle        a tour of every screen (Home, Catalogue, Detail, Compare, Examples, Reader, Events, Book,
              My bookings, Community, Admin, Help, search typing) with nothing else going on
  background  the same tour while a background job is outstanding: the directory is a socket that accepts
              and never answers, so the catalogue fetch started after the first frame waits the whole time

Target: p95 under 16 ms (one frame at 60 Hz) in every scenario. Exit status 1 when a key got no redraw.
"""
import argparse
import fcntl
import os
import pty
import select
import socket
import statistics
import struct
import sys
import tempfile
import termios
import time

# (key, what it does); every key changes the screen, so every key must produce a redraw
TOUR = [
    ("2", "catalogue"), ("j", "next tool"), ("\r", "tool detail"), ("j", "scroll"), ("\x1b", "back"),
    ("c", "mark"), ("j", "next tool"), ("c", "mark"), ("3", "compare"), ("4", "examples"),
    ("\r", "reader"), ("\x1b", "back"), ("5", "events"), ("j", "next date"), ("b", "book form"),
    ("\t", "next field"), ("\x1b", "back"), ("m", "my bookings"), ("\x1b", "back"), ("C", "community"),
    ("\x1b", "back"), ("A", "admin"), ("\x1b", "back"), ("?", "help"), ("\x1b", "back"), ("1", "home"),
    ("/", "search"), ("s", "type"), ("i", "type"), ("g", "type"), ("\x7f", "delete"), ("\x1b", "leave search"),
    ("L", "language"), ("L", "language"),
]
NO_REDRAW_MS = 3000.0


def silent_directory():
    """A listening socket that never accepts: connects succeed, no answer ever comes."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock, f"http://127.0.0.1:{sock.getsockname()[1]}"


def closed_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


def read_until_quiet(fd, quiet, limit=5.0):
    got = b""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        got += chunk
    return got


def run_tour(binary, directory_url, rounds):
    home = tempfile.mkdtemp(prefix="vereint-tui-latency-")
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "XDG_CONFIG_HOME": f"{home}/config",
        "XDG_CACHE_HOME": f"{home}/cache",
        "XDG_DATA_HOME": f"{home}/data",
        "LANG": "en_US.UTF-8",
        "TERM": "xterm-256color",
        "VEREINT_DIRECTORY__PUBLIC_URL": directory_url,
    }
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary, "--lang", "en"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    latencies = []
    missing = []
    try:
        first = read_until_quiet(fd, 1.0)
        if b"Welcome" not in first:
            raise SystemExit(f"the first frame was not drawn: {first[-300:]!r}")
        for _ in range(rounds):
            for key, what in TOUR:
                read_until_quiet(fd, 0.15)
                start = time.monotonic()
                os.write(fd, key.encode())
                ready, _, _ = select.select([fd], [], [], NO_REDRAW_MS / 1000)
                if ready:
                    latencies.append((time.monotonic() - start) * 1000)
                else:
                    latencies.append(NO_REDRAW_MS)
                    missing.append(what)
        os.write(fd, b"q")
        read_until_quiet(fd, 0.3)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    return latencies, missing


def summary(name, latencies):
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(round(len(ordered) * 0.95)) - 1)]
    return (
        f"tui_latency/{name}: keys {len(ordered)} p50 {statistics.median(ordered):.1f} ms "
        f"p95 {p95:.1f} ms max {ordered[-1]:.1f} ms (target p95 < 16 ms)",
        p95,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default="target/release/vereint")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    binary = os.path.abspath(args.bin)
    failed = False
    silent, silent_url = silent_directory()
    try:
        for name, url in [("idle", closed_port()), ("background", silent_url)]:
            latencies, missing = run_tour(binary, url, args.rounds)
            line, p95 = summary(name, latencies)
            print(line)
            if missing:
                print(f"  no redraw within {NO_REDRAW_MS:.0f} ms after: {', '.join(missing)}")
                failed = True
            failed |= p95 >= 16
    finally:
        silent.close()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
