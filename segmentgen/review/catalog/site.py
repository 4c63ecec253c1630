"""Where the site may live, which files in it are the site's, and writing it.

Input: the specs, output and site directories, and the site's files (path -> bytes, with
its ``manifest.json``). Output: diagnostics, and in ``write_site`` the files written.

- The site directory may not be, lie inside or contain the specs or the output directory,
  nor be a root or home directory (SG406, ``emit.locations.check_site``), checked before
  anything is read.
- Only files the site owns are replaced or removed: those its previous manifest lists
  (read by ``emit.output``, validated; a damaged one lists nothing). A file in the way that
  the manifest does not list, such as a hand-written ``index.html``, is SG408 and nothing
  is written. Other files in the directory are never touched.
- The write is ``emit.write``'s transaction: all files or none, stale pages removed after
  every new one is in place, a killed write undone or finished by the next one (SG407 when
  it cannot be written or another write holds the lock).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.emit import write as emit
from segmentgen.load.discover import display_path


def check_place(specs_dir: Path, out_dir: Path, site_dir: Path) -> list[Diagnostic]:
    from segmentgen.emit.locations import check_site

    return check_site(specs_dir, out_dir, site_dir)


def foreign_files(files: Mapping[str, bytes], site_dir: Path) -> list[Diagnostic]:
    """SG408 for each file the site would replace that its previous manifest does not list."""
    from segmentgen.emit.output import Output

    output = Output.directory(site_dir)
    owned = set(output.listed())
    changes = emit.compare(files, site_dir, owned)
    return [Diagnostic(display_path(site_dir / path), 1, 1, codes.SG408,
                       f"{path!r} is in the site directory {display_path(site_dir)!r} but "
                       "not in the manifest of a site segmentgen docs wrote there",
                       hint="move the file away, or pass another directory with --out")
            for path in changes.changed if path not in owned]


def write_site(files: Mapping[str, bytes], site_dir: Path) -> tuple[emit.Changes | None,
                                                                    list[Diagnostic]]:
    """Make the site directory hold the site: its changes and notices, or SG407."""
    shown = display_path(site_dir)
    try:
        return emit.write_output(files, site_dir)
    except emit.LockedError:
        return None, [Diagnostic(shown, 1, 1, codes.SG407, f"another segmentgen run is "
                                 f"writing the site directory {shown!r}",
                                 hint="wait for it to finish, then run segmentgen docs again")]
    except OSError as error:
        return None, [Diagnostic(shown, 1, 1, codes.SG407, f"cannot write the site in "
                                 f"{shown!r}: {error.strerror or error}",
                                 hint="nothing was replaced; free space or fix permissions "
                                      "and run again")]
