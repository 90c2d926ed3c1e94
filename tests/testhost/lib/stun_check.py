#!/usr/bin/env python3
"""Minimal STUN/TURN client for the role tests (RFC 5389/5766, TURN REST credentials).

  stun_check.py binding HOST PORT
      Binding request over UDP; prints the XOR-MAPPED-ADDRESS. Exit 0 on a success response.
  stun_check.py turn-deny HOST PORT SECRET PEER_IP [PEER_IP...]
      Allocate with REST credentials from SECRET (must succeed: proves the secret), then CreatePermission for
      each PEER_IP (must be refused with 403). CreatePermission sends nothing to the peer.
      Exit 0 when all refusals happen, 1 otherwise.
Only talks to HOST (one of our own test hosts).
"""
import base64
import hashlib
import hmac
import ipaddress
import os
import socket
import struct
import sys
import time

MAGIC = 0x2112A442
BINDING, ALLOCATE, CREATE_PERMISSION = 0x0001, 0x0003, 0x0008
A_MAPPED, A_USERNAME, A_MI, A_ERROR, A_PEER, A_REALM, A_NONCE, A_RELAYED, A_TRANSPORT, A_XOR_MAPPED = (
    0x0001, 0x0006, 0x0008, 0x0009, 0x0012, 0x0014, 0x0015, 0x0016, 0x0019, 0x0020)


def attr(t, v):
    pad = (4 - len(v) % 4) % 4
    return struct.pack("!HH", t, len(v)) + v + b"\0" * pad


def build(mtype, tid, attrs, key=None):
    body = b"".join(attr(t, v) for t, v in attrs)
    if key is not None:
        hdr = struct.pack("!HHI12s", mtype, len(body) + 24, MAGIC, tid)
        body += attr(A_MI, hmac.new(key, hdr + body, hashlib.sha1).digest())
    return struct.pack("!HHI12s", mtype, len(body), MAGIC, tid) + body


def parse(data, tid):
    mtype, length, magic, rtid = struct.unpack("!HHI12s", data[:20])
    if magic != MAGIC or rtid != tid:
        raise ValueError("not our response")
    attrs, i = {}, 20
    while i + 4 <= 20 + length:
        t, ln = struct.unpack("!HH", data[i:i + 4])
        attrs.setdefault(t, data[i + 4:i + 4 + ln])
        i += 4 + ln + (4 - ln % 4) % 4
    return mtype, attrs


def xor_addr(v):
    fam, port = v[1], struct.unpack("!H", v[2:4])[0] ^ (MAGIC >> 16)
    if fam != 1:
        return ("ipv6", port)
    ip = struct.unpack("!I", v[4:8])[0] ^ MAGIC
    return (str(ipaddress.IPv4Address(ip)), port)


def xor_peer(ip, port=9):
    a = int(ipaddress.IPv4Address(ip)) ^ MAGIC
    return struct.pack("!BBHI", 0, 1, port ^ (MAGIC >> 16), a)


def error_code(attrs):
    v = attrs.get(A_ERROR)
    if not v:
        return None
    return (v[2] & 0x7) * 100 + v[3]


def transact(sock, msg, tid, tries=3):
    for _ in range(tries):
        sock.send(msg)
        end = time.monotonic() + 2
        while time.monotonic() < end:
            sock.settimeout(max(0.05, end - time.monotonic()))
            try:
                data = sock.recv(2048)
            except socket.timeout:
                break
            try:
                return parse(data, tid)
            except ValueError:
                continue
    raise TimeoutError("no STUN response")


def binding(host, port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect((host, port))
        tid = os.urandom(12)
        mtype, attrs = transact(s, build(BINDING, tid, []), tid)
        if mtype != 0x0101 or A_XOR_MAPPED not in attrs:
            print(f"binding: unexpected response type 0x{mtype:04x}")
            return 1
        print("binding: OK, mapped address %s:%d" % xor_addr(attrs[A_XOR_MAPPED]))
        return 0


def turn_deny(host, port, secret, peers):
    username = f"{int(time.time()) + 3600}:vereint-test"
    password = base64.b64encode(hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()).decode()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect((host, port))
        tid = os.urandom(12)
        transport = attr(A_TRANSPORT, bytes([17, 0, 0, 0]))[4:]
        mtype, attrs = transact(s, build(ALLOCATE, tid, [(A_TRANSPORT, transport)]), tid)
        if mtype != 0x0113 or error_code(attrs) != 401:
            print(f"allocate without credentials: expected 401, got 0x{mtype:04x} {error_code(attrs)}")
            return 1
        realm, nonce = attrs[A_REALM], attrs[A_NONCE]
        key = hashlib.md5(username.encode() + b":" + realm + b":" + password.encode()).digest()
        auth = [(A_USERNAME, username.encode()), (A_REALM, realm), (A_NONCE, nonce)]
        tid = os.urandom(12)
        mtype, attrs = transact(s, build(ALLOCATE, tid, [(A_TRANSPORT, transport)] + auth, key), tid)
        if mtype != 0x0103:
            print(f"allocate with REST credentials: expected success, got 0x{mtype:04x} error {error_code(attrs)}")
            return 1
        print("allocate: OK, relayed address %s:%d" % xor_addr(attrs[A_RELAYED]))
        failures = 0
        for peer in peers:
            tid = os.urandom(12)
            mtype, attrs = transact(s, build(CREATE_PERMISSION, tid, [(A_PEER, xor_peer(peer))] + auth, key), tid)
            code = error_code(attrs)
            if mtype == 0x0118 and code == 403:
                print(f"create-permission {peer}: refused with 403 (good)")
            else:
                print(f"create-permission {peer}: NOT refused (type 0x{mtype:04x}, error {code})")
                failures += 1
        return 1 if failures else 0


def main(argv):
    if len(argv) >= 3 and argv[0] == "binding":
        return binding(argv[1], int(argv[2]))
    if len(argv) >= 5 and argv[0] == "turn-deny":
        return turn_deny(argv[1], int(argv[2]), argv[3], argv[4:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
