/**
 * The demo web app every service runs until a real one replaces it: Python 3 standard library only (works
 * on Amazon Linux 2023's python3.9 and newer), so user data installs nothing. It answers:
 * - the health path (`HEALTH_PATH`, default `/health`): 200 "ok";
 * - `/`: JSON with the instance id and AZ from IMDSv2 (placeholders when IMDS is unreachable) and, for every
 *   environment variable ending in `_ENDPOINT` whose value is `host:port`, whether a TCP connection succeeds;
 * - `/stress?seconds=N`: burns every CPU for N seconds (capped) so scaling policies can be watched;
 * - on every response, `X-Stormproof-Instance` and `X-Stormproof-AZ` headers, so load tests count who answered.
 * Kept as a TS string because the build transpiles only .ts files; it contains no `${` so Terraform never
 * mistakes it for interpolation.
 */
export const DEMO_APP_PY = String.raw`#!/usr/bin/env python3
"""Stormproof demo app: /health, / (instance, AZ, endpoint reachability) and /stress?seconds=N."""
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("APP_PORT", "8080"))
BIND = os.environ.get("APP_BIND", "0.0.0.0")
SERVICE = os.environ.get("SERVICE_NAME", "app")
HEALTH_PATH = os.environ.get("HEALTH_PATH", "/health")
IMDS_URL = os.environ.get("IMDS_URL", "http://169.254.169.254")
IMDS_TIMEOUT = float(os.environ.get("IMDS_TIMEOUT_SECONDS", "0.3"))
ENDPOINT_TIMEOUT = float(os.environ.get("ENDPOINT_TIMEOUT_SECONDS", "1.0"))
# Stays under the ALB's default 60 s idle timeout, so the answer still reaches the caller.
MAX_STRESS_SECONDS = 50
HOST_PORT = re.compile(r"^\[?([A-Za-z0-9.:-]+?)\]?:(\d{1,5})$")

_identity = None
_identity_lock = threading.Lock()


def _imds(path, token):
    req = urllib.request.Request(IMDS_URL + path, headers={"X-aws-ec2-metadata-token": token})
    with urllib.request.urlopen(req, timeout=IMDS_TIMEOUT) as resp:
        return resp.read().decode()


def identity():
    """Instance id and AZ from IMDSv2, looked up once; quick placeholders off EC2."""
    global _identity
    with _identity_lock:
        if _identity is None:
            found = {"instance_id": "unknown-instance", "availability_zone": "unknown-az", "imds": "unreachable"}
            try:
                req = urllib.request.Request(
                    IMDS_URL + "/latest/api/token",
                    method="PUT",
                    headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"},
                )
                with urllib.request.urlopen(req, timeout=IMDS_TIMEOUT) as resp:
                    token = resp.read().decode()
                found = {
                    "instance_id": _imds("/latest/meta-data/instance-id", token),
                    "availability_zone": _imds("/latest/meta-data/placement/availability-zone", token),
                    "imds": "ok",
                }
            except Exception:  # noqa: BLE001 - any failure means "not on EC2", keep the placeholders
                pass
            _identity = found
        return _identity


def endpoints():
    """Reachability of every *_ENDPOINT=host:port, so the data tier's wiring shows on the page."""
    result = {}
    for name in sorted(os.environ):
        if not name.endswith("_ENDPOINT"):
            continue
        value = os.environ[name].strip()
        m = HOST_PORT.match(value)
        if not m:
            continue
        host, port = m.group(1), int(m.group(2))
        started = time.monotonic()
        try:
            with socket.create_connection((host, port), timeout=ENDPOINT_TIMEOUT):
                pass
            entry = {"target": value, "reachable": True}
        except OSError as err:
            entry = {"target": value, "reachable": False, "error": err.__class__.__name__ + ": " + str(err)}
        entry["millis"] = round((time.monotonic() - started) * 1000, 1)
        result[name] = entry
    return result


BURN = "import time\nend = time.monotonic() + float(__import__('sys').argv[1])\nwhile time.monotonic() < end:\n    pass\n"


def stress(seconds):
    """Keeps every CPU busy for the given seconds (one process per CPU: threads would share one core)."""
    workers = os.cpu_count() or 1
    if seconds <= 0:
        return 0
    procs = [subprocess.Popen([sys.executable, "-c", BURN, str(seconds)]) for _ in range(workers)]
    for p in procs:
        p.wait()
    return workers


class Handler(BaseHTTPRequestHandler):
    server_version = "stormproof-demo/1"

    def _send(self, status, body, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        # Which instance and AZ answered: a load test behind the ALB counts them to prove the balancing.
        ident = identity()
        self.send_header("X-Stormproof-Instance", ident["instance_id"])
        self.send_header("X-Stormproof-AZ", ident["availability_zone"])
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status, obj):
        self._send(status, json.dumps(obj, indent=2) + "\n")

    def do_GET(self):  # noqa: N802 - http.server's naming
        url = urllib.parse.urlsplit(self.path)
        if url.path == HEALTH_PATH:
            self._send(200, "ok\n", "text/plain")
        elif url.path == "/":
            ident = identity()
            self._json(200, {
                "service": SERVICE,
                "instance_id": ident["instance_id"],
                "availability_zone": ident["availability_zone"],
                "imds": ident["imds"],
                "hostname": socket.gethostname(),
                "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "endpoints": endpoints(),
            })
        elif url.path == "/stress":
            query = urllib.parse.parse_qs(url.query)
            try:
                requested = float(query.get("seconds", ["10"])[0])
            except ValueError:
                self._json(400, {"error": "seconds must be a number, e.g. /stress?seconds=30"})
                return
            seconds = max(0.0, min(requested, MAX_STRESS_SECONDS))
            workers = stress(seconds)
            self._json(200, {
                "stressed_seconds": seconds,
                "requested_seconds": requested,
                "capped": seconds != requested,
                "max_seconds": MAX_STRESS_SECONDS,
                "workers": workers,
                "instance_id": identity()["instance_id"],
            })
        else:
            self._json(404, {"error": "not found", "paths": [HEALTH_PATH, "/", "/stress?seconds=N"]})

    def log_message(self, fmt, *args):
        sys.stdout.write("%s %s\n" % (self.address_string(), fmt % args))
        sys.stdout.flush()


def main():
    server = ThreadingHTTPServer((BIND, PORT), Handler)
    server.daemon_threads = True
    print("stormproof demo app %s listening on %s:%d" % (SERVICE, BIND, PORT), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
`;
