"""The open-loop load generator: signers arrive at a fixed rate, whatever the server does.

    python -m bench.arrivals --base URL --rate PER_SECOND --duration S --petition SLUG
        [--links-file FILE] [--output FILE]

A closed-loop generator (bench/load.py: N users, each waiting for its answer before asking again)
slows down as the server does, so the queue it measures is the one it builds itself. Here the
i-th signer arrives at start + i / rate, as the public would in a surge, whether or not earlier
ones were answered: when the server falls behind, requests queue and the latency shows it.

Each signer is a new visitor: its own connection and cookies, the petition page (for the CSRF
token in its form), then the signing form with a new address; the latency of that POST is the
figure. With --links-file, the confirmation links the SMTP sink writes there (bench/smtp_sink.py)
are confirmed, every one, as their signers would: open the link, press the button (again, if the
server failed to answer). Every request is recorded with its start and end on the machine's
monotonic clock, so that a harness that kills a server knows which requests it held.

Prints one JSON object (or writes it to --output).
"""

import argparse
import asyncio
import json
import os
import resource
import time
import uuid
from pathlib import Path

import aiohttp

from .load import CSRF

TIMEOUT = aiohttp.ClientTimeout(total=60)
CONFIRM_TRIES = 5


class Record:
    """Every request made, as [kind, started, ended, status], on time.monotonic()."""

    def __init__(self):
        self.requests = []

    async def request(self, session, kind, method, url, **kwargs):
        """The response's status and text, or ("exception", "") when none came."""
        started = time.monotonic()
        try:
            async with session.request(method, url, allow_redirects=False, **kwargs) as response:
                text = await response.text()
                status = response.status
        except (TimeoutError, aiohttp.ClientError) as error:
            status, text = f"exception: {type(error).__name__}", ""
        self.requests.append([kind, started, time.monotonic(), status])
        return status, text


def new_session():
    # A connection of its own, closed by the client within a second of its last use: the server
    # (gunicorn keeps idle connections 2 s) never closes one under a request about to be sent.
    connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=1)
    return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=TIMEOUT)


async def signer(base, slug, number, run_id, due, record, signed):
    page_url = f"{base}/petitions/{slug}/"
    lag = time.monotonic() - due
    async with new_session() as session:
        status, html = await record.request(session, "page", "GET", page_url)
        token = CSRF.search(html) if status == 200 else None
        if not token:
            return lag
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "name": f"Open Loop {number}",
            "email": f"arrival-{run_id}-{number}@example.org",
            "country": "GB",
            "postcode": "SW1A 0AA",
            "website": "",
        }
        status, _ = await record.request(
            session, "sign", "POST", page_url + "sign/", data=form, headers={"Referer": page_url}
        )
        if status == 302:
            signed.append(number)
    return lag


async def confirm(link, record):
    """Open the link and press its button; True once the page says the signature is confirmed."""
    async with new_session() as session:
        for _ in range(CONFIRM_TRIES):
            status, html = await record.request(session, "confirm page", "GET", link)
            token = CSRF.search(html) if status == 200 else None
            if status == 200 and not token:
                return True  # the page of a confirmed signature has no button (a POST before went through)
            if token:
                status, _ = await record.request(
                    session, "confirm", "POST", link, data={"csrfmiddlewaretoken": token.group(1)},
                    headers={"Referer": link},
                )  # fmt: skip
                if status == 200:
                    return True
            await asyncio.sleep(0.5)
    return False


def complete_lines(path):
    """The lines of a file another process appends to, but for one it may be writing."""
    return path.read_text().split("\n")[:-1] if path.exists() else []


async def confirmer(links_file, signing_done, expected, quiet_seconds, deadline, record, confirmed, failed):
    """Confirm every link that arrives after the start, until signing is over, every accepted
    signature's link came and was confirmed, and no new link came for `quiet_seconds`, or the
    deadline."""
    path = Path(links_file)
    seen = len(complete_lines(path))
    pending = set()
    last_new = time.monotonic()
    while time.monotonic() < deadline:
        links = complete_lines(path)
        for link in links[seen:]:
            pending.add(asyncio.create_task(confirm(link, record)))
            last_new = time.monotonic()
        seen = len(links)
        for task in [t for t in pending if t.done()]:
            pending.discard(task)
            (confirmed if task.result() else failed).append(1)
        quiet = time.monotonic() - last_new >= quiet_seconds
        if signing_done.is_set() and not pending and quiet and len(confirmed) + len(failed) >= expected():
            break
        await asyncio.sleep(0.1)
    for task in pending:
        (confirmed if await task else failed).append(1)


def allow_many_connections():
    """Every signer waiting for its answer holds a connection: when the server queues, hundreds."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def run_before_the_server():
    """The generator stands for the visitors' own machines: on a busy machine it must not be late
    to send or to read an answer because the server's processes had the CPU (it uses little).
    Raising its priority needs root; elsewhere its lateness is reported (start_lag_max_s)."""
    try:
        os.nice(-5)
    except PermissionError:
        pass


async def main(args):
    allow_many_connections()
    run_before_the_server()
    record = Record()
    run_id = uuid.uuid4().hex[:8]
    signed, confirmed, failed = [], [], []
    signing_done = asyncio.Event()
    confirming = None
    if args.links_file:
        deadline = time.monotonic() + args.duration + args.confirm_seconds
        confirming = asyncio.create_task(
            confirmer(args.links_file, signing_done, lambda: len(signed), args.quiet_seconds, deadline, record,
                      confirmed, failed)
        )  # fmt: skip
    started = time.monotonic()
    arrivals = int(args.rate * args.duration)
    signers = []
    for number in range(arrivals):
        due = started + number / args.rate
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        signers.append(asyncio.create_task(signer(args.base, args.petition, number, run_id, due, record, signed)))
    lags = await asyncio.gather(*signers)
    signing_seconds = time.monotonic() - started
    signing_done.set()
    if confirming:
        await confirming
    result = {
        "run_id": run_id,
        "rate": args.rate,
        "arrivals": arrivals,
        "started": started,
        "signing_seconds": round(signing_seconds, 2),
        "signed": len(signed),
        "start_lag_max_s": round(max(lags, default=0.0), 3),
        "generator_cpu_s": round(time.process_time(), 1),
        "confirmed": len(confirmed),
        "confirm_failed": len(failed),
        "requests": record.requests,
    }
    text = json.dumps(result)
    if args.output:
        Path(args.output).write_text(text)
    else:
        print(text)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--rate", type=float, required=True, help="signers arriving per second")
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--petition", required=True)
    parser.add_argument("--links-file")
    parser.add_argument("--quiet-seconds", type=float, default=3)
    parser.add_argument("--confirm-seconds", type=float, default=120, help="at most this long after signing")
    parser.add_argument("--output")
    asyncio.run(main(parser.parse_args()))
