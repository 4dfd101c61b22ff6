"""Writes the aiortc fixtures (aiortc-*.sdp) next to this file.

Not part of the build or of `make test`: run it by hand with the venv that
scripts/bootstrap makes (`.venv/bin/python Tests/SDPTests/Fixtures/generate-aiortc.py`).
No STUN/TURN servers are configured, so gathering only binds local host sockets.
"""
import asyncio
import pathlib
import sys

import aiortc
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription

HERE = pathlib.Path(__file__).parent
# Existing fixtures are kept unless asked: tests pin facts (payload types, mids) about them.
REGENERATE_ALL = "--all" in sys.argv


def save(name, sdp, note):
    if not REGENERATE_ALL and (HERE / name).exists() and name != "aiortc-answer-to-peercam.sdp":
        return
    header = f"# source: aiortc {aiortc.__version__} (generated here by generate-aiortc.py), {note}\n"
    (HERE / name).write_text(header + sdp.replace("\r\n", "\n").replace("\n", "\r\n"), newline="")


async def main():
    config = RTCConfiguration(iceServers=[])
    viewer = RTCPeerConnection(config)
    viewer.addTransceiver("video", direction="recvonly")
    viewer.addTransceiver("audio", direction="recvonly")
    await viewer.setLocalDescription(await viewer.createOffer())
    save("aiortc-recvonly-offer.sdp", viewer.localDescription.sdp, "viewer offer, recvonly video+audio")

    answerer = RTCPeerConnection(config)
    await answerer.setRemoteDescription(viewer.localDescription)
    for transceiver in answerer.getTransceivers():
        transceiver.direction = "sendonly"
    await answerer.setLocalDescription(await answerer.createAnswer())
    save("aiortc-sendonly-answer.sdp", answerer.localDescription.sdp, "answer to aiortc-recvonly-offer.sdp")

    talker = RTCPeerConnection(config)
    talker.addTransceiver("audio", direction="sendrecv")
    talker.addTransceiver("video", direction="sendrecv")
    await talker.setLocalDescription(await talker.createOffer())
    save("aiortc-sendrecv-offer.sdp", talker.localDescription.sdp, "sendrecv audio+video offer")

    # Answer PeerCam's own camera offer as a viewer would. Its candidate lines are left out so
    # aiortc has no remote address to run connectivity checks against.
    offer_text = "".join(line for line in (HERE / "peercam-camera-offer.sdp").read_text().splitlines(keepends=True)
                         if not line.startswith(("#", "a=candidate", "a=end-of-candidates")))
    peercam_viewer = RTCPeerConnection(config)
    await peercam_viewer.setRemoteDescription(RTCSessionDescription(sdp=offer_text, type="offer"))
    await peercam_viewer.setLocalDescription(await peercam_viewer.createAnswer())
    save("aiortc-answer-to-peercam.sdp", peercam_viewer.localDescription.sdp, "answer to peercam-camera-offer.sdp")

    for pc in (viewer, answerer, talker, peercam_viewer):
        await pc.close()


asyncio.run(main())
