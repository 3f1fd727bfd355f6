"""The release's tests (run by CodeBuild before any deploy): the demo app answers its health path and /."""
import json
import os
import sys
import threading
import unittest
import urllib.request
from http.server import ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("IMDS_URL", "http://127.0.0.1:9")  # off EC2: placeholders, quickly
import app  # noqa: E402


class DemoAppTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), app.Handler)
        cls.base = "http://127.0.0.1:%d" % cls.server.server_address[1]
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()

    def get(self, path):
        with urllib.request.urlopen(self.base + path, timeout=5) as resp:
            return resp.status, resp.read().decode()

    def test_health(self):
        self.assertEqual(self.get(app.HEALTH_PATH), (200, "ok\n"))

    def test_index_names_the_service(self):
        status, body = self.get("/")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["service"], app.SERVICE)


if __name__ == "__main__":
    unittest.main()
