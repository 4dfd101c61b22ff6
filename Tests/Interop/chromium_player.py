"""Headless Chromium driving PeerCam's web player page: what the browser checks share.

Used by browser_player_check.py (the page against aiortc_whep_server.py) and
camera_player_check.py (the page served by a real camera-agent). Chromium gets the flags
from docs/ENVIRONMENT.md: loopback candidates allowed, mDNS hiding off, so ICE pairs
127.0.0.1 with 127.0.0.1 and nothing leaves the machine.
"""

import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
]

# Reads the live connection's inbound RTP counters through the page's debugging handle.
STATS_SCRIPT = """
const done = arguments[arguments.length - 1];
const player = window.peercamPlayer;
if (!player || !player.pc) { done(null); return; }
player.pc.getStats().then((report) => {
  const audio = document.getElementById("audio");
  const tracks = audio.srcObject ? audio.srcObject.getAudioTracks() : [];
  const out = {sessionsStarted: player.sessionsStarted, state: player.pc.connectionState,
               audioElementPlaying: !audio.paused && audio.currentTime > 0 && tracks.length === 1
                                    && tracks[0].readyState === "live"};
  report.forEach((s) => {
    if (s.type === "inbound-rtp" && s.codecId && report.get(s.codecId)) {
      out[s.kind + "Codec"] = report.get(s.codecId).mimeType;
    }
    if (s.type === "inbound-rtp" && s.kind === "video") {
      out.framesDecoded = s.framesDecoded || 0; out.frameWidth = s.frameWidth; out.frameHeight = s.frameHeight;
    }
    if (s.type === "inbound-rtp" && s.kind === "audio") {
      out.audioPacketsReceived = s.packetsReceived || 0; out.audioBytesReceived = s.bytesReceived || 0;
      out.audioSamplesReceived = s.totalSamplesReceived || 0;
    }
  });
  done(out);
}, () => done(null));
"""


class CheckFailed(Exception):
    pass


def start_chromium(chromium, chromedriver, autoplay_policy, extra_flags=()):
    """A headless Chromium under chromedriver. `extra_flags` go after the shared ones (for
    example the camera certificate's SPKI pin)."""
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [*CHROMIUM_FLAGS, f"--autoplay-policy={autoplay_policy}", *extra_flags]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    driver.set_script_timeout(10)
    return driver


def wait_for(what, probe, timeout, interval=0.25):
    """Polls `probe` until it returns something truthy, which is returned; else CheckFailed."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(interval)
    raise CheckFailed(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")


def console_errors(driver):
    """Script exceptions and Content-Security-Policy refusals from the browser console.
    Failed requests (refusals with 4xx/5xx, refused connections while a server is down) are
    expected in these checks and left out."""
    severe = [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
    return [message for message in severe if "Failed to load resource" not in message]


class PlayerPage:
    """The player page in one browser tab, through the element ids of player.html."""

    def __init__(self, driver, url):
        self.driver, self.url = driver, url

    def open(self):
        self.driver.get(self.url)
        wait_for("page script", lambda: self.driver.execute_script("return !!window.peercamPlayer"), 10)

    def element(self, element_id):
        return self.driver.find_element(By.ID, element_id)

    def text(self, element_id):
        return self.element(element_id).text

    def connect(self, endpoint, token):
        field = self.element("endpoint")
        field.clear()
        field.send_keys(endpoint)
        if token is not None:
            self.element("token").send_keys(token)
        self.element("connect").click()

    def stats(self):
        return self.driver.execute_async_script(STATS_SCRIPT)

    def sessions_started(self):
        return self.driver.execute_script("return window.peercamPlayer.sessionsStarted")

    def wait_playing(self, timeout, after_session=0):
        """Waits until a session newer than `after_session` decodes video and plays audio."""
        seen = {}

        def playing():
            stats = self.stats()
            seen["last"] = stats
            if (stats and stats.get("sessionsStarted", 0) > after_session
                    and stats.get("framesDecoded", 0) > 0
                    and stats.get("audioPacketsReceived", 0) > 0 and stats.get("audioBytesReceived", 0) > 0
                    and stats.get("audioSamplesReceived", 0) > 0 and stats.get("audioElementPlaying")):
                return stats
            return None
        try:
            return wait_for("frames decoded and audio played", playing, timeout)
        except CheckFailed as failure:
            raise CheckFailed(f"{failure}; last stats {seen.get('last')}, state {self.text('state')!r}, "
                              f"error {self.text('error')!r}") from None
