"""Two requests at the same moment on two connections, for the tests of row locks (PostgreSQL)."""

import threading
import time
from collections.abc import Callable

from mentoring.extensions import db


def a_then_b(app, work: Callable[[int], object]) -> list:
    """Request A runs work(0) in its own app context and session, then holds its transaction
    open for half a second before committing; request B runs work(1) as soon as A's work is
    done, so B meets A's rows while they are not committed yet. The threads are named "A" and
    "B". Returns [A's result, B's result], an exception raised being the result: the outcome
    is what the tests check."""
    results: list = [None, None]
    a_worked = threading.Event()

    def request(index: int) -> None:
        with app.app_context():
            try:
                results[index] = work(index)
                if index == 0:
                    a_worked.set()
                    time.sleep(0.5)
                db.session.commit()
            except Exception as error:  # the outcome is what the test checks
                results[index] = error
                a_worked.set()
            finally:
                db.session.remove()

    first = threading.Thread(target=request, args=(0,), name="A")
    first.start()
    a_worked.wait(5)
    second = threading.Thread(target=request, args=(1,), name="B")
    second.start()
    for thread in (first, second):
        thread.join(10)
    return results
