"""Proves aiortc_media_peer.py works before a Swift test relies on it: one instance in
--send mode and one in --receive mode talk to each other over loopback (aiortc ↔ aiortc),
wired by this driver through their JSON-lines stdin/stdout, once with the sender offering
and once with the receiver offering.

Passes (exit 0) when, for each wiring, H264 and Opus were negotiated, the receiver read back
at least 95 % of the frame indices the sender sent, and heard the tone steps in order. Prints one JSON line per wiring
with the figures (frames sent/read, time to first frame) and a verdict.

  .venv/bin/python Tests/Interop/selfcheck_media_peer.py [--seconds 10] [--size 640x480] [--fps 30]
"""
import argparse
import asyncio
import json
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "aiortc_media_peer.py"
TONE_STEPS = [440.0, 660.0, 880.0, 1100.0]
FORCED_CODECS = {"video": "video/H264", "audio": "audio/opus"}


class Peer:
    """One aiortc_media_peer.py process and its lines."""

    def __init__(self, process, name):
        self.process, self.name = process, name

    @classmethod
    async def start(cls, name, *arguments):
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(SCRIPT), *arguments,
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        return cls(process, name)

    def send(self, **message):
        self.process.stdin.write((json.dumps(message) + "\n").encode())

    async def next(self, wanted, timeout=20):
        """The next message of type `wanted`, skipping state changes."""
        while True:
            line = await asyncio.wait_for(self.process.stdout.readline(), timeout)
            if not line:
                raise RuntimeError(f"{self.name} ended before {wanted}")
            message = json.loads(line)
            if message["type"] == wanted:
                return message
            if message["type"] == "state" and message["connection"] == "failed":
                raise RuntimeError(f"{self.name}: connection failed")
            if message["type"] not in ("state",):
                raise RuntimeError(f"{self.name}: expected {wanted}, got {message}")

    async def stop(self):
        self.send(type="close")
        try:
            await self.next("closed", timeout=10)
            self.process.stdin.close()
            await asyncio.wait_for(self.process.wait(), 10)
        except (RuntimeError, asyncio.TimeoutError):
            self.process.kill()
            await self.process.wait()


def tones_in_order(per_second):
    """Every heard second names a tone step, consecutive ones the same or the next step,
    and at least half the seconds carry a tone."""
    heard = [tone for tone in per_second if tone is not None]
    if len(heard) < max(1, len(per_second) // 2):
        return False
    for before, after in zip(heard, heard[1:]):
        step = TONE_STEPS.index(before)
        if after not in (before, TONE_STEPS[(step + 1) % len(TONE_STEPS)]):
            return False
    return True


async def wire(offerer_is_sender, seconds, size, fps):
    common = ["--size", size, "--fps", str(fps)]
    sender = await Peer.start("sender", "--send", "--role", "offer" if offerer_is_sender else "answer", *common)
    receiver = await Peer.start("receiver", "--receive", "--role", "answer" if offerer_is_sender else "offer", *common)
    offerer, answerer = (sender, receiver) if offerer_is_sender else (receiver, sender)
    try:
        offer = await offerer.next("offer")
        answerer.send(type="offer", sdp=offer["sdp"])
        answer = await answerer.next("answer")
        offerer.send(type="answer", sdp=answer["sdp"])
        await asyncio.sleep(seconds)
        sender.send(type="finish")
        sent = await sender.next("report")
        await asyncio.sleep(0.5)  # frames still in flight
        receiver.send(type="finish")
        received = await receiver.next("report")
    finally:
        await asyncio.gather(sender.stop(), receiver.stop())
    indices = set()
    for first, last in received["indexRuns"]:
        indices.update(range(first, last + 1))
    read_back = len(indices & set(range(sent["framesSent"])))
    share = read_back / sent["framesSent"] if sent["framesSent"] else 0.0
    tones_ok = tones_in_order(received["tonePerSecond"])
    return {
        "wiring": "sender offers" if offerer_is_sender else "receiver offers",
        "framesSent": sent["framesSent"],
        "framesDecoded": received["framesDecoded"],
        "indicesReadBack": read_back,
        "shareReadBack": round(share, 4),
        "unreadableFrames": received["unreadableFrames"],
        "duplicates": received["duplicates"],
        "outOfOrder": received["outOfOrder"],
        "videoSizes": received["videoSizes"],
        "secondsToFirstFrameFromRemoteDescription": received["secondsToFirstFrameFromRemoteDescription"],
        "secondsToFirstFrameFromConnected": received["secondsToFirstFrameFromConnected"],
        "audioSecondsSent": sent["audioSecondsSent"],
        "audioSecondsReceived": received["audioSeconds"],
        "tonePerSecond": received["tonePerSecond"],
        "codecs": received["codecs"],
        "passed": share >= 0.95 and tones_ok and received["codecs"] == FORCED_CODECS,
    }


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--size", default="640x480")
    parser.add_argument("--fps", type=int, default=30)
    arguments = parser.parse_args()
    results = []
    for offerer_is_sender in (True, False):
        result = await wire(offerer_is_sender, arguments.seconds, arguments.size, arguments.fps)
        print(json.dumps(result), flush=True)
        results.append(result)
    return 0 if all(r["passed"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
