"""The load generator: a separate process of asyncio clients, each with its own cookies.

    python -m bench.load --base URL --mode sign|constant|insert --users N --duration S --petition SLUG
        [--links-file FILE]

`sign` fetches the petition page, takes the CSRF token from its form and posts a real signing form
with a new address, again and again. With --links-file it also confirms one in ten of the signatures
whose mail reached the SMTP sink (as the people who check their mail at once would), and watches the petition's JSON to see how far the shown count lags behind.
Prints one JSON object.
"""

import argparse
import asyncio
import json
import re
import time
import uuid
from pathlib import Path

import aiohttp

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Tally:
    def __init__(self):
        self.latencies = []  # seconds, of the measured request
        self.ok = 0
        self.errors = 0
        self.statuses = {}

    def record(self, started, status, ok):
        self.latencies.append(time.perf_counter() - started)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if ok:
            self.ok += 1
        else:
            self.errors += 1


async def signer(base, slug, user, deadline, tally, run_id):
    page_url = f"{base}/petitions/{slug}/"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        n = 0
        while time.monotonic() < deadline:
            n += 1
            try:
                async with session.get(page_url) as response:
                    html = await response.text()
                token = CSRF.search(html).group(1)
                form = {
                    "csrfmiddlewaretoken": token,
                    "name": f"Load Tester {user}",
                    "email": f"bench-{run_id}-{user}-{n}@example.org",
                    "country": "GB",
                    "postcode": "SW1A 0AA",
                    "website": "",
                }
                started = time.perf_counter()
                async with session.post(
                    page_url + "sign/", data=form, allow_redirects=False, headers={"Referer": page_url}
                ) as response:
                    await response.read()
                    tally.record(started, response.status, response.status == 302)
            except (TimeoutError, aiohttp.ClientError, AttributeError):
                tally.record(time.perf_counter(), "exception", False)


async def ceiling_client(base, mode, slug, deadline, tally):
    url = f"{base}/bench/{mode}/?petition={slug}"
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                method = session.post if mode == "insert" else session.get
                async with method(url) as response:
                    await response.read()
                    tally.record(started, response.status, response.status == 200)
            except aiohttp.ClientError:
                tally.record(started, "exception", False)


async def confirmer(links_file, deadline, confirmed_at, every):
    """Confirm one in `every` signatures whose mail arrived, as its signer would: open the link,
    press the button. Links already in the file (from an earlier run) are left alone."""
    path = Path(links_file)
    seen = len(path.read_text().split()) if path.exists() else 0
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        while time.monotonic() < deadline:
            links = path.read_text().split() if path.exists() else []
            for link in links[seen:][::every]:
                async with session.get(link) as response:
                    token = CSRF.search(await response.text())
                if token:
                    async with session.post(
                        link, data={"csrfmiddlewaretoken": token.group(1)}, headers={"Referer": link}
                    ) as response:
                        await response.read()
                        if response.status == 200:
                            confirmed_at.append(time.monotonic())
            seen = len(links)
            await asyncio.sleep(0.2)


async def watcher(base, slug, deadline, observations):
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            async with session.get(f"{base}/petitions/{slug}.json") as response:
                data = await response.json()
            observations.append((time.monotonic(), data["signature_count"]))
            await asyncio.sleep(0.1)


def count_lags(confirmed_at, observations, base_count):
    """Seconds between the k-th confirmation and the first time the shown count included it."""
    lags = []
    for k, at in enumerate(sorted(confirmed_at), start=1):
        seen = next((t for t, count in observations if count >= base_count + k and t >= at - 0.001), None)
        if seen is not None:
            lags.append(max(0.0, seen - at))
    return lags


async def main(args):
    tally = Tally()
    started = time.monotonic()
    deadline = started + args.duration
    run_id = uuid.uuid4().hex[:8]
    tasks = []
    confirmed_at, observations = [], []
    if args.mode == "sign":
        tasks += [signer(args.base, args.petition, u, deadline, tally, run_id) for u in range(args.users)]
        if args.links_file:
            # Keep confirming and watching a little after the surge, so late mail is counted too.
            tasks += [confirmer(args.links_file, deadline + 3, confirmed_at, args.confirm_every)]
            tasks += [watcher(args.base, args.petition, deadline + 5, observations)]
    else:
        tasks += [ceiling_client(args.base, args.mode, args.petition, deadline, tally) for _ in range(args.users)]
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    base_count = observations[0][1] if observations else 0
    result = {
        "mode": args.mode,
        "users": args.users,
        "seconds": round(min(elapsed, args.duration), 2),
        "ok": tally.ok,
        "errors": tally.errors,
        "statuses": {str(k): v for k, v in tally.statuses.items()},
        "latencies": tally.latencies,
        "confirmed": len(confirmed_at),
        "count_lags": count_lags(confirmed_at, observations, base_count),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--mode", choices=["sign", "constant", "insert"], required=True)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--petition", required=True)
    parser.add_argument("--links-file")
    parser.add_argument("--confirm-every", type=int, default=10)
    asyncio.run(main(parser.parse_args()))
