"""Run the same action in several threads at once, each with its own database connection, as worker processes do."""

import threading

from django.db import connections


def at_once(count: int, action) -> list:
    """Start `count` threads together (a barrier) and return what each call of `action()` returned or raised.
    Needs a transactional test (`transactional_db`): each thread commits on its own connection."""
    barrier = threading.Barrier(count)
    results = []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait()
            try:
                outcome = action()
            except Exception as error:  # the caller asserts on what was raised
                outcome = error
            with lock:
                results.append(outcome)
        finally:
            connections.close_all()  # this thread's connections; left open, they would block the test database's drop

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == count
    return results
