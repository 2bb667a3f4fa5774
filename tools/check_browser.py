"""Fail early, and say how to fix it, when no Chromium is available for the browser tests."""

import os
import shutil
import sys

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if os.path.exists(explicit) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


if __name__ == "__main__":
    if find_chromium() is None:
        sys.exit(
            "The browser tests need Chromium, and none was found.\n"
            "  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install chromium\n"
            "  macOS:          brew install --cask chromium\n"
            "or set CHROMIUM=/path/to/chrome. Then run `make test` again."
        )
