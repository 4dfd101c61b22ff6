#!/usr/bin/env python3
"""An independent WHEP server built on aiortc, for PeerCam's interop tests (never used at run time).

It serves a synthetic H264 + Opus stream (a moving bar drawn per frame, a 440 Hz tone) to any
WHEP client: the browser player check, and viewer-agent's WHEP client. WHEP is
draft-ietf-wish-whep; its HTTP mechanics (POST offer -> 201 + Location + ETag, PATCH trickle with
application/trickle-ice-sdpfrag, DELETE) are those of WHIP, RFC 9725 section 4.

Usage:
    aiortc_whep_server.py --token SECRET [--port 0] [--stream main] [--no-trickle]
                          [--max-sessions N] [--width 320 --height 240 --fps 15] [--verbose]

When ready it prints exactly one line on stdout, the endpoint URL
(http://127.0.0.1:PORT/whep/STREAM), and nothing else there, so a parent may stop reading. Logs
go to stderr only with --verbose. SIGTERM or SIGINT closes every peer connection and exits 0.

Routes (CORS on all of them, so a page from another origin can subscribe):
    POST    /whep/{stream}          offer -> 201 answer, Location, ETag, Accept-Patch
    PATCH   /whep/{stream}/{id}     trickle candidates (405 with --no-trickle; 412 on ETag
                                    mismatch; 501 for an ICE restart, which aiortc cannot do)
    DELETE  /whep/{stream}/{id}     204, also for unknown ids (idempotent)
    GET     /sessions               JSON list of live sessions, [{id, stream, state,
                                    trickledCandidates}] (bearer token required), so tests can see
                                    that trickle arrived and that a DELETE really ended a session
    GET     /sessions/deleted       JSON list of the session ids DELETE requests named, in order
                                    (a client's DELETE may arrive after the session ended itself)
    OPTIONS any of the above        204 preflight

Loopback only: aioice leaves 127.0.0.1 out of its host candidates, so this module replaces
aioice's host-address lookup with one that returns just 127.0.0.1. That is also what keeps the
server from offering any address beyond loopback. No STUN or TURN server is ever configured.
"""

import argparse
import asyncio
import fractions
import json
import math
import signal
import socket
import sys
import time
import uuid

import aioice.ice
from aiohttp import web
from aiortc import (
    RTCConfiguration,
    RTCPeerConnection,
    RTCRtpSender,
    RTCSessionDescription,
    VideoStreamTrack,
)
from aiortc.mediastreams import MediaStreamTrack
from aiortc.sdp import candidate_from_sdp
from av import AudioFrame, VideoFrame

# Loopback only: see the module docstring.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "POST, PATCH, DELETE, GET, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, If-Match",
    "Access-Control-Expose-Headers": "Location, ETag, Link, Accept-Patch, Retry-After",
    "Access-Control-Max-Age": "600",
}


def log(args, message):
    if args.verbose:
        print(f"whep-server: {message}", file=sys.stderr, flush=True)


class MovingBarTrack(VideoStreamTrack):
    """Synthetic video: a white bar sweeping over a slowly brightening background, so every frame
    differs and an encoder cannot skip it."""

    def __init__(self, width, height, fps):
        super().__init__()
        self.width, self.height, self.fps = width, height, fps
        self.index = 0
        self.chroma = bytes([128]) * ((width // 2) * (height // 2))
        self.start = None

    async def recv(self):
        # Pace ourselves at the requested rate on a 90 kHz clock.
        if self.start is None:
            self.start = time.monotonic()
        else:
            wait = self.start + self.index / self.fps - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        width, height = self.width, self.height
        bar = 16
        x = (self.index * 4) % (width - bar)
        background = 16 + (self.index % 64)
        row = bytes([background]) * x + bytes([235]) * bar + bytes([background]) * (width - x - bar)
        frame = VideoFrame(width=width, height=height, format="yuv420p")
        frame.planes[0].update(row * height)
        frame.planes[1].update(self.chroma)
        frame.planes[2].update(self.chroma)
        frame.pts = int(self.index * 90000 / self.fps)
        frame.time_base = fractions.Fraction(1, 90000)
        self.index += 1
        return frame


class ToneTrack(MediaStreamTrack):
    """Synthetic audio: a 440 Hz sine at -12 dBFS, mono s16 at 48 kHz, 20 ms per frame.
    One second holds exactly 440 periods, so the table loops without a click."""

    kind = "audio"
    rate = 48000
    samples = 960

    def __init__(self):
        super().__init__()
        amplitude = 0.25 * 32767
        table = bytearray()
        for n in range(self.rate):
            value = int(amplitude * math.sin(2 * math.pi * 440 * n / self.rate))
            table += value.to_bytes(2, "little", signed=True)
        self.table = bytes(table) * 2  # so a 20 ms slice never wraps
        self.pts = 0
        self.start = None

    async def recv(self):
        if self.start is None:
            self.start = time.monotonic()
        else:
            wait = self.start + self.pts / self.rate - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
        offset = (self.pts % self.rate) * 2
        frame = AudioFrame(format="s16", layout="mono", samples=self.samples)
        frame.planes[0].update(self.table[offset:offset + self.samples * 2])
        frame.sample_rate = self.rate
        frame.pts = self.pts
        frame.time_base = fractions.Fraction(1, self.rate)
        self.pts += self.samples
        return frame


def sending_transceiver(pc, kind, mime_type):
    """A sendonly transceiver restricted to one codec (plus its RTX). aiortc applies codec
    preferences while it reads the remote offer, so they must be set before setRemoteDescription,
    which then reuses this transceiver for the offer's first section of that kind. H264 is what
    the tests need decoded; aiortc would otherwise answer with VP8 first."""
    transceiver = pc.addTransceiver(kind, direction="sendonly")
    codecs = RTCRtpSender.getCapabilities(kind).codecs
    transceiver.setCodecPreferences(
        [c for c in codecs if c.mimeType.lower() in (mime_type.lower(), f"{kind}/rtx")])
    return transceiver


def offer_is_usable(sdp):
    """406 rule: the offer must be able to receive H264 video and Opus audio."""
    lowered = sdp.lower()
    return "h264/90000" in lowered and "opus/48000" in lowered


class Session:
    def __init__(self, stream, pc):
        self.id = uuid.uuid4().hex
        self.stream = stream
        self.pc = pc
        self.etag = f'"{uuid.uuid4().hex}"'
        self.remote_ufrag = None
        self.remote_pwd = None
        self.trickled = 0  # candidates received by PATCH, listed by GET /sessions


class WHEPServer:
    def __init__(self, args):
        self.args = args
        self.sessions = {}
        self.delete_requests = []  # every session id a DELETE named, known or not

    # --- helpers -------------------------------------------------------------------------------

    def error(self, status, body, headers=None):
        return web.Response(status=status, text=body + "\n", content_type="text/plain",
                            headers={**CORS_HEADERS, **(headers or {})})

    def authorize(self, request):
        """401 rule: a bearer token that matches --token. Returns an error response or None."""
        header = request.headers.get("Authorization", "")
        if not header:
            return self.error(401, "missing bearer token", {"WWW-Authenticate": "Bearer"})
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return self.error(401, "malformed Authorization header: expected 'Bearer <token>'",
                              {"WWW-Authenticate": "Bearer"})
        if token.strip() != self.args.token:
            return self.error(401, "unknown bearer token",
                              {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return None

    def session_for(self, request):
        session = self.sessions.get(request.match_info["session"])
        if session is None or session.stream != request.match_info["stream"]:
            return None
        return session

    async def close(self, session):
        self.sessions.pop(session.id, None)
        await session.pc.close()

    # --- routes --------------------------------------------------------------------------------

    async def options(self, request):
        headers = dict(CORS_HEADERS)
        if not self.args.no_trickle:
            headers["Accept-Patch"] = "application/trickle-ice-sdpfrag"
        return web.Response(status=204, headers=headers)

    async def post(self, request):
        if (denied := self.authorize(request)) is not None:
            return denied
        stream = request.match_info["stream"]
        if stream != self.args.stream:
            return self.error(404, f"unknown stream '{stream}'")
        if request.content_type != "application/sdp":
            return self.error(415, "offer must be application/sdp")
        offer = await request.text()
        if not offer.strip():
            return self.error(400, "empty offer")
        if not offer_is_usable(offer):
            return self.error(406, "offer cannot receive H264 video and Opus audio")
        if len(self.sessions) >= self.args.max_sessions:
            return self.error(503, "viewer limit reached", {"Retry-After": "2"})

        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        session = Session(stream, pc)
        self.sessions[session.id] = session

        @pc.on("connectionstatechange")
        async def on_state():
            log(self.args, f"session {session.id[:8]} {pc.connectionState}")
            if pc.connectionState in ("failed", "closed"):
                await self.close(session)

        try:
            video = sending_transceiver(pc, "video", "video/H264")
            audio = sending_transceiver(pc, "audio", "audio/opus")
            await pc.setRemoteDescription(RTCSessionDescription(sdp=offer, type="offer"))
            video.sender.replaceTrack(MovingBarTrack(self.args.width, self.args.height, self.args.fps))
            audio.sender.replaceTrack(ToneTrack())
            await pc.setLocalDescription(await pc.createAnswer())
        except Exception as failure:  # aiortc raises plain ValueErrors on SDP it cannot use
            await self.close(session)
            return self.error(400, f"malformed offer: {failure}")
        for line in offer.splitlines():
            if line.startswith("a=ice-ufrag:") and session.remote_ufrag is None:
                session.remote_ufrag = line.split(":", 1)[1].strip()
            elif line.startswith("a=ice-pwd:") and session.remote_pwd is None:
                session.remote_pwd = line.split(":", 1)[1].strip()

        log(self.args, f"session {session.id[:8]} created")
        headers = {**CORS_HEADERS, "Location": f"/whep/{stream}/{session.id}", "ETag": session.etag}
        if not self.args.no_trickle:
            headers["Accept-Patch"] = "application/trickle-ice-sdpfrag"
        return web.Response(status=201, text=pc.localDescription.sdp,
                            content_type="application/sdp", headers=headers)

    async def patch(self, request):
        if (denied := self.authorize(request)) is not None:
            return denied
        if self.args.no_trickle:
            return self.error(405, "this server does not accept trickled candidates",
                              {"Allow": "DELETE, OPTIONS"})
        session = self.session_for(request)
        if session is None:
            return self.error(404, "unknown session")
        if request.content_type != "application/trickle-ice-sdpfrag":
            return self.error(415, "PATCH body must be application/trickle-ice-sdpfrag")
        match = request.headers.get("If-Match")
        if match is not None and match != "*" and match != session.etag:
            return self.error(412, "If-Match does not match the session's ETag")

        fragment = await request.text()
        ufrag = pwd = None
        mid = None
        mline = -1
        candidates = []
        ended = False
        for raw in fragment.splitlines():
            line = raw.strip()
            if line.startswith("a=ice-ufrag:"):
                ufrag = line.split(":", 1)[1]
            elif line.startswith("a=ice-pwd:"):
                pwd = line.split(":", 1)[1]
            elif line.startswith("m="):
                mline += 1
                mid = None
            elif line.startswith("a=mid:"):
                mid = line.split(":", 1)[1]
            elif line.startswith("a=candidate:"):
                candidates.append((mid, max(mline, 0), line[len("a=candidate:"):]))
            elif line == "a=end-of-candidates":
                ended = True
        if (ufrag and ufrag != session.remote_ufrag) or (pwd and pwd != session.remote_pwd):
            return self.error(501, "ICE restart is not supported by this server")
        try:
            for candidate_mid, index, text in candidates:
                candidate = candidate_from_sdp(text)
                candidate.sdpMid = candidate_mid
                candidate.sdpMLineIndex = index
                await session.pc.addIceCandidate(candidate)
                session.trickled += 1
            if ended:
                await session.pc.addIceCandidate(None)
        except Exception as failure:
            return self.error(400, f"malformed candidate: {failure}")
        log(self.args, f"session {session.id[:8]} +{len(candidates)} candidates")
        return web.Response(status=204, headers=CORS_HEADERS)

    async def delete(self, request):
        if (denied := self.authorize(request)) is not None:
            return denied
        self.delete_requests.append(request.match_info["session"])
        session = self.session_for(request)
        if session is not None:
            log(self.args, f"session {session.id[:8]} deleted")
            await self.close(session)
        return web.Response(status=204, headers=CORS_HEADERS)

    async def list_sessions(self, request):
        if (denied := self.authorize(request)) is not None:
            return denied
        listing = [{"id": s.id, "stream": s.stream, "state": s.pc.connectionState,
                    "trickledCandidates": s.trickled}
                   for s in self.sessions.values()]
        return web.json_response(listing, headers=CORS_HEADERS)

    async def list_delete_requests(self, request):
        if (denied := self.authorize(request)) is not None:
            return denied
        return web.json_response(self.delete_requests, headers=CORS_HEADERS)


async def serve(args):
    # A parent may have spawned us with these blocked (Foundation's Process under swift-testing
    # passes its thread's signal mask on); blocked, SIGTERM would never reach the handler below.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    server = WHEPServer(args)
    app = web.Application()
    app.router.add_route("OPTIONS", "/whep/{stream}", server.options)
    app.router.add_route("OPTIONS", "/whep/{stream}/{session}", server.options)
    app.router.add_post("/whep/{stream}", server.post)
    app.router.add_patch("/whep/{stream}/{session}", server.patch)
    app.router.add_delete("/whep/{stream}/{session}", server.delete)
    app.router.add_get("/sessions", server.list_sessions)
    app.router.add_get("/sessions/deleted", server.list_delete_requests)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.SockSite(runner, listener).start()

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    port = listener.getsockname()[1]
    print(f"http://127.0.0.1:{port}/whep/{args.stream}", flush=True)
    await stop.wait()
    log(args, "stopping")
    await asyncio.gather(*(server.close(s) for s in list(server.sessions.values())),
                         return_exceptions=True)
    await runner.cleanup()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--token", required=True, help="the one bearer token accepted")
    parser.add_argument("--port", type=int, default=0, help="loopback port; 0 picks a free one")
    parser.add_argument("--stream", default="main")
    parser.add_argument("--no-trickle", action="store_true", help="answer PATCH with 405")
    parser.add_argument("--max-sessions", type=int, default=8, help="503 beyond this many")
    parser.add_argument("--width", type=int, default=320)
    parser.add_argument("--height", type=int, default=240)
    parser.add_argument("--fps", type=int, default=15)
    parser.add_argument("--verbose", action="store_true", help="log sessions to stderr")
    args = parser.parse_args()
    if args.width % 2 or args.height % 2 or args.width < 32 or args.height < 16:
        parser.error("width and height must be even, at least 32x16")
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
