"""Fixtures of the core tests."""

import threading

import pytest
from werkzeug.serving import make_server


@pytest.fixture
def live_server(app) -> int:
    """The test app behind a real threaded HTTP server on loopback; yields its port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join()
    server.server_close()
