"""Writes chromium-*.sdp next to this file from headless Chromium (Debian `chromium` +
`chromium-driver`), driven by selenium (`pip install selenium` in any venv).

Not part of the build or of `make test`. No STUN/TURN servers are configured; the page runs
from a file:// URL and only gathers host candidates.
"""
import json
import pathlib
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
        header = f"# source: Chromium {version} headless (generated here by generate-chromium.py), {note}\n"
        (HERE / name).write_text(header + result[key], newline="")
finally:
    driver.quit()
