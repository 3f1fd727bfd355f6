#!/usr/bin/env python3
"""The startup's web app: GET /health; POST /jobs?text=... queues a job on SQS (JOBS_QUEUE_URL) for the worker.
Standard library only. Env (from the platform): APP_PORT, APP_BIND, HEALTH_PATH, JOBS_QUEUE_URL, DATABASE_HOST, CACHE_HOST."""
import json
import os
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import awsmini

PORT = int(os.environ.get("APP_PORT", "8080"))
BIND = os.environ.get("APP_BIND", "0.0.0.0")
HEALTH = os.environ.get("HEALTH_PATH", "/health")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == HEALTH:
            wired = {name: bool(os.environ.get(name)) for name in ("JOBS_QUEUE_URL", "DATABASE_HOST", "CACHE_HOST")}
            return self._send(200, {"status": "ok", "wired": wired})
        return self._send(404, {"error": "not found"})

    def do_POST(self):
        parsed = urllib.parse.urlparse(self.path)
        if parsed.path != "/jobs":
            return self._send(404, {"error": "not found"})
        text = urllib.parse.parse_qs(parsed.query).get("text", [""])[0][:200]
        if not text:
            return self._send(400, {"error": "text is required"})
        message_id = awsmini.send_message(os.environ["JOBS_QUEUE_URL"], json.dumps({"text": text}))
        return self._send(202, {"queued": message_id})

    def _send(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    ThreadingHTTPServer((BIND, PORT), Handler).serve_forever()
