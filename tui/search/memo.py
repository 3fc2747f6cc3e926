"""What the search remembers between keystrokes, made safe for the browser's search threads.

The browser answers a keystroke in a worker thread while the previous one may still run, so
everything an index keeps after it is made is changed under a lock: `Memo` for answers kept
by key, `Once` for a value made on first use.  (Pure functions of one string use
`functools.lru_cache`, which is coherent across threads on its own.)
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, ParamSpec, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R")


class Memo(Generic[K, V]):
    """At most `size` values by key, the least recently used dropped first.  A value is made
    outside the lock (two threads may both make one; they are equal, and one is kept), so a
    slow one never holds up a thread that asks for another."""

    __slots__ = ("_items", "_lock", "_size")

    def __init__(self, size: int) -> None:
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, key: K, make: Callable[[], V]) -> V:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return self.keep(key, make())

    def find(self, key: K) -> V | None:
        """The value kept for `key`, or None (for values that are never None themselves: the
        quick way, without a function to make one)."""
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def keep(self, key: K, value: V) -> V:
        with self._lock:
            self._items[key] = value
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


class Once(Generic[T]):
    """A value made the first time it is asked for, exactly once, under `lock` (an opened
    index passes the lock of its stored parts: one lock for everything read lazily)."""

    __slots__ = ("_held", "_lock", "_make")

    def __init__(self, make: Callable[[], T], lock: threading.RLock | None = None) -> None:
        self._make = make
        self._lock = lock if lock is not None else threading.RLock()
        self._held: tuple[T] | None = None

    @classmethod
    def ready(cls, value: T) -> Once[T]:
        once = cls(lambda: value)
        once._held = (value,)
        return once

    def __call__(self) -> T:
        held = self._held
        if held is None:
            with self._lock:
                held = self._held
                if held is None:
                    held = self._held = (self._make(),)
        return held[0]


def weakly(method: Callable[P, R]) -> Callable[P, R]:
    """`method` (bound), holding its object weakly: for an object's own parts that call
    back into it (an index's filters ask the index for names), which would otherwise make
    a reference cycle.  The loader freezes what it built out of the cycle collector's sight
    (`tui.collector`), so a cycle that holds a replaced base keeps it in memory; without
    cycles reference counting frees it.  Called after the object is gone: ReferenceError."""
    ref = weakref.WeakMethod(method)

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        found = ref()
        if found is None:
            raise ReferenceError("the object this method belongs to is gone")
        return found(*args, **kwargs)

    return call
