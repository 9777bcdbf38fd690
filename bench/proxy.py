"""One address in front of two server groups, as a load balancer in front of two hosts.

    python -m bench.proxy LISTEN_PORT BACKEND_PORT [BACKEND_PORT ...]

A TCP proxy on 127.0.0.1 (asyncio, standard library only): each new client connection
goes to the next backend in turn (round robin per connection, as a layer-4 balancer
does; a client keeps its connection, so it stays on one group while it lasts), and
bytes are copied both ways until either side closes. It prints ``ready`` once it
listens. Nothing but 127.0.0.1 is ever addressed.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import sys

CHUNK = 64 * 1024


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        with contextlib.suppress(RuntimeError):  # the loop is closing
            writer.close()


def handler(backends: list[int]):
    turn = itertools.cycle(backends)

    async def handle(client_reader, client_writer) -> None:
        port = next(turn)
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            _pipe(client_reader, server_writer), _pipe(server_reader, client_writer)
        )

    return handle


async def serve(listen: int, backends: list[int], ready=None) -> None:
    server = await asyncio.start_server(handler(backends), "127.0.0.1", listen, backlog=4096)
    if ready is not None:
        ready()
    async with server:
        await server.serve_forever()


def main(argv: list[str]) -> None:
    listen, *backends = (int(arg) for arg in argv)
    if not backends:
        raise SystemExit("usage: python -m bench.proxy LISTEN_PORT BACKEND_PORT ...")
    asyncio.run(serve(listen, backends, ready=lambda: print("ready", flush=True)))


if __name__ == "__main__":
    main(sys.argv[1:])
