"""The parts of a several-node deployment that are not our code, run on this machine for a
benchmark or a test: PgBouncer in front of PostgreSQL, and nginx balancing several web servers.

Both are Debian's own binaries, run in the foreground with every file in a temporary directory
of their own and stopped at the end: no system service is involved. PgBouncer refuses to run as
root, so as root it runs as the `postgres` user.
"""

import contextlib
import os
import pwd
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from . import harness

PGBOUNCER = "/usr/sbin/pgbouncer"
NGINX = "/usr/sbin/nginx"

PGBOUNCER_CONFIG = """
[databases]
; Every database of the PostgreSQL server behind, by the name the client asks for.
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen_port}
unix_socket_dir =
; Loopback only, for a benchmark or a test, as the PostgreSQL behind trusts loopback. A deployment
; uses auth_type = scram-sha-256 with real passwords.
auth_type = trust
auth_file = {tmp}/users.txt
pool_mode = {pool_mode}
default_pool_size = {pool_size}
max_client_conn = 1000
logfile = {tmp}/pgbouncer.log
pidfile = {tmp}/pgbouncer.pid
"""


class PgBouncer:
    """PgBouncer on a free port in front of the PostgreSQL of `database_url`, in `pool_mode`
    (transaction pooling by default: every transaction may run on another server session).
    `url` is `database_url` with PgBouncer's host and port."""

    def __init__(self, database_url, *, pool_mode="transaction", pool_size=16, log_name="pgbouncer"):
        self.target = urlparse(database_url)
        self.port = harness.free_port()
        self.url = self.target._replace(netloc=f"{self.target.username or 'postgres'}@127.0.0.1:{self.port}").geturl()
        self.pool_mode, self.pool_size, self.log_name = pool_mode, pool_size, log_name
        self.stack = contextlib.ExitStack()

    def __enter__(self):
        if not os.path.exists(PGBOUNCER):
            raise RuntimeError(f"{PGBOUNCER} is missing: apt-get install pgbouncer")
        tmp = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix="pgbouncer-")))
        user = self.target.username or "postgres"
        (tmp / "users.txt").write_text(f'"{user}" ""\n')
        config = tmp / "pgbouncer.ini"
        config.write_text(
            PGBOUNCER_CONFIG.format(
                host=self.target.hostname or "127.0.0.1", port=self.target.port or 5432, listen_port=self.port,
                tmp=tmp, pool_mode=self.pool_mode, pool_size=self.pool_size,
            )
        )  # fmt: skip
        command = [PGBOUNCER, str(config)]
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            for path in (tmp, *tmp.iterdir()):
                os.chown(path, postgres.pw_uid, postgres.pw_gid)
            command = ["runuser", "-u", "postgres", "--", *command]
        self.stack.enter_context(harness.process(self.log_name, command, os.environ.copy(), port=self.port))
        return self

    def __exit__(self, *exc):
        self.stack.close()


NGINX_CONFIG = """
daemon off;
master_process off;
worker_processes 1;
# Each request in flight holds two connections (client and server): a surge that queues needs many.
worker_rlimit_nofile 16384;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 8192; }}
http {{
    log_format balanced '$msec $request_method $uri $status $upstream_addr $upstream_status $request_time';
    access_log {tmp}/access.log balanced;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream web {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://web;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 60s;
            # A server that refuses the connection (a dead one) is skipped for the next, POSTs too:
            # nothing was sent to it. A request a server dies holding is not sent again.
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


class LoadBalancer:
    """Debian's nginx on a free port, balancing round-robin over web servers on `ports`; its
    access log (time, method, path, status, upstream, upstream status) is kept as
    var/bench-logs/NAME-access.log."""

    def __init__(self, ports, name="nginx"):
        self.ports = ports
        self.port = harness.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.name = name
        self.stack = contextlib.ExitStack()

    def __enter__(self):
        if not os.path.exists(NGINX):
            raise RuntimeError(f"{NGINX} is missing: apt-get install nginx-light")
        tmp = self.stack.enter_context(tempfile.TemporaryDirectory(prefix="nginx-"))
        self.tmp = Path(tmp)
        servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in self.ports)
        config = self.tmp / "nginx.conf"
        config.write_text(NGINX_CONFIG.format(tmp=tmp, port=self.port, servers=servers))
        command = [NGINX, "-e", f"{tmp}/error.log", "-p", tmp, "-c", str(config)]
        self.stack.callback(self.keep_logs)
        self.stack.enter_context(harness.process(self.name, command, os.environ.copy(), port=self.port))
        return self

    def keep_logs(self):
        for name in ("access.log", "error.log"):
            if (self.tmp / name).exists():
                shutil.copy(self.tmp / name, harness.LOGS / f"{self.name}-{name}")

    def __exit__(self, *exc):
        self.stack.close()


def wait_until(condition, timeout, every=0.2, message="condition not met"):
    """Wait for `condition()` to be true, at most `timeout` seconds; returns the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"{message} within {timeout} s")
        time.sleep(every)
    return time.monotonic() - started


def kill(proc):
    """SIGKILL a process and everything it started (its process group), as a crash would."""
    os.killpg(proc.pid, 9)
    proc.wait()
    return time.monotonic()


def available():
    """What is missing to run a several-node benchmark, in words (empty when nothing is)."""
    missing = [path for path in (PGBOUNCER, NGINX) if not os.path.exists(path)]
    if os.geteuid() == 0 and not shutil.which("runuser"):
        missing.append("runuser")
    return missing
