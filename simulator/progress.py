"""A one-line progress bar on the terminal: `rendered [#########-----------] 12/36`."""

from __future__ import annotations

import sys


class ProgressBar:
    WIDTH = 30

    def __init__(self, label: str, stream=sys.stdout):
        self.label, self.stream, self._last = label, stream, None

    def show(self, done: int, total: int) -> None:
        if (done, total) == self._last:
            return
        self._last = (done, total)
        filled = self.WIDTH * done // total if total else 0
        self.stream.write(f"\r{self.label:>14} [{'#' * filled}{'-' * (self.WIDTH - filled)}] {done}/{total}")
        if total and done >= total:
            self.stream.write("\n")
        self.stream.flush()

    def finish(self) -> None:
        if self._last and self._last[0] < self._last[1]:
            self.stream.write("\n")
            self.stream.flush()
