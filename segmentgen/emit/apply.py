"""The last step of a build: the planned files written to out/, or compared with it.

Input: the files of the plan, out/, the build's mode (``write`` or ``check``) and whether a
check prints a unified diff. Output: ``Applied``: what changed (or would change), the
diagnostics of writing (notices, SG404 when another build holds the lock, SG402 when a
write fails, named by its directory and never by a temporary file), the diff, whether out/
was written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.emit import write as emit
from segmentgen.load.discover import display_path


@dataclass(slots=True)
class Applied:
    changes: emit.Changes | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    diff: str = ""
    written: bool = False


def apply_files(files: Mapping[str, bytes], out_dir: Path, mode: str, diff: bool) -> Applied:
    """Write ``files`` as out/ (mode ``write``) or compare them with it."""
    applied = Applied()
    out_display = display_path(out_dir)
    try:
        if mode == "write":
            applied.changes, notices = emit.write_output(files, out_dir)
            applied.diagnostics.extend(notices)
            applied.written = True
        else:
            applied.changes = emit.compare(files, out_dir)
            if diff:
                applied.diff = emit.unified_diff(files, out_dir, applied.changes)
    except emit.LockedError:
        applied.diagnostics.append(Diagnostic(
            out_display, 1, 1, codes.SG404, "another segmentgen build is writing this directory",
            hint="wait for it to finish, then run the build again"))
    except OSError as error:  # named by its directory: the file may be a temporary one
        where = error.filename if isinstance(error.filename, (str, Path)) else None
        applied.diagnostics.append(Diagnostic(
            out_display, 1, 1, codes.SG402, "cannot write the output in "
            f"{display_path(Path(where).parent) if where else out_display}: "
            f"{error.strerror or error}",
            hint="nothing was replaced; free space or fix permissions and run again"))
    return applied
