"""aiortc 1.16 as the independent WebRTC peer for PeerCam's media interop tests (issue 5):
it receives PeerCam's H264 + Opus and checks what it decodes, or sends H264 + Opus that
PeerCam must decode, both with pictures and sound PeerCam's own checkers understand.

Modes (one of):
  --receive  recvonly video + audio. Every decoded frame goes through the Python port of
             TestPatternFrameIndexReader (peercam_test_pattern.read_index); decoded audio
             goes through a Goertzel detector for ToneSource's steps (440/660/880/1100 Hz,
             one a second). The report says which indices came, in what order, and which
             tone each second carried.
  --send     sendonly video + audio: the same picture as TestPatternSource, frame n stamped
             with n (so TestPatternFrameIndexReader reads it back), forced to H264; and
             ToneSource's tone steps, forced to Opus.
Options: --role offer|answer (who makes the offer; default answer), --size WxH (640x480),
--fps N (30), --duration S (after S seconds of being connected: stop sending / report;
0 = wait for "finish"), --kinds video,audio (sections an offering script makes; an
answering script takes the kinds of the offer).

JSON lines on stdin/stdout, as in aiortc_transport_peer.py:
  In:  {"type": "offer"|"answer", "sdp"}, {"type": "candidate", "candidate", "mid"},
       {"type": "end-of-candidates"}, {"type": "finish"} (report now), {"type": "close"}
       (stdin closing counts as "close")
  Out: {"type": "offer"|"answer", "sdp"} (aiortc does not trickle: its candidates are in
       the SDP), {"type": "state", "connection"} on each change, {"type": "report", ...}
       (on "finish", and once by itself after --duration), {"type": "error", "reason"} for
       a line that is not JSON, of unknown type or malformed, {"type": "closed"} last.
Report fields: see ReceiveLog.report and SendLog.report.

Network: loopback only. No STUN/TURN (RTCConfiguration(iceServers=[])). aioice leaves
127.0.0.1 out of its host candidates (it skips loopback interfaces), so this script
overrides aioice's host-address lookup (aioice.ice.get_host_addresses) to return
["127.0.0.1"] rather than needing a network namespace: the only candidate either side
sees is loopback, and nothing leaves the machine.
"""
import argparse
import asyncio
import fractions
import json
import math
import sys
import time
from pathlib import Path

import aioice.ice

aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]

import av  # noqa: E402
import numpy as np  # noqa: E402
from aiortc import (  # noqa: E402
    RTCConfiguration, RTCPeerConnection, RTCRtpSender, RTCSessionDescription)
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack  # noqa: E402
from aiortc.sdp import candidate_from_sdp  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peercam_test_pattern as pattern  # noqa: E402

TONE_FREQUENCIES = (440.0, 660.0, 880.0, 1100.0)
AUDIO_RATE = 48000
AUDIO_BLOCK = 960  # 20 ms, one Opus frame
VIDEO_CLOCK = 90000


def emit(**fields):
    print(json.dumps(fields), flush=True)


# MARK: - Sending: PeerCam's test pattern and tone steps

class TestPatternVideoTrack(MediaStreamTrack):
    """TestPatternSource in Python: frame n is drawn and stamped with n, due n / fps seconds
    after the first frame (computed from the start, so timing never drifts)."""

    kind = "video"
    __test__ = False

    def __init__(self, width, height, fps):
        super().__init__()
        self.renderer = pattern.TestPatternRenderer(width, height)
        self.fps = fps
        self.frames_sent = 0
        self.start = None

    async def recv(self):
        if self.readyState != "live":
            raise MediaStreamError
        index = self.frames_sent
        if self.start is None:
            self.start = time.monotonic()
        delay = self.start + index / self.fps - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        buffer = self.renderer.render(index)
        frame = av.VideoFrame.from_ndarray(
            buffer.reshape(self.renderer.height * 3 // 2, self.renderer.width), format="yuv420p")
        frame.pts = index * VIDEO_CLOCK // self.fps
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self.frames_sent += 1
        return frame


class ToneStepsAudioTrack(MediaStreamTrack):
    """ToneSource in Python: a sine at half of full scale whose frequency steps each second
    through 440/660/880/1100 Hz, phase continuous, stereo s16 at 48 kHz in 20 ms frames."""

    kind = "audio"

    def __init__(self):
        super().__init__()
        self.samples_sent = 0
        self.phase = 0.0
        self.start = None

    def _next_samples(self):
        positions = self.samples_sent + np.arange(AUDIO_BLOCK)
        steps = np.asarray(TONE_FREQUENCIES)[(positions // AUDIO_RATE) % len(TONE_FREQUENCIES)]
        increments = 2 * math.pi * steps / AUDIO_RATE
        phases = self.phase + np.concatenate(([0.0], np.cumsum(increments[:-1])))
        self.phase = float((phases[-1] + increments[-1]) % (2 * math.pi))
        mono = np.round(np.sin(phases) * 0.5 * 32767).astype(np.int16)
        return np.repeat(mono, 2)

    async def recv(self):
        if self.readyState != "live":
            raise MediaStreamError
        if self.start is None:
            self.start = time.monotonic()
        delay = self.start + self.samples_sent / AUDIO_RATE - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        frame = av.AudioFrame.from_ndarray(self._next_samples().reshape(1, -1), format="s16", layout="stereo")
        frame.sample_rate = AUDIO_RATE
        frame.pts = self.samples_sent
        frame.time_base = fractions.Fraction(1, AUDIO_RATE)
        self.samples_sent += AUDIO_BLOCK
        return frame


# MARK: - Receiving: frame indices and tones

def index_runs(indices):
    """Arrival-ordered indices folded into [first, last] runs of consecutive numbers."""
    runs = []
    for index in indices:
        if runs and index == runs[-1][1] + 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return runs


def goertzel_share(samples, frequency):
    """Energy at `frequency` over the window's total energy (~1 for a clean sine there),
    scaled like ToneDetector.goertzelPower."""
    energy = float(np.dot(samples, samples))
    if energy <= 0:
        return 0.0
    coefficient = 2 * math.cos(2 * math.pi * frequency / AUDIO_RATE)
    previous = before = 0.0
    for value in samples.tolist():
        previous, before = value + coefficient * previous - before, previous
    power = previous * previous + before * before - coefficient * previous * before
    return 2 * power / len(samples) / energy


def dominant_tones(samples, window=AUDIO_RATE // 10, minimum_share=0.6):
    """ToneDetector over 100 ms windows, then a vote per received second: the tone most
    windows of that second heard, or None when none held `minimum_share` of the energy.
    Received seconds need not line up with the sender's steps, so one second may hold
    two tones; the vote names the longer one."""
    heard = []
    for start in range(0, len(samples) - window + 1, window):
        chunk = samples[start:start + window].astype(np.float64)
        shares = {f: goertzel_share(chunk, f) for f in TONE_FREQUENCIES}
        best = max(shares, key=shares.get)
        heard.append(best if shares[best] >= minimum_share else None)
    per_second = []
    windows_per_second = AUDIO_RATE // window
    for start in range(0, len(heard), windows_per_second):
        votes = [f for f in heard[start:start + windows_per_second] if f is not None]
        per_second.append(max(set(votes), key=votes.count) if votes else None)
    return per_second, sum(f is not None for f in heard), len(heard)


class ReceiveLog:
    """What aiortc decoded from PeerCam."""

    def __init__(self):
        self.indices = []
        self.unreadable = 0
        self.sizes = set()
        self.first_frame_at = None
        self.audio_chunks = []
        self.audio_samples = 0
        self.audio_rate = AUDIO_RATE

    def add_video(self, frame):
        if self.first_frame_at is None:
            self.first_frame_at = time.monotonic()
        if frame.format.name not in ("yuv420p", "yuvj420p"):
            frame = frame.reformat(format="yuv420p")
        plane = frame.planes[0]
        rows = np.frombuffer(plane, dtype=np.uint8)[: plane.line_size * frame.height]
        rows = rows.reshape(frame.height, plane.line_size)
        self.sizes.add(f"{frame.width}x{frame.height}")
        index = pattern.read_index(rows, frame.width, frame.height)
        if index is None:
            self.unreadable += 1
        else:
            self.indices.append(index)

    def add_audio(self, frame):
        samples = frame.to_ndarray().reshape(-1, len(frame.layout.channels))[:, 0]
        self.audio_rate = frame.sample_rate
        self.audio_chunks.append(samples.copy())
        self.audio_samples += len(samples)

    def report(self, times):
        seen, duplicates, out_of_order, highest = set(), 0, 0, None
        for index in self.indices:
            if index in seen:
                duplicates += 1
            elif highest is not None and index < highest:
                out_of_order += 1
            seen.add(index)
            highest = index if highest is None else max(highest, index)
        span = (max(seen) - min(seen) + 1) if seen else 0
        audio = np.concatenate(self.audio_chunks) if self.audio_chunks else np.zeros(0, np.int16)
        tones, windows_heard, windows = dominant_tones(audio) if self.audio_rate == AUDIO_RATE else ([], 0, 0)
        return {
            "mode": "receive",
            "framesDecoded": len(self.indices) + self.unreadable,
            "framesRead": len(self.indices),
            "unreadableFrames": self.unreadable,
            "distinctIndices": len(seen),
            "indexRuns": index_runs(self.indices),
            "missingInSpan": span - len(seen),
            "duplicates": duplicates,
            "outOfOrder": out_of_order,
            "firstIndex": self.indices[0] if self.indices else None,
            "lastIndex": self.indices[-1] if self.indices else None,
            "videoSizes": sorted(self.sizes),
            "audioSeconds": round(self.audio_samples / self.audio_rate, 3),
            "audioSampleRate": self.audio_rate,
            "tonePerSecond": tones,
            "toneWindowsHeard": windows_heard,
            "toneWindows": windows,
            **times(self.first_frame_at),
        }


async def consume(track, log):
    """Pulls decoded frames until the track ends (aiortc decodes in its own thread)."""
    add = log.add_video if track.kind == "video" else log.add_audio
    try:
        while True:
            add(await track.recv())
    except MediaStreamError:
        pass


# MARK: - The peer

def prefer(transceiver, mime_type):
    """Leaves only `mime_type` (and RTX for video) in the transceiver's codec list, so the
    negotiated codec is the one the test is about, not aiortc's first choice (VP8)."""
    codecs = [c for c in RTCRtpSender.getCapabilities(transceiver.kind).codecs
              if c.mimeType.lower() in (mime_type.lower(), "video/rtx")]
    transceiver.setCodecPreferences(codecs)


class MediaPeer:
    def __init__(self, arguments):
        self.arguments = arguments
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.log = ReceiveLog()
        self.video = self.audio = None
        if arguments.send:
            width, height = arguments.size
            self.video = TestPatternVideoTrack(width, height, arguments.fps)
            self.audio = ToneStepsAudioTrack()
        self.remote_set_at = self.connected_at = None
        self.consumers = []
        self.timer = None
        self.pc.on("connectionstatechange", self.connection_changed)
        self.pc.on("track", self.track_arrived)

    def connection_changed(self):
        state = self.pc.connectionState
        emit(type="state", connection=state)
        if state == "connected" and self.connected_at is None:
            self.connected_at = time.monotonic()
            if self.arguments.duration > 0:
                self.timer = asyncio.ensure_future(self.finish_after(self.arguments.duration))

    def track_arrived(self, track):
        if self.arguments.receive:
            self.consumers.append(asyncio.ensure_future(consume(track, self.log)))

    async def finish_after(self, seconds):
        await asyncio.sleep(seconds)
        emit(type="report", **self.report())

    def times(self, first_frame_at):
        def since(start):
            if start is None or first_frame_at is None:
                return None
            return round(first_frame_at - start, 4)
        return {"secondsToFirstFrameFromRemoteDescription": since(self.remote_set_at),
                "secondsToFirstFrameFromConnected": since(self.connected_at)}

    def negotiated_codecs(self):
        """The codec each media section settled on (aiortc sends/decodes the first)."""
        return {t.kind: t._codecs[0].mimeType if t._codecs else None for t in self.pc.getTransceivers()}

    def report(self):
        if self.arguments.receive:
            return {**self.log.report(self.times), "codecs": self.negotiated_codecs()}
        for track in (self.video, self.audio):
            track.stop()
        return {"mode": "send", "framesSent": self.video.frames_sent,
                "lastIndexSent": self.video.frames_sent - 1,
                "audioSecondsSent": round(self.audio.samples_sent / AUDIO_RATE, 3),
                "size": f"{self.video.renderer.width}x{self.video.renderer.height}",
                "codecs": self.negotiated_codecs(),
                **self.times(self.video.start)}

    def add_media(self):
        """Sets up this mode's media: as answerer on the sections the offer made (a kind the
        offer lacks is left out), as offerer on new transceivers for --kinds."""
        existing = {t.kind: t for t in self.pc.getTransceivers()}
        answering = bool(existing)
        for kind, mime_type in (("video", "video/H264"), ("audio", "audio/opus")):
            track = self.video if kind == "video" else self.audio
            if answering:
                if kind not in existing:
                    continue
                transceiver = existing[kind]
                if track is not None:
                    self.pc.addTrack(track)  # aiortc puts it on the offered transceiver
            elif kind not in self.arguments.kinds:
                continue
            elif track is not None:
                transceiver = self.pc.addTransceiver(track, direction="sendonly")
            else:
                transceiver = self.pc.addTransceiver(kind, direction="recvonly")
            prefer(transceiver, mime_type)

    async def handle(self, message):
        kind = message["type"]
        if kind == "offer":
            await self.pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "offer"))
            self.remote_set_at = time.monotonic()
            self.add_media()
            await self.pc.setLocalDescription(await self.pc.createAnswer())
            emit(type="answer", sdp=self.pc.localDescription.sdp)
        elif kind == "answer":
            await self.pc.setRemoteDescription(RTCSessionDescription(message["sdp"], "answer"))
            self.remote_set_at = time.monotonic()
        elif kind == "candidate":
            candidate = candidate_from_sdp(message["candidate"].removeprefix("a=").removeprefix("candidate:"))
            candidate.sdpMid = message["mid"]
            await self.pc.addIceCandidate(candidate)
        elif kind == "end-of-candidates":
            await self.pc.addIceCandidate(None)
        elif kind == "finish":
            emit(type="report", **self.report())
        elif kind == "close":
            return False
        else:
            emit(type="error", reason=f"unknown message type {kind!r}")
        return True

    async def run(self):
        if self.arguments.role == "offer":
            self.add_media()
            await self.pc.setLocalDescription(await self.pc.createOffer())
            emit(type="offer", sdp=self.pc.localDescription.sdp)
        reader = asyncio.StreamReader()
        loop = asyncio.get_running_loop()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        while True:
            line = await reader.readline()
            if not line:
                break
            if not line.strip():
                continue
            try:
                message = json.loads(line)
            except json.JSONDecodeError as error:
                emit(type="error", reason=f"not JSON: {error}")
                continue
            if not isinstance(message, dict) or "type" not in message:
                emit(type="error", reason="a message is a JSON object with a \"type\"")
                continue
            try:
                if not await self.handle(message):
                    break
            except (KeyError, ValueError, TypeError) as error:
                # A malformed message (missing field, bad SDP or candidate) is answered, so
                # the Swift side sees what it sent wrong instead of a vanished process.
                emit(type="error", reason=f"{message.get('type')!r}: {type(error).__name__}: {error}")
        if self.timer is not None:
            self.timer.cancel()
        await self.pc.close()
        for consumer in self.consumers:
            consumer.cancel()
        emit(type="closed")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--receive", action="store_true", help="receive PeerCam's H264 + Opus and check it")
    mode.add_argument("--send", action="store_true", help="send the test pattern and tone steps")
    parser.add_argument("--role", choices=["offer", "answer"], default="answer")
    parser.add_argument("--size", type=pattern.parse_size, default=(640, 480), metavar="WxH")
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--duration", type=float, default=0.0, metavar="S")
    parser.add_argument("--kinds", type=lambda text: text.split(","), default=["video", "audio"],
                        help="media sections an offering script makes (default video,audio)")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(MediaPeer(parse_arguments(sys.argv[1:])).run())
