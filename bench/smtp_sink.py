"""An SMTP server that accepts everything, for benchmarks: it counts messages and, when asked,
appends the confirmation links it finds to a file (one line each) for the load generator, and
writes one line per message received (its recipients, a tab, its subject) to a log, so that a
benchmark can tell a message received twice."""

import argparse
import email.parser
import email.policy
import re
import signal
import threading

from aiosmtpd.controller import Controller

LINK = re.compile(rb"https?://\S+/petitions/confirm/[^/\s]+/")
HEADERS = email.parser.BytesHeaderParser(policy=email.policy.default)


class Sink:
    def __init__(self, links_file, log_file):
        self.count = 0
        self.links = open(links_file, "ab", buffering=0) if links_file else None  # noqa: SIM115
        self.log = open(log_file, "a", encoding="utf-8", buffering=1) if log_file else None  # noqa: SIM115

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        if self.links:
            match = LINK.search(envelope.content)
            if match:
                self.links.write(match.group(0) + b"\n")
        if self.log:
            subject = " ".join(str(HEADERS.parsebytes(envelope.content)["Subject"] or "").split())
            self.log.write(f"{','.join(sorted(envelope.rcpt_tos)).lower()}\t{subject}\n")
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--links-file")
    parser.add_argument("--log-file")
    args = parser.parse_args()
    controller = Controller(Sink(args.links_file, args.log_file), hostname="127.0.0.1", port=args.port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
