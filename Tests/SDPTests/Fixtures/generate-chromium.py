"""Writes chromium-*.sdp next to this file from headless Chromium (Debian `chromium` +
`chromium-driver`), driven by selenium (`pip install selenium` in any venv).

Not part of the build or of `make test`. No STUN/TURN servers are configured; the page runs
from a file:// URL and only gathers host candidates.
"""
import json
import pathlib
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

HERE = pathlib.Path(__file__).parent
options = webdriver.ChromeOptions()
# Debian's binaries, named explicitly so selenium-manager never goes online.
options.binary_location = "/usr/bin/chromium"
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--allow-loopback-in-peer-connection"]:
    options.add_argument(flag)
driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
try:
    driver.get((HERE / "generate-chromium.html").resolve().as_uri())
    for _ in range(100):
        text = driver.find_element("id", "out").text
        if text != "pending":
            break
        time.sleep(0.1)
    result = json.loads(text)
    version = driver.capabilities.get("browserVersion", "?")
    for name, key, note in [("chromium-recvonly-offer.sdp", "recvonly", "viewer offer, recvonly video+audio"),
                            ("chromium-sendrecv-offer.sdp", "sendrecv", "sendrecv audio+video offer")]:
        if (HERE / name).exists() and "--all" not in sys.argv:
            continue  # tests pin facts about existing fixtures; regenerate them with --all
        header = f"# source: Chromium {version} headless (generated here by generate-chromium.py), {note}\n"
        (HERE / name).write_text(header + result[key], newline="")
    # Answer PeerCam's own camera offer as a browser viewer would (candidates left out, so the
    # browser has no remote address to check).
    offer = "".join(line for line in (HERE / "peercam-camera-offer.sdp").read_text().splitlines(keepends=True)
                    if not line.startswith(("#", "a=candidate", "a=end-of-candidates")))
    answer = driver.execute_async_script("""
        const [offer, done] = arguments;
        const pc = new RTCPeerConnection({iceServers: []});
        pc.setRemoteDescription({type: "offer", sdp: offer})
          .then(() => pc.createAnswer()).then(a => pc.setLocalDescription(a))
          .then(() => new Promise(r => { pc.onicegatheringstatechange = () =>
              pc.iceGatheringState === "complete" && r(); setTimeout(r, 2000); }))
          .then(() => { const sdp = pc.localDescription.sdp; pc.close(); done(sdp); })
          .catch(e => done("error " + e));
    """, offer)
    header = f"# source: Chromium {version} headless (generated here by generate-chromium.py), answer to peercam-camera-offer.sdp\n"
    (HERE / "chromium-answer-to-peercam.sdp").write_text(header + answer, newline="")
finally:
    driver.quit()
