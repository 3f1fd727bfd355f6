#!/usr/bin/env python3
"""The startup's worker: long-polls the SQS queue (JOBS_QUEUE_URL) and stores each job in PostgreSQL
(DATABASE_HOST = host:port, DB_NAME / PGDATABASE, credentials from the RDS-managed secret DATABASE_SECRET_ARN unless
PGUSER/PGPASSWORD are set) through the `psql` client (userData installs postgresql15 on the instances), then deletes
the message. Answers GET /health on APP_PORT so the platform (and tests) can see it is alive."""
import json
import os
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import awsmini

PORT = int(os.environ.get("APP_PORT", "8081"))
BIND = os.environ.get("APP_BIND", "0.0.0.0")
HEALTH = os.environ.get("HEALTH_PATH", "/health")
processed = 0


def psql_env():
    env = dict(os.environ)
    host, _, port = os.environ["DATABASE_HOST"].rpartition(":")
    env["PGHOST"], env["PGPORT"] = host, port
    env.setdefault("PGDATABASE", os.environ.get("DB_NAME", "app"))
    if "PGPASSWORD" not in env and os.environ.get("DATABASE_SECRET_ARN"):
        secret = json.loads(awsmini.secret_string(os.environ["DATABASE_SECRET_ARN"]))
        env["PGUSER"], env["PGPASSWORD"] = secret["username"], secret["password"]
    env.setdefault("PGSSLMODE", "prefer")
    return env


def sql(statement, env):
    subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-q", "-c", statement], env=env, check=True, capture_output=True, timeout=30)


def literal(text):
    return "'" + text.replace("'", "''") + "'"


def work():
    global processed
    env = psql_env()
    sql("CREATE TABLE IF NOT EXISTS jobs (id serial PRIMARY KEY, text text NOT NULL, done_at timestamptz NOT NULL DEFAULT now())", env)
    queue = os.environ["JOBS_QUEUE_URL"]
    wait = int(os.environ.get("WORKER_WAIT_SECONDS", "10"))
    while True:
        try:
            for receipt, body in awsmini.receive_messages(queue, wait_seconds=wait):
                sql(f"INSERT INTO jobs (text) VALUES ({literal(json.loads(body)['text'])})", env)
                awsmini.delete_message(queue, receipt)
                processed += 1
                print(f"stored job {processed}", flush=True)
        except Exception as e:  # noqa: BLE001 - keep polling; the error is in the log
            print(f"worker error: {e}", flush=True)
            time.sleep(2)


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        ok = self.path == HEALTH
        body = json.dumps({"status": "ok", "processed": processed} if ok else {"error": "not found"}).encode()
        self.send_response(200 if ok else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    threading.Thread(target=work, daemon=True).start()
    ThreadingHTTPServer((BIND, PORT), Health).serve_forever()
