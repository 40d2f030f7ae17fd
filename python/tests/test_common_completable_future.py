"""CompletableFuture: what JobClient calls return."""
import threading
from concurrent.futures import CancelledError

import pytest

from spate.common import CompletableFuture


def test_a_future_gives_its_value_or_its_exception():
    assert CompletableFuture.completed(5).result() == 5
    failed = CompletableFuture.failed(ValueError("no"))
    assert failed.done() and isinstance(failed.exception(), ValueError)
    with pytest.raises(ValueError, match="no"):
        failed.result()
    assert CompletableFuture.completed(5).exception() is None


def test_result_waits_and_a_pending_future_can_be_given_up():
    pending = CompletableFuture()
    assert not pending.done() and pending.exception() is None and str(pending) == "CompletableFuture(pending)"
    threading.Timer(0.05, pending._complete, args=("later",)).start()
    assert pending.result() == "later"
    assert not pending.cancel()  # already there
    abandoned = CompletableFuture()
    assert abandoned.cancel() and abandoned.cancelled()
    abandoned._complete("too late")  # the work ending afterwards changes nothing
    with pytest.raises(CancelledError):
        abandoned.result()
