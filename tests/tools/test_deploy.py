"""The cluster files in deploy/, checked statically: nothing here can build the image or
install the chart (no container runtime, no Kubernetes), so these tests read the files.

``KEYS`` lists every setting the values file may use. Each was checked against the schema of
the Zero to JupyterHub chart named in the file (``values.schema.yaml`` of chart 4.4.0, merged
with the chart's own defaults as Helm does, validated with jsonschema: no error, and a
misspelled key was refused); that schema is not on a package registry, so it is not part of
the tests. A key outside this list fails here until someone checks it against the chart.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
sys.path.insert(0, str(ROOT / "tools"))
import jupyterhub_config  # noqa: E402

CHART_VERSION = "4.4.0"
#: The JupyterHub the chart's hub runs (its appVersion): the image's must match.
CHART_JUPYTERHUB = "5.5.0"
KEYS = {
    "hub.config.JupyterHub.authenticator_class",
    "hub.config.SharedPasswordAuthenticator.user_password",
    "hub.config.Authenticator.allow_all",
    "hub.config.Authenticator.username_pattern",
    "hub.concurrentSpawnLimit",
    "hub.activeServerLimit",
    "singleuser.image.name",
    "singleuser.image.tag",
    "singleuser.defaultUrl",
    "singleuser.extraEnv.EQUITYLAB_WORKSHEETS",
    "singleuser.memory.guarantee",
    "singleuser.memory.limit",
    "singleuser.cpu.guarantee",
    "singleuser.cpu.limit",
    "singleuser.storage.capacity",
    "singleuser.startTimeout",
    "scheduling.userScheduler.enabled",
    "scheduling.podPriority.enabled",
    "scheduling.userPlaceholder.enabled",
    "scheduling.userPlaceholder.replicas",
    "scheduling.userPods.nodeAffinity.matchNodePurpose",
    "prePuller.hook.enabled",
    "prePuller.continuous.enabled",
    "cull.enabled",
    "cull.timeout",
    "cull.every",
}


def _values() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8"))


def _leaves(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            out.update(_leaves(value, path + "."))
        else:
            out[path] = value
    return out


def _mib(quantity: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)([MG]i?)", quantity).groups()  # type: ignore[union-attr]
    scale = {"M": 1e6, "Mi": 2**20, "G": 1e9, "Gi": 2**30}[unit]
    return float(number) * scale / 2**20


def test_values_use_only_keys_checked_against_the_chart() -> None:
    leaves = _leaves(_values())
    assert set(leaves) - KEYS == set(), "check these against the chart's schema first"
    assert f"--version {CHART_VERSION}" in (DEPLOY / "z2jh-values.yaml").read_text()


def test_values_match_the_room_hub_and_the_image() -> None:
    leaves = _leaves(_values())
    assert leaves["hub.config.JupyterHub.authenticator_class"] == "shared-password"
    # Never a password in the repository: it is set at install time.
    assert leaves["hub.config.SharedPasswordAuthenticator.user_password"] is None
    assert leaves["hub.config.Authenticator.username_pattern"] == \
        jupyterhub_config.USERNAME_PATTERN
    # The first screen is the app the image writes, under the root its server config sets.
    server = json.loads((DEPLOY / "jupyter_server_config.json").read_text())
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    app_dir = re.search(r"app_notebooks\.py [^\n]*\n\s+(\S+) notebooks/equity-tool\.ipynb",
                        dockerfile)
    assert app_dir, "the Dockerfile no longer writes the tool's app version"
    app = Path(server["ServerApp"]["root_dir"]).parent / app_dir.group(1) / "equity-tool.ipynb"
    relative = app.relative_to(server["ServerApp"]["root_dir"]).as_posix()
    assert leaves["singleuser.defaultUrl"] == f"/voila/render/{relative}"
    assert f"ENV EQUITYLAB_WORKSHEETS={leaves['singleuser.extraEnv.EQUITYLAB_WORKSHEETS']}" \
        in dockerfile
    assert f"ARG JUPYTERHUB_VERSION={CHART_JUPYTERHUB}" in dockerfile
    # A closed page's kernel is culled as with make app and make hub.
    assert server["MappingKernelManager"]["cull_idle_timeout"] == jupyterhub_config.KERNEL_CULL_S
    # Culling servers as make hub does by default.
    assert leaves["cull.enabled"] is True
    assert leaves["cull.timeout"] == jupyterhub_config.settings(
        {"HUB_PASSWORD": "12345678"})["cull_timeout"]


def test_sizing_covers_the_measured_memory_per_participant() -> None:
    leaves = _leaves(_values())
    measured = json.loads((ROOT / "benchmarks" / "results" / "hub_load.json").read_text())
    peak = max(run["participant_mib_max"] for run in measured["runs"].values())
    assert _mib(leaves["singleuser.memory.guarantee"]) >= peak
    assert _mib(leaves["singleuser.memory.limit"]) >= 2 * peak
    assert leaves["scheduling.userPlaceholder.replicas"] == 0  # raised only before a session


def test_every_file_the_image_copies_exists() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    for line in dockerfile.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            for source in line.split()[1:-1]:
                if source != ".":
                    assert (ROOT / source).exists(), f"the image copies {source}, which is gone"
    assert 'CMD ["jupyterhub-singleuser"]' in dockerfile
