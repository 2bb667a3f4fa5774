"""Copy the widget manager, RequireJS and MathJax from node_modules into the book's static folder.

The built book must render widgets and formulas with no network, so it serves these files
itself instead of loading them from a CDN. `make book` runs this after `npm ci`.
"""

import shutil
import sys
from pathlib import Path

# Tells the widget manager where its files live: next to this script, not next to the page.
# Without it, RequireJS resolves the manager's module, and so its font files, against the
# page's own folder, and every page asks for files that are not there.
ASSETS_PATH_JS = """\
(function () {
  var src = document.currentScript && document.currentScript.src;
  if (!src) { return; }
  var folder = src.replace(/[^/]*$/, "");
  window.__jupyter_widgets_assets_path__ = folder;
  // RequireJS, loaded next, reads this global as its configuration. Both module prefixes
  // the manager uses (its own bundle and libembed) must resolve to this folder.
  var here = folder.replace(/\\/$/, "");
  window.require = {
    paths: { "@jupyter-widgets/html-manager/dist": here, "@jupyter-widgets": here },
  };
})();
"""


def copy_mathjax(node_modules: Path, destination: Path) -> None:
    """Copy MathJax 3's browser bundle, without the speech engine the pages never load."""
    source = node_modules / "mathjax" / "es5"
    if not source.is_dir():
        sys.exit(f"{source} is missing: run `npm ci` at the repository root first.")
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(
        source, destination, ignore=shutil.ignore_patterns("sre", "*-full*", "node-main.js")
    )
    print(f"copied MathJax into {destination}")


def main(node_modules: Path, destination: Path) -> None:
    manager = node_modules / "@jupyter-widgets" / "html-manager" / "dist"
    if not manager.is_dir():
        sys.exit(f"{manager} is missing: run `npm ci` at the repository root first.")
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    shutil.copy(node_modules / "requirejs" / "require.js", destination / "require.js")
    for path in manager.iterdir():
        # Source maps and the non-AMD bundle are not needed by the pages.
        if path.suffix == ".map" or path.name == "embed.js":
            continue
        shutil.copy(path, destination / path.name)
    (destination / "assets-path.js").write_text(ASSETS_PATH_JS)
    print(f"copied the widget manager into {destination}")


if __name__ == "__main__":
    static = Path(sys.argv[2])
    main(Path(sys.argv[1]), static / "widgets")
    copy_mathjax(Path(sys.argv[1]), static / "mathjax")
