"""A real HTTP receiver on 127.0.0.1 (a free port, a thread) and an endpoint pointing at it."""

import json
import threading
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claims.review import workflow
from webhooks.models import Endpoint, WebhookEvent

SECRET = "partner-shared-secret-0123456789"


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class Receiver:
    """Records every POST; answers the queued status codes in turn, then 200."""

    def __init__(self):
        self.requests: list[Received] = []
        self.answers: deque[int] = deque()
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                code = receiver.answers.popleft() if receiver.answers else 200
                self.send_response(code)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if code < 300 else f"answer {code}".encode())
                with receiver.arrived:
                    receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
                    receiver.arrived.notify_all()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def wait_for(self, count: int, timeout: float = 10) -> list[Received]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.requests) >= count, timeout=timeout)
        return self.requests


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def endpoint(db, receiver, editor):
    return Endpoint.objects.create(name="Partner desk", url=f"{receiver.url}/hooks/claimtracker?desk=1",
                                   secret=SECRET, events=list(WebhookEvent.values), created_by=editor)


def rate(claim, reviewer, rating="false", summary="The ministry's own figures say otherwise."):
    return workflow.claim_rate(claim=claim.pk, actor=reviewer, rating=rating, summary=summary)


@pytest.fixture
def publish(django_capture_on_commit_callbacks, reviewer, editor):
    """Rate (by the reviewer) and publish (by the editor) a claim, running what follows the commit."""

    def publish(claim, rating="false"):
        with django_capture_on_commit_callbacks(execute=True):
            rate(claim, reviewer, rating)
            return workflow.claim_publish(claim=claim.pk, actor=editor)

    return publish
