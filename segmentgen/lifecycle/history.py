"""A segment's history from git: when it was created and last changed.

Input: a spec file and the lines of one segment in it (or the project, to find them). Output:
``History`` (ISO 8601 author dates, commit count, uncommitted edits, or a note why there is
none) and its lines for ``show``.

``git blame`` of the segment's own lines (its key line to the next segment's key) gives the
commit that added the key line (a new key is a new segment) and the latest commit among its
lines, so edits of other segments in the same file do not count. Uncommitted edits of those
lines are reported as such. ``file_history`` gives the spec file's first and last commit
(``git log --follow``) where a line history is not wanted.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from segmentgen.core.model import Project, Segment

HISTORY_BASIS = "segment lines"  # git blame of the segment's lines in its spec file


@dataclass(frozen=True, slots=True)
class History:
    created: str | None = None  # author date of the first commit of the spec file (ISO 8601)
    changed: str | None = None  # author date of the last commit
    commits: int = 0
    uncommitted: bool = False
    note: str | None = None  # why there is no history

    def as_dict(self) -> dict[str, object]:
        return {"created": self.created, "last_changed": self.changed, "commits": self.commits,
                "uncommitted_changes": self.uncommitted, "basis": HISTORY_BASIS,
                "note": self.note}


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def file_history(path: Path) -> History:
    """First and last commit dates of a file, following renames."""
    folder = path.parent if path.parent.is_dir() else Path(".")
    if _git(folder, "rev-parse", "--is-inside-work-tree") is None:
        return History(note="the specs are not in a git repository")
    log = _git(folder, "log", "--follow", "--format=%aI", "--", path.name)
    dates = (log or "").split()
    status = _git(folder, "status", "--porcelain", "--", path.name) or ""
    if not dates:
        return History(uncommitted=bool(status.strip()), note="the spec file is not committed")
    return History(dates[-1], dates[0], len(dates), bool(status.strip()))


def segment_history(path: Path, first: int, last: int) -> History:
    """When the segment on lines ``first``..``last`` of ``path`` was added and last changed."""
    folder = path.parent if path.parent.is_dir() else Path(".")
    if _git(folder, "rev-parse", "--is-inside-work-tree") is None:
        return History(note="the specs are not in a git repository")
    blame = _git(folder, "blame", "--porcelain", "-L", f"{first},{last}", "--", path.name)
    if blame is None:
        return History(note="the spec file is not committed")
    times: dict[str, str] = {}
    line_commits: list[str] = []
    current = ""
    for line in blame.splitlines():
        head = line.split(" ")
        if len(head[0]) == 40 and all(c in "0123456789abcdef" for c in head[0]):
            current = head[0]
            if len(head) >= 3:
                line_commits.append(current)
        elif line.startswith("author-time ") and current not in times:
            times[current] = line.split(" ", 1)[1]
    uncommitted = any(set(commit) == {"0"} for commit in line_commits)
    committed = [c for c in line_commits if set(c) != {"0"} and c in times]
    if not committed:
        return History(uncommitted=uncommitted, note="the segment is not committed yet")
    dates = {c: _iso(times[c]) for c in committed}
    key_line = line_commits[0]
    created = dates.get(key_line) if key_line in dates else min(dates.values())
    return History(created, max(dates.values()), len(set(committed)), uncommitted)


def _iso(epoch: str) -> str:
    return datetime.fromtimestamp(int(epoch), tz=UTC).isoformat()


def line_range(segment: Segment, project: Project) -> tuple[int, int]:
    """The segment's lines: its key line up to the line before the next segment's key."""
    later = sorted(s.line for s in project.segments if s.file == segment.file
                   and s.line > segment.line)
    if later:
        return segment.line, later[0] - 1
    try:
        count = len(Path(segment.file).read_text("utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        count = segment.line
    return segment.line, max(count, segment.line)


def history_lines(history: dict[str, Any]) -> list[str]:
    if history["created"] is None:
        note = history["note"] or "unknown"
        return [f"  created: unknown ({note})", "  last changed: unknown"]
    commits = history["commits"]
    lines = [f"  created: {history['created']} (the commit that added the segment's key)",
             f"  last changed: {history['last_changed']} (latest of {commits} "
             f"commit{'s' if commits != 1 else ''} in the segment's lines)"]
    if history["uncommitted_changes"]:
        lines.append("  uncommitted changes: the segment's lines have edits not yet committed")
    return lines
