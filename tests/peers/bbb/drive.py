"""Drives `vereint sim bbb` with two independent BigBlueButton clients from PyPI.

Usage: BBB_PEER_URL=http://127.0.0.1:PORT/bigbluebutton/api/ BBB_PEER_SECRET=... python drive.py sha1|sha256
Both libraries hash with SHA-1 only; for sha256 their own hash function reference is swapped for
hashlib.sha256, so that everything else (encoding, URL building, XML parsing) stays theirs.
Prints one line per step; exits non-zero at the first disagreement.
"""

import hashlib
import os
import sys
import urllib.error
import urllib.request

import bbbctl
from bigbluebutton_api_python import BigBlueButton
from bigbluebutton_api_python.exception import BBBException
import bigbluebutton_api_python.util.urlbuilder as urlbuilder

ALGORITHM = sys.argv[1]
URL = os.environ["BBB_PEER_URL"]
SECRET = os.environ["BBB_PEER_SECRET"]
HASH = {"sha1": hashlib.sha1, "sha256": hashlib.sha256}[ALGORITHM]
urlbuilder.sha1 = HASH


class Sha:
    """Stands in for the hashlib module inside bbbctl."""

    sha1 = staticmethod(HASH)


bbbctl.hashlib = Sha


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def follow(url):
    """Opens a join URL like a browser's first hop; returns (status, Location)."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location")


def check(cond, what):
    if not cond:
        print(f"FAIL {ALGORITHM}: {what}")
        sys.exit(1)
    print(f"ok {ALGORITHM}: {what}")


def expect_key(fn, key):
    try:
        fn()
    except bbbctl.ApiError as e:
        got = e.tree.findtext("messageKey")
    except BBBException as e:
        got = e.key
    else:
        got = None
    check(got is not None and key in str(got), f"FAILED {key} (got {got})")


def with_bbbctl():
    api = bbbctl.BBBApiClient(URL, SECRET)
    mid = f"bbbctl-{ALGORITHM}"
    created = api.createMeeting(mid, "Kiez & Co", muteOnStart="true", meta_origin="peer")
    check(created.findtext("meetingID") == mid, "bbbctl create")
    again = api.createMeeting(mid, "Kiez & Co", muteOnStart="true", meta_origin="peer")
    check(again.findtext("messageKey") == "duplicateWarning", "bbbctl repeated create is duplicateWarning")
    info = api.getMeetingInfo(mid)
    check(info.findtext("running") == "false", "bbbctl: not running before anyone joined")
    link = api.getJoinLink(mid, "Mod Erator", role="MODERATOR", createTime=info.findtext("createTime"))
    status, location = follow(link)
    check(status == 302 and "/html5client/join?sessionToken=" in (location or ""), "bbbctl join URL redirects to the client")
    link = api.getJoinLink(mid, "Vi Ewer", role="VIEWER")
    check(follow(link)[0] == 302, "bbbctl viewer join")
    info = api.getMeetingInfo(mid)
    roles = sorted(a.findtext("role") for a in info.findall("./attendees/attendee"))
    check(info.findtext("running") == "true" and roles == ["MODERATOR", "VIEWER"], f"bbbctl info: running, roles {roles}")
    check(info.findtext("metadata/origin") == "peer", "bbbctl metadata")
    check(any(m.findtext("meetingID") == mid for m in api.getMeetings()), "bbbctl getMeetings lists it")
    ended = api.end(mid, password=info.findtext("moderatorPW"))
    check(ended.findtext("messageKey") == "sentEndMeetingRequest", "bbbctl end")
    expect_key(lambda: api.getMeetingInfo(mid), "notFound")
    expect_key(lambda: bbbctl.BBBApiClient(URL, "wrong-secret").getMeetings(), "checksumError")


def with_api_python():
    bbb = BigBlueButton(URL.split("/bigbluebutton/")[0], SECRET)
    mid = f"apipy-{ALGORITHM}"
    check(bbb.get_api_version().get_version() == "2.0", "api-python version")
    created = bbb.create_meeting(mid, params={"name": "Chor 1920", "attendeePW": "ap", "moderatorPW": "mp"}, meta={"kind": "room"})
    check(created.get_meetingid() == mid, "api-python create")
    expect_key(lambda: bbb.create_meeting(mid, params={"name": "Chor 1920", "attendeePW": "other", "moderatorPW": "mp"}), "idNotUnique")
    check(not bbb.is_meeting_running(mid).is_meeting_running(), "api-python: not running yet")
    status, _ = follow(bbb.get_join_meeting_url("Ada", mid, "mp"))
    check(status == 302, "api-python moderator join by password")
    status, _ = follow(bbb.get_join_meeting_url("Bob", mid, "ap"))
    check(status == 302, "api-python viewer join by password")
    status, body = follow(bbb.get_join_meeting_url("Eve", mid, "nope"))
    check(status == 200 and "invalidPassword" in body, "api-python wrong password is invalidPassword")
    check(bbb.is_meeting_running(mid).is_meeting_running(), "api-python: running after join")
    info = bbb.get_meeting_info(mid).get_meetinginfo()
    roles = sorted(str(a.get_role()) for a in bbb.get_meeting_info(mid).get_attendees())
    check(roles == ["MODERATOR", "VIEWER"], f"api-python attendee roles {roles}")
    check(int(str(info.get_moderator_count())) == 1, "api-python moderator count")
    # this library iterates <meetings> as a list, which breaks on exactly one meeting: add another
    bbb.create_meeting(mid + "-b", params={"name": "Zweiter Raum"})
    meetings = bbb.get_meetings().get_meetings()
    check(any(m.get_meetingid() == mid for m in meetings), "api-python getMeetings")
    bbb.end_meeting(mid, "mp")
    bbb.end_meeting(mid + "-b", "")
    expect_key(lambda: bbb.get_meeting_info(mid), "notFound")


with_bbbctl()
with_api_python()
print(f"all ok {ALGORITHM}")
