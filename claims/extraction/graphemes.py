"""Grapheme clusters: what a reader sees as one character ("é" as "e" + U+0301, a family emoji
joined by U+200D). A claim's span starts and ends between clusters, never inside one.

Most text holds nothing that joins characters into clusters; only text that does is segmented
(by the `regex` module's \\X, the Unicode extended grapheme cluster).
"""

from __future__ import annotations

import regex

_CLUSTER = regex.compile(r"\X")
# What can make a cluster longer than one character: marks, joiners, variation selectors, emoji
# modifiers, regional indicators, Hangul vowel and final jamo, tags; and CR LF.
_EXTENDER = regex.compile(
    r"[\p{M}\u200c\u200d\ufe00-\ufe0f\U000E0100-\U000E01EF\U0001F3FB-\U0001F3FF\U0001F1E6-\U0001F1FF"
    r"\u1160-\u11ff\ud7b0-\ud7ff\U000E0020-\U000E007F\r]"
)


class Graphemes:
    """The cluster boundaries of one text, computed once and only when the text has clusters."""

    def __init__(self, text: str):
        self.text = text
        self._boundaries: set[int] | None = None if _EXTENDER.search(text) else set()
        self.simple = self._boundaries == set()

    def _all(self) -> set[int]:
        if self._boundaries is None or (not self.simple and not self._boundaries):
            self._boundaries = {0, *(match.end() for match in _CLUSTER.finditer(self.text))}
        return self._boundaries

    def is_boundary(self, position: int) -> bool:
        if self.simple or position <= 0 or position >= len(self.text):
            return True
        return position in self._all()

    def snap(self, start: int, end: int) -> tuple[int, int]:
        """The span moved to cluster boundaries: a start inside a cluster moves on past it (its
        first characters belong to what comes before), an end inside one moves on to take it whole."""
        if self.simple:
            return start, end
        while start < end and (not self.is_boundary(start) or self.text[start].isspace()):
            start += 1  # past the rest of a cluster, and the white space after it: spans stay stripped
        while not self.is_boundary(end):
            end += 1
        return start, end
