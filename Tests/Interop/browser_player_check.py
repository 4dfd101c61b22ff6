#!/usr/bin/env python3
"""Checks PeerCam's web player in real headless Chromium against aiortc_whep_server.py.

Needs Debian's chromium + chromium-driver and selenium (Tests/Interop/requirements.txt).
Everything stays on loopback: the WHEP server and a tiny static server for the page listen on
127.0.0.1, and Chromium gets the flags from docs/ENVIRONMENT.md (loopback candidates allowed,
mDNS hiding off, autoplay allowed) so ICE pairs 127.0.0.1 with 127.0.0.1. The page is served
from a different port than the WHEP server, so the cross-origin POST/PATCH/DELETE exercise CORS.

Steps, each recorded in the result (any script error or CSP refusal in the console fails):
  unauthorized   a wrong token shows the 401 message with the server's body, and no retry loop
  playing        the right token: getStats() reports framesDecoded > 0 and audio packets and
                 bytes received > 0, the <audio> element plays the live track (Chromium counts
                 audio packets even when no element plays them), and the page's own statistics
                 show the resolution
  remembered     after a reload the token comes from localStorage and playback resumes unaided;
                 the unloading page sent DELETE (keepalive, on pagehide) for its old session
  reconnected    the WHEP server is stopped and restarted on the same port: the page notices,
                 backs off, subscribes again and decodes frames on a new session
  left           the live session got its candidates by PATCH; "Leave" sends DELETE and the
                 server lists no session afterwards
  no_trickle     against a server that answers PATCH with 405 the page still plays, marks the
                 endpoint as non-trickle, and plays again with a complete offer on the next try
  status_errors  404 (unknown stream) is shown with the server's body and stops; 503 (viewer
                 limit) is shown and retried with back-off
  forgotten      "Forget token" clears localStorage
  unmuted_by_click  in a browser that refuses sound without a gesture, a reload (which
                 subscribes with no click) shows video, holds the sound and offers "Click to
                 unmute"; the click starts the sound

Prints one JSON line on stdout: {"ok": bool, "steps": {...}, "failure": str|null, ...} and exits
0 when ok, 1 otherwise.

Usage: browser_player_check.py [--page PLAYER.html] [--csp POLICY] [--timeout SECONDS]
"""

import argparse
import http.server
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
import urllib.request

from chromium_player import CheckFailed, PlayerPage, console_errors, start_chromium, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_PAGE = os.path.join(REPO, "Sources", "WebPlayer", "Resources", "player.html")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WHEPServerProcess:
    """aiortc_whep_server.py as a child; `url` is the line it prints when ready."""

    def __init__(self, token, port, extra=()):
        self.process = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "aiortc_whep_server.py"), "--token", token,
             "--port", str(port), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise CheckFailed(f"WHEP server did not start (printed {self.url!r})")
        self.token = token

    def sessions(self, listing="/sessions"):
        base = self.url.split("/whep/")[0]
        request = urllib.request.Request(base + listing, headers={"Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.load(response)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def page_server(page_bytes, csp):
    """A static server on loopback that answers every GET with the player page."""

    class PageHandler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page_bytes)))
            if csp:
                self.send_header("Content-Security-Policy", csp)
            self.end_headers()
            self.wfile.write(page_bytes)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PageHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(args, result):
    with open(args.page, "rb") as handle:
        page_bytes = handle.read()
    token = secrets.token_urlsafe(16)
    port = free_port()
    pages = page_server(page_bytes, args.csp)
    page_url = f"http://127.0.0.1:{pages.server_address[1]}/player"
    servers = []
    driver = None
    try:
        whep = WHEPServerProcess(token, port)
        servers.append(whep)
        driver = start_chromium(args.chromium, args.chromedriver, "no-user-gesture-required")
        page = PlayerPage(driver, page_url)
        page.open()
        steps = result["steps"]

        # 1. A wrong token: the 401 message with the server's body, and the page stops trying.
        page.connect(whep.url, "not-the-token")
        message = wait_for("the 401 message", lambda: "401" in page.text("error") and page.text("error"), args.timeout)
        if "unknown bearer token" not in message:
            raise CheckFailed(f"401 message lacks the server's body: {message!r}")
        time.sleep(1.5)
        if not page.text("state").startswith("stopped"):
            raise CheckFailed(f"page keeps retrying a rejected token: state {page.text('state')!r}")
        steps["unauthorized"] = message
        page.element("forget").click()

        # 2. The right token: video frames decoded and audio received, shown by the page too.
        page.connect(whep.url, token)
        stats = page.wait_playing(args.timeout)
        resolution = wait_for("resolution in the page", lambda: "×" in page.text("stat-resolution") and page.text("stat-resolution"), 5)
        shown = wait_for("frames and kbit/s in the page", lambda: page.text("stat-frames").isdigit()
                         and int(page.text("stat-frames")) > 0 and page.text("stat-video-kbps").isdigit()
                         and int(page.text("stat-video-kbps")) > 0
                         and {"frames": page.text("stat-frames"), "videoKbps": page.text("stat-video-kbps"),
                              "audioKbps": page.text("stat-audio-kbps"), "fps": page.text("stat-fps")}, 10)
        result["shownStats"] = shown
        result.update(framesDecoded=stats["framesDecoded"], audioPacketsReceived=stats["audioPacketsReceived"],
                      audioBytesReceived=stats["audioBytesReceived"],
                      audioSamplesReceived=stats["audioSamplesReceived"], resolution=resolution,
                      videoCodec=stats.get("videoCodec"), audioCodec=stats.get("audioCodec"))
        steps["playing"] = True
        if page.text("error"):
            raise CheckFailed(f"error still shown while playing: {page.text('error')!r}")

        # 3. Reload: the token is remembered and playback resumes without typing.
        first = wait_for("one live session", lambda: whep.sessions() if len(whep.sessions()) == 1 else None, 10)
        page.open()
        page.wait_playing(args.timeout)
        # The unloading page sent DELETE (keepalive, on pagehide) for its session.
        wait_for("the unloaded page's DELETE", lambda: first[0]["id"] in whep.sessions("/sessions/deleted"), 10)
        steps["remembered"] = True

        # 4. The server restarts on the same port: the page reconnects on its own.
        before = page.stats()["sessionsStarted"]
        whep.stop()
        wait_for("the page to notice", lambda: page.text("state") in ("disconnected", "failed", "closed")
                 or page.text("state").startswith("reconnecting"), args.timeout)
        whep = WHEPServerProcess(token, port)
        servers.append(whep)
        started = time.monotonic()
        page.wait_playing(args.timeout + 30, after_session=before)
        result["reconnectSeconds"] = round(time.monotonic() - started, 2)
        steps["reconnected"] = True

        # 5. Leave: the page sends DELETE, the server's session goes away.
        live = wait_for("one live session", lambda: whep.sessions() if len(whep.sessions()) == 1 else None, 10)
        if live[0]["trickledCandidates"] < 1:
            raise CheckFailed(f"no candidate arrived by PATCH: {live}")
        result["trickledCandidates"] = live[0]["trickledCandidates"]
        page.element("leave").click()
        wait_for("no session after Leave", lambda: whep.sessions() == [], 10)
        wait_for("Leave's DELETE", lambda: live[0]["id"] in whep.sessions("/sessions/deleted"), 10)
        steps["left"] = True

        # 6. A server without trickle support (PATCH -> 405): the page still plays.
        whep.stop()
        whep = WHEPServerProcess(token, free_port(), ["--no-trickle"])
        servers.append(whep)
        before = page.stats() or {}
        page.connect(whep.url, None)
        page.wait_playing(args.timeout, after_session=before.get("sessionsStarted", 0))
        flagged = wait_for("the endpoint marked non-trickle",
                           lambda: driver.execute_script("return window.peercamPlayer.trickleUnsupported"), 5)
        # The next offer waits for gathering to complete, so it carries every candidate itself.
        page.element("leave").click()
        before = page.stats() or {"sessionsStarted": flagged and driver.execute_script(
            "return window.peercamPlayer.sessionsStarted")}
        page.connect(whep.url, None)
        page.wait_playing(args.timeout, after_session=before["sessionsStarted"])
        steps["no_trickle"] = flagged

        # 7. Status errors: 404 stops with the server's body; 503 keeps retrying with back-off.
        page.element("leave").click()
        page.connect(whep.url.rsplit("/", 1)[0] + "/no-such-stream", None)
        message = wait_for("the 404 message", lambda: "404" in page.text("error") and page.text("error"), args.timeout)
        if "unknown stream" not in message or not page.text("state").startswith("stopped"):
            raise CheckFailed(f"404 not reported as final: {message!r}, state {page.text('state')!r}")
        whep.stop()
        whep = WHEPServerProcess(token, free_port(), ["--max-sessions", "0"])
        servers.append(whep)
        page.connect(whep.url, None)
        message = wait_for("the 503 message", lambda: "503" in page.text("error") and page.text("error"), args.timeout)
        if "viewer limit reached" not in message:
            raise CheckFailed(f"503 message lacks the server's body: {message!r}")
        wait_for("a retry after 503", lambda: page.text("state").startswith("reconnecting"), 5)
        steps["status_errors"] = True

        # 8. Forget clears the stored token.
        page.element("forget").click()
        if driver.execute_script("return localStorage.getItem('peercam.player.token')") is not None:
            raise CheckFailed("Forget left the token in localStorage")
        steps["forgotten"] = True

        # Script exceptions and Content-Security-Policy refusals land in the console; failed
        # requests (the 401, 404, 405, 503 and the refused connections above) are expected there.
        unexpected = console_errors(driver)
        if unexpected:
            raise CheckFailed(f"browser console errors: {unexpected}")
        driver.quit()
        driver = None

        # 9. A browser that refuses unmuted autoplay without a gesture: after a reload (which
        #    subscribes with the stored token, no click) the audio plays muted, the page offers
        #    "Click to unmute", and a click unmutes it.
        whep.stop()
        whep = WHEPServerProcess(token, free_port())
        servers.append(whep)
        driver = start_chromium(args.chromium, args.chromedriver, "document-user-activation-required")
        page = PlayerPage(driver, page_url)
        page.open()
        page.connect(whep.url, token)
        page.wait_playing(args.timeout)
        page.open()
        unmute = page.element("unmute")
        wait_for("the unmute button", lambda: unmute.is_displayed(), args.timeout)
        wait_for("video frames while the sound waits",
                 lambda: (page.stats() or {}).get("framesDecoded", 0) > 0, args.timeout)
        if not driver.execute_script("return document.getElementById('audio').paused"):
            raise CheckFailed("sound started without a gesture, yet the unmute button shows")
        unmute.click()
        page.wait_playing(args.timeout)
        wait_for("the unmute button gone", lambda: not unmute.is_displayed(), 5)
        steps["unmuted_by_click"] = True
        result["ok"] = True
    finally:
        if driver is not None:
            driver.quit()
        for server in servers:
            server.stop()
        pages.shutdown()


def main():
    parser = argparse.ArgumentParser(description="Checks the web player in headless Chromium.")
    parser.add_argument("--page", default=DEFAULT_PAGE)
    parser.add_argument("--csp", default="", help="serve the page with this Content-Security-Policy")
    parser.add_argument("--timeout", type=float, default=30, help="seconds per waiting step")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    result = {"ok": False, "steps": {}, "failure": None}
    try:
        run(args, result)
    except CheckFailed as failure:
        result["failure"] = str(failure)
    except Exception as failure:  # selenium or server trouble: still one JSON line
        result["failure"] = f"{type(failure).__name__}: {failure}"
        traceback.print_exc(file=sys.stderr)
    print(json.dumps(result), flush=True)
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
