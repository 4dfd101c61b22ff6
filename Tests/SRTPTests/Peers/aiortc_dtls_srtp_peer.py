"""aiortc's DTLS-SRTP transport over plain loopback UDP, as an independent peer for PeerCam.

No ICE and no STUN: a stand-in for RTCIceTransport carries datagrams on 127.0.0.1.
Speaks JSON lines: prints {"port", "fingerprint"}, reads {"port", "fingerprint"}, then prints
the handshake result, what it received, and whether the peer's close_notify arrived.
"""
import asyncio
import json
import sys

from aiortc.rtcdtlstransport import (
    RTCCertificate,
    RTCDtlsFingerprint,
    RTCDtlsParameters,
    RTCDtlsTransport,
)

RTP = bytes([0x80, 96, 0, 1, 0, 0, 0, 0, 0xA1, 0x0C, 0, 1]) + b"aiortc says hello" * 10
RTCP = bytes([0x81, 201, 0, 7, 0xA1, 0x0C, 0, 1]) + bytes(24)


class LoopbackTransport(asyncio.DatagramProtocol):
    """What RTCDtlsTransport uses of RTCIceTransport: role, _send, _recv."""

    role = "controlled"

    def __init__(self):
        self.queue = asyncio.Queue()
        self.peer = None
        self.endpoint = None

    def connection_made(self, transport):
        self.endpoint = transport

    def datagram_received(self, data, addr):
        self.queue.put_nowait(data)

    async def _send(self, data):
        self.endpoint.sendto(data, self.peer)

    async def _recv(self):
        return await self.queue.get()


def emit(**fields):
    print(json.dumps(fields), flush=True)


async def main(role):
    loop = asyncio.get_running_loop()
    _, link = await loop.create_datagram_endpoint(LoopbackTransport, local_addr=("127.0.0.1", 0))
    certificate = RTCCertificate.generateCertificate()
    ours = [f for f in certificate.getFingerprints() if f.algorithm == "sha-256"][0]
    emit(port=link.endpoint.get_extra_info("sockname")[1], fingerprint=f"sha-256 {ours.value}")

    theirs = json.loads(await loop.run_in_executor(None, sys.stdin.readline))
    link.peer = ("127.0.0.1", theirs["port"])
    algorithm, value = theirs["fingerprint"].split(" ")

    dtls = RTCDtlsTransport(link, [certificate])
    dtls._set_role(role)
    received = {}

    async def on_rtp(data, arrival_time_ms):
        received["rtp"] = data.hex()

    async def on_rtcp(data):
        received["rtcp"] = data.hex()

    dtls._handle_rtp_data = on_rtp
    dtls._handle_rtcp_data = on_rtcp
    await asyncio.wait_for(dtls.start(RTCDtlsParameters(fingerprints=[RTCDtlsFingerprint(algorithm, value)])), 10)
    profile = dtls._ssl.get_selected_srtp_profile().decode() if dtls.state == "connected" else None
    emit(state=dtls.state, profile=profile, sent_rtp=RTP.hex(), sent_rtcp=RTCP.hex())
    if dtls.state != "connected":
        return
    await dtls._send_rtp(RTP)
    await dtls._send_rtp(RTCP)

    for _ in range(100):
        if "rtp" in received and "rtcp" in received:
            break
        await asyncio.sleep(0.05)
    emit(received_rtp=received.get("rtp"), received_rtcp=received.get("rtcp"))

    for _ in range(100):
        if dtls._task is None or dtls._task.done():
            break
        await asyncio.sleep(0.05)
    emit(closed_by_peer=dtls._task is not None and dtls._task.done())


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
