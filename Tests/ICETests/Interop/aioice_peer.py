#!/usr/bin/env python3
"""An aioice (aiortc's ICE layer) peer for ICEInteropTests.

Signaling is one JSON object per line: this peer prints its credentials, its candidates,
{"end": true}, then {"connected": true} and {"received": "..."}; it reads the same shapes
from stdin. It echoes the first datagram back as b"echo:" + datagram, then waits for stdin
to close. Loopback only: host addresses are 127.0.0.1, no STUN or TURN server.

Usage: aioice_peer.py controlling|controlled
"""
import asyncio
import json
import sys

import aioice.ice
from aioice import Candidate, Connection

# aioice leaves 127.0.0.1 out of its host candidates; this test needs exactly that address.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]


def emit(**message):
    print(json.dumps(message), flush=True)


async def main():
    connection = Connection(ice_controlling=sys.argv[1] == "controlling", components=1, use_ipv6=False)
    await connection.gather_candidates()
    emit(ufrag=connection.local_username, pwd=connection.local_password)
    for candidate in connection.local_candidates:
        emit(candidate="candidate:" + candidate.to_sdp())
    emit(end=True)

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            return
        message = json.loads(line)
        if "ufrag" in message:
            connection.remote_username = message["ufrag"]
            connection.remote_password = message["pwd"]
        elif "candidate" in message:
            sdp = message["candidate"].removeprefix("a=").removeprefix("candidate:")
            await connection.add_remote_candidate(Candidate.from_sdp(sdp))
        elif "end" in message:
            await connection.add_remote_candidate(None)
            break

    await asyncio.wait_for(connection.connect(), 20)
    emit(connected=True)
    data = await asyncio.wait_for(connection.recv(), 10)
    await connection.send(b"echo:" + data)
    emit(received=data.decode())
    await reader.read()  # until the test closes stdin
    await connection.close()


asyncio.run(main())
