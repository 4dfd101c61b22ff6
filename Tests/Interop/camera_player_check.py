#!/usr/bin/env python3
"""Plays the web player served BY a running camera-agent in real headless Chromium.

Needs Debian's chromium + chromium-driver and the .venv of scripts/bootstrap (selenium, and
cryptography, which aiortc pulls in). The camera serves the page and WHEP on one HTTPS port
with a self-signed certificate. Chromium trusts exactly that certificate's key: the script
fetches the certificate, checks its SHA-256 against the fingerprint `camera-agent pair`
printed (trust on first pairing, as viewer-agent does), and passes the key's SPKI hash to
`--ignore-certificate-errors-spki-list`. No blanket --ignore-certificate-errors.

A test drives the steps, because some of them need things done to the camera in between
(a restart, reading its session list). JSON lines on stdin, one answer line per command on
stdout; a command that fails answers {"type": "failed", "failure": "..."}:

  (start)                             -> {"type": "ready", "fingerprint", "spkiPin", "url",
                                         "unpinnedRefused"}  the last: a Chromium pinned to
                                         another key refused the page (so the pin is what works)
  {"type": "play", "token": T}        -> {"type": "playing", <stats>}  forgets any stored token,
                                         pastes T, waits for framesDecoded > 0 and audio
                                         packets/bytes/samples > 0 with the <audio> element playing,
                                         then for framesDecodedLater (15 frames more)
  {"type": "refused", "token": T}     -> {"type": "unauthorized", "message", "state"}  forgets,
                                         pastes a token the camera does not know, waits for the
                                         401 message and checks the page stops trying
  {"type": "await-loss"}              -> {"type": "lost", "state"}  the camera was stopped: the
                                         page notices (connection lost, or reconnecting)
  {"type": "await-playing", "afterSession": N}
                                      -> {"type": "playing", <stats>, "reconnectSeconds"}  a
                                         session newer than N (the page reconnected by itself)
  {"type": "leave"}                   -> {"type": "left", "state"}  Leave (DELETE)
  {"type": "close"}                   -> {"type": "result", "ok", "steps", "consoleErrors"}
                                         the one result line; the script then exits

Usage: camera_player_check.py --url https://127.0.0.1:PORT/player --fingerprint AB:CD:...
"""

import argparse
import base64
import hashlib
import json
import signal
import ssl
import sys
import time
import traceback
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from chromium_player import CheckFailed, PlayerPage, console_errors, start_chromium, wait_for


def emit(message):
    print(json.dumps(message), flush=True)


def pinned_spki(url, fingerprint, timeout):
    """The camera certificate's SPKI SHA-256 (base64), once the certificate is the pinned one.
    Retried while the camera is still starting."""
    parts = urlsplit(url)
    wanted = fingerprint.replace(":", "").lower()

    def fetch():
        try:
            return ssl.get_server_certificate((parts.hostname, parts.port), timeout=5)
        except OSError:
            return None
    pem = wait_for(f"the camera's certificate at {parts.netloc}", fetch, timeout, interval=0.5)
    der = ssl.PEM_cert_to_DER_cert(pem)
    presented = hashlib.sha256(der).hexdigest()
    if presented != wanted:
        raise CheckFailed(f"the camera presents certificate {presented}, not the pinned {wanted}")
    spki = x509.load_der_x509_certificate(der).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def refused_without_the_pin(args):
    """Whether Chromium refuses the camera's page when the pin names another key: proof that
    the pin, not some blanket exception, is what lets the real check in."""
    other_key = base64.b64encode(hashlib.sha256(b"not the camera's key").digest()).decode()
    driver = start_chromium(args.chromium, args.chromedriver, "no-user-gesture-required",
                            [f"--ignore-certificate-errors-spki-list={other_key}"])
    try:
        driver.get(args.url)
        return not driver.execute_script("return !!window.peercamPlayer")
    finally:
        driver.quit()


def playing_summary(page, stats, timeout):
    """The figures of the first moment `stats` showed playback, and `framesDecodedLater`: the
    count once a further second's worth (15 frames at the test source's rate) was decoded on
    the same connection, so one keyframe alone does not pass for playing."""
    summary = {key: stats.get(key) for key in (
        "sessionsStarted", "framesDecoded", "frameWidth", "frameHeight", "audioPacketsReceived",
        "audioBytesReceived", "audioSamplesReceived", "videoCodec", "audioCodec")}

    def decoded_more():
        later = page.stats() or {}
        return (later.get("sessionsStarted") == stats["sessionsStarted"]
                and later.get("framesDecoded", 0) >= stats["framesDecoded"] + 15 and later["framesDecoded"])
    summary["framesDecodedLater"] = wait_for("a further second of decoded frames", decoded_more, timeout)
    return summary


class CameraPlayerCheck:
    """One browser on the camera's page; each method is one command of the protocol above."""

    def __init__(self, args):
        self.args = args
        self.steps = {}
        self.pin = pinned_spki(args.url, args.fingerprint, args.timeout)
        self.unpinned_refused = refused_without_the_pin(args)
        self.driver = start_chromium(args.chromium, args.chromedriver, "no-user-gesture-required",
                                     [f"--ignore-certificate-errors-spki-list={self.pin}"])
        self.page = PlayerPage(self.driver, args.url)
        self.lost_at = None
        try:
            self.page.open()
        except BaseException:
            self.quit()
            raise

    def forget_stored_token(self):
        # The token field is hidden while a token is stored; Forget also leaves (DELETE).
        if not self.page.element("forget").get_attribute("disabled"):
            self.page.element("forget").click()

    def play(self, command):
        self.forget_stored_token()
        before = self.page.sessions_started()
        self.page.connect(self.args.endpoint, command["token"])
        stats = self.page.wait_playing(self.args.timeout, after_session=before)
        if self.page.text("error"):
            raise CheckFailed(f"error shown while playing: {self.page.text('error')!r}")
        self.steps["playing"] = self.steps.get("playing", 0) + 1
        return {"type": "playing", **playing_summary(self.page, stats, self.args.timeout)}

    def refused(self, command):
        self.forget_stored_token()
        self.page.connect(self.args.endpoint, command["token"])
        message = wait_for("the 401 message", lambda: "401" in self.page.text("error") and self.page.text("error"),
                           self.args.timeout)
        # A refused token is final: the page must not keep posting it.
        time.sleep(1.5)
        state = self.page.text("state")
        if not state.startswith("stopped"):
            raise CheckFailed(f"page keeps retrying a rejected token: state {state!r}")
        self.steps["unauthorized"] = True
        return {"type": "unauthorized", "message": message, "state": state}

    def await_loss(self, command):
        state = wait_for("the page to notice the camera is gone",
                         lambda: (self.page.text("state") in ("disconnected", "failed", "closed")
                                  or self.page.text("state").startswith("reconnecting")) and self.page.text("state"),
                         self.args.timeout)
        self.lost_at = time.monotonic()
        self.steps["lost"] = True
        return {"type": "lost", "state": state}

    def await_playing(self, command):
        stats = self.page.wait_playing(self.args.timeout + 60, after_session=command["afterSession"])
        # From the page noticing the loss to playing again (the camera's restart included).
        seconds = round(time.monotonic() - self.lost_at, 2) if self.lost_at is not None else None
        self.steps["reconnected"] = True
        return {"type": "playing", **playing_summary(self.page, stats, self.args.timeout), "reconnectSeconds": seconds}

    def leave(self, command):
        self.page.element("leave").click()
        state = wait_for("the page to leave", lambda: self.page.text("state") == "left" and "left", 10)
        self.steps["left"] = True
        return {"type": "left", "state": state}

    def close(self):
        errors = console_errors(self.driver)
        self.quit()
        return {"type": "result", "ok": not errors, "steps": self.steps, "consoleErrors": errors}

    def quit(self):
        if self.driver is not None:
            self.driver.quit()
            self.driver = None


COMMANDS = {"play": CameraPlayerCheck.play, "refused": CameraPlayerCheck.refused,
            "await-loss": CameraPlayerCheck.await_loss, "await-playing": CameraPlayerCheck.await_playing,
            "leave": CameraPlayerCheck.leave}


def failure_text(error):
    return str(error) if isinstance(error, CheckFailed) else f"{type(error).__name__}: {error}"


def main():
    parser = argparse.ArgumentParser(description="Plays the camera-served web player in headless Chromium.")
    parser.add_argument("--url", required=True, help="https://127.0.0.1:PORT/player on the camera")
    parser.add_argument("--fingerprint", required=True, help="the camera certificate's SHA-256, AB:CD:…")
    parser.add_argument("--endpoint", default="/whep/main", help="what to type in the page's endpoint field")
    parser.add_argument("--timeout", type=float, default=45, help="seconds per waiting step")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    # A test that gives up terminates the script: quit Chromium on the way out (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    try:
        check = CameraPlayerCheck(args)
    except Exception as error:  # no camera, wrong certificate, no browser: still one JSON line
        traceback.print_exc(file=sys.stderr)
        emit({"type": "result", "ok": False, "steps": {}, "failure": failure_text(error)})
        sys.exit(1)
    emit({"type": "ready", "fingerprint": args.fingerprint, "spkiPin": check.pin,
          "unpinnedRefused": check.unpinned_refused, "url": args.url})
    try:
        for line in sys.stdin:
            command = json.loads(line)
            if command.get("type") == "close":
                break
            handler = COMMANDS.get(command.get("type"))
            if handler is None:
                emit({"type": "failed", "failure": f"unknown command {command!r}"})
                continue
            try:
                emit(handler(check, command))
            except Exception as error:
                traceback.print_exc(file=sys.stderr)
                emit({"type": "failed", "failure": failure_text(error)})
        result = check.close()
    finally:
        check.quit()
    emit(result)
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
