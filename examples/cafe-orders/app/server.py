#!/usr/bin/env python3
"""The café's order site: a static page with an order form; orders are appended to a file in STATE_DIR.
Standard library only. Env: APP_PORT, APP_BIND (default 0.0.0.0), HEALTH_PATH, STATE_DIR, CAFE_NAME."""
import html
import json
import os
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("APP_PORT", "8080"))
BIND = os.environ.get("APP_BIND", "0.0.0.0")
HEALTH = os.environ.get("HEALTH_PATH", "/health")
STATE = os.environ.get("STATE_DIR", "/var/lib/stormproof-app")
STATIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
NAME = os.environ.get("CAFE_NAME", "The Café")


class Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=STATIC, **kwargs)

    def do_GET(self):
        if self.path == HEALTH:
            return self._send(200, "text/plain", b"ok")
        return super().do_GET()

    def do_POST(self):
        if self.path != "/order":
            return self._send(404, "text/plain", b"not found")
        length = min(int(self.headers.get("Content-Length", "0")), 4096)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        order = {"name": form.get("name", [""])[0][:80], "item": form.get("item", [""])[0][:80]}
        if not order["name"] or not order["item"]:
            return self._send(400, "text/plain", b"name and item are required")
        os.makedirs(STATE, exist_ok=True)
        with open(os.path.join(STATE, "orders.jsonl"), "a") as f:
            f.write(json.dumps(order) + "\n")
        body = f"<p>Thank you {html.escape(order['name'])}, {NAME} is preparing your {html.escape(order['item'])}.</p>"
        return self._send(201, "text/html", body.encode())

    def _send(self, status, ctype, body):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    ThreadingHTTPServer((BIND, PORT), Handler).serve_forever()
