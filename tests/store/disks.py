"""Disks in trouble, for real where the machine lets us: a tiny tmpfs that fills up or is made read-only.

Mounting needs root on Linux (CI's container runs as root; so does this sandbox). Without it, the tests that need
a real file system skip, and the same failures are still reached through SQLite's ``max_page_count`` (the exact
"database or disk is full" a full disk gives) by the tests that do not need one.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path


def can_mount() -> bool:
    return sys.platform == "linux" and hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def small_disk(where: Path, size: str = "4m") -> Iterator[Path | None]:
    """A tmpfs of ``size`` mounted at ``where`` (None when this machine will not mount one); unmounted after."""
    where.mkdir(parents=True, exist_ok=True)
    if not can_mount():
        yield None
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(disk: Path) -> Path:
    """Write a file until the disk is full; remove it to free the space again."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as out:
        for size in (65536, 512):  # then the last partial blocks: a page's worth of room would let SQLite write
            try:
                while out.write(b"\0" * size):
                    pass
            except OSError:
                pass
    return filler


def remount(disk: Path, mode: str) -> None:
    """``ro`` or ``rw``."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(disk)], check=True, capture_output=True)
