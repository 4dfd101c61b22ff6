"""aiortc 1.16 as an independent WebRTC peer for PeerCam's PeerConnection transport test.

Run by Tests/WebRTCTests/AiortcTransportInteropTests.swift through a subprocess; speaks JSON
lines on stdin/stdout. argv[1] is aiortc's part: "offer" (aiortc offers, PeerCam answers) or
"answer" (PeerCam offers, aiortc answers); argv[2] the media kinds aiortc sends, "video" or
"video,audio" (aiortc's test tracks: a video pattern encoded to H264, silence encoded to Opus).

Network: loopback only. No STUN/TURN (RTCConfiguration(iceServers=[])). aioice leaves
127.0.0.1 out of its host candidates, so this script overrides aioice's host-address lookup
(aioice.ice.get_host_addresses) to return ["127.0.0.1"] instead of using a network namespace.

In:  {"type": "offer"|"answer", "sdp"}, {"type": "candidate", "candidate", "mid"},
     {"type": "end-of-candidates"}, {"type": "stats"}, {"type": "close"}
Out: {"type": "offer"|"answer", "sdp"}, {"type": "stats", ...}, {"type": "closed"}
"""
import asyncio
import json
import sys

import aioice.ice

aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription  # noqa: E402
from aiortc.mediastreams import AudioStreamTrack, VideoStreamTrack  # noqa: E402
from aiortc.sdp import candidate_from_sdp  # noqa: E402


def emit(**fields):
    print(json.dumps(fields), flush=True)


async def read_message(loop):
    line = await loop.run_in_executor(None, sys.stdin.readline)
    if not line:
        return {"type": "close"}
    return json.loads(line)


async def stats(pc):
    """What proves aiortc accepted PeerCam's transport: DTLS connected, our SRTP RTP counted
    by its receiver (inbound-rtp), our SRTCP receiver report seen by its sender
    (remote-inbound-rtp)."""
    report = await pc.getStats()
    inbound = [s for s in report.values() if s.type == "inbound-rtp"]
    remote_inbound = [s for s in report.values() if s.type == "remote-inbound-rtp"]
    transceivers = pc.getTransceivers()
    return {
        "connection": pc.connectionState,
        "ice": pc.iceConnectionState,
        "dtls": transceivers[0].receiver.transport.state,
        "inboundPackets": {str(s.ssrc): s.packetsReceived for s in inbound},
        # aiortc files a receiver report about its own sender under the reporter's SSRC.
        "remoteInboundPacketsLost": {str(s.ssrc): s.packetsLost for s in remote_inbound},
        "senderSSRCs": {t.mid: t.sender._ssrc for t in transceivers},
    }


def track(kind):
    return VideoStreamTrack() if kind == "video" else AudioStreamTrack()


async def main(role, kinds):
    loop = asyncio.get_running_loop()
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    if role == "offer":
        for kind in kinds:
            pc.addTrack(track(kind))
        await pc.setLocalDescription(await pc.createOffer())
        emit(type="offer", sdp=pc.localDescription.sdp)
    while True:
        message = await read_message(loop)
        kind = message["type"]
        if kind == "offer":
            await pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "offer"))
            for kind in kinds:
                pc.addTrack(track(kind))
            await pc.setLocalDescription(await pc.createAnswer())
            emit(type="answer", sdp=pc.localDescription.sdp)
        elif kind == "answer":
            await pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "answer"))
        elif kind == "candidate":
            candidate = candidate_from_sdp(message["candidate"].removeprefix("a=").removeprefix("candidate:"))
            candidate.sdpMid = message["mid"]
            await pc.addIceCandidate(candidate)
        elif kind == "end-of-candidates":
            await pc.addIceCandidate(None)
        elif kind == "stats":
            emit(type="stats", **(await stats(pc)))
        elif kind == "close":
            await pc.close()
            emit(type="closed")
            return


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2].split(",")))
