#!/usr/bin/env python3
"""TCP forward between two test hosts (they share no network): listens on LISTEN_ADDR:PORT (the host
side of one host's veth) and connects each client to TARGET:PORT (another test host). Nothing else.
Usage: tcpforward.py LISTEN_ADDR LISTEN_PORT TARGET_ADDR TARGET_PORT"""
import asyncio
import sys


async def pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def main(listen, lport, target, tport):
    async def handle(creader, cwriter):
        try:
            treader, twriter = await asyncio.wait_for(asyncio.open_connection(target, tport), 10)
        except (OSError, asyncio.TimeoutError):
            cwriter.close()
            return
        await asyncio.gather(pipe(creader, twriter), pipe(treader, cwriter))

    server = await asyncio.start_server(handle, listen, lport)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])))
