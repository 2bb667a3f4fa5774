"""The room's JupyterHub (``make hub``, ``tools/jupyterhub_config.py``) on localhost.

Five participants sign in at once: four over HTTP as the load check's protocol clients, one
in headless Chromium through the proxy. Each lands in the racial equity tool and saves a
worksheet in a home of their own; another participant's URL is refused; once they leave,
the idle culler stops their servers (with a short timeout here; an hour in ``make hub``); and
when the hub stops, nothing it started is left running.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psutil
import pytest
from traitlets.config import Config

from equitylab.tool import load, participant_folder
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import hub_load  # noqa: E402
import jupyterhub_config  # noqa: E402
from hub_server import Hub, descendants, serve_hub  # noqa: E402

PROTOCOL = ["ana", "bo", "cy", "dee"]
IN_BROWSER = "eli"
CULL_AFTER_S = 30
APP_READY = "() => /^(Saved|Opened)/.test(document.querySelector('.eq-status')?.textContent || '')"


# --- the configuration ---------------------------------------------------------------------


def test_settings_explain_a_missing_password_and_a_bad_number() -> None:
    with pytest.raises(jupyterhub_config.HubSettingsError, match="HUB_PASSWORD"):
        jupyterhub_config.settings({"HUB_PASSWORD": "short"})
    with pytest.raises(jupyterhub_config.HubSettingsError, match="HUB_PORT.*'eighty'"):
        jupyterhub_config.settings({"HUB_PASSWORD": "long enough", "HUB_PORT": "eighty"})


def test_the_hub_listens_on_this_machine_only_unless_a_host_is_set(tmp_path: Path) -> None:
    env = {"HUB_PASSWORD": "long enough", "HUB_HOME": str(tmp_path)}
    c = Config()
    jupyterhub_config.configure(c, env)
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8000/"
    c = Config()
    jupyterhub_config.configure(c, {**env, "HUB_HOST": "0.0.0.0"})
    assert c.JupyterHub.bind_url == "http://0.0.0.0:8000/"


@pytest.mark.parametrize("name", ["../etc", "ana/../bo", "a b", ".hidden", "<b>", ""])
def test_a_name_that_is_no_safe_folder_name_is_refused(name: str) -> None:
    assert not re.match(jupyterhub_config.USERNAME_PATTERN, name)


# --- a room on a live hub ------------------------------------------------------------------


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    folder = tmp_path_factory.mktemp("room")
    started: set[int] = set()
    with serve_hub(folder / "hub", folder / "hub.log", password=hub_load.PASSWORD,
                   cull_timeout=CULL_AFTER_S, cull_every=2) as running:
        yield running
        started = {p.pid for p in descendants(running.pid)}
    # Stopping the hub stopped its proxy, its services and every server it started.
    left = [pid for pid in [*started] if psutil.pid_exists(pid)
            and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]
    assert left == [], f"left running after the hub stopped: {left}"


def _shutdown_line(name: str) -> str:
    """What the hub's log says when ``name``'s page asks Voilà to stop its kernel."""
    return f"204 POST /user/{name}/voila/api/shutdown/"


def _browser_participant(browser: Any, url: str, name: str, record: dict[str, Any],
                         log: Path) -> None:
    """Sign in with the login form, land in the app, change the title, see it saved, leave."""
    context = browser.new_context()
    try:
        page = context.new_page()
        start = time.monotonic()
        page.goto(f"{url}/hub/login")
        page.get_by_label("Username").fill(name)
        page.get_by_label("Password").fill(hub_load.PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_function(APP_READY, timeout=150_000, polling=500)
        record["open_s"] = time.monotonic() - start
        record["url"] = page.url
        page.get_by_label("Title", exact=True).fill(f"Worksheet of {name}")
        page.wait_for_function(
            "() => /^Saved/.test(document.querySelector('.eq-status')?.textContent || '')",
            timeout=30_000)
        record["ok"] = True
        # Leaving the page stops its kernel: Voila's beforeunload handler sends a beacon with
        # the XSRF token. Closing the page does not wait for that beacon, and closing the
        # browser context can drop it, so the context stays open until the hub has logged it
        # (a moment later on a busy machine).
        with page.expect_event("close"):
            page.close(run_before_unload=True)
        left = time.monotonic()
        record["shutdown_logged"] = hub_load.wait_until(
            lambda: _shutdown_line(name) in log.read_text(errors="replace"), timeout=60)
        record["shutdown_s"] = time.monotonic() - left
    finally:
        context.close()


@pytest.fixture(scope="module")
def room(hub: Hub, browser: Any) -> dict[str, dict[str, Any]]:
    """Five participants arrive at once; return what each one did."""
    records: dict[str, dict[str, Any]] = {n: {"participant": n, "saves": []}
                                          for n in [*PROTOCOL, IN_BROWSER]}
    deadline = time.monotonic() + 240
    with ThreadPoolExecutor(max_workers=len(PROTOCOL)) as pool:
        futures = {n: pool.submit(hub_load.participant, hub.url, n, hub_load.PASSWORD,
                                  records[n], deadline) for n in PROTOCOL}
        _browser_participant(browser, hub.url, IN_BROWSER, records[IN_BROWSER],
                             hub.home.parent / "hub.log")
        for n, future in futures.items():
            records[n]["session"] = future.result()
    return records


@pytest.mark.slow
@pytest.mark.browser
def test_five_participants_sign_in_at_once_and_keep_their_own_files(hub: Hub, room) -> None:
    protocol = {n: room[n] for n in PROTOCOL}
    verified, problems = hub_load.verify_homes(hub.home / "homes", protocol)
    assert problems == [] and verified == len(PROTOCOL)
    # The one in Chromium landed on the tool at their own address, and their title is saved.
    assert room[IN_BROWSER].get("ok"), room[IN_BROWSER]
    assert f"/user/{IN_BROWSER}/voila/render/equity-tool.ipynb" in room[IN_BROWSER]["url"]
    files = list(participant_folder(hub.home / "homes" / IN_BROWSER / "worksheets",
                                    IN_BROWSER).glob("*.json"))
    assert len(files) == 1 and load(files[0]).metadata.title == f"Worksheet of {IN_BROWSER}"
    # The closed page asked for its kernel to be stopped, with the XSRF token it needs.
    log = (hub.home.parent / "hub.log").read_text(errors="replace")
    assert "'_xsrf' argument missing" not in log
    assert room[IN_BROWSER]["shutdown_logged"], \
        [line for line in log.splitlines() if f"/user/{IN_BROWSER}/" in line][-10:]
    assert _shutdown_line(IN_BROWSER) in log
    # Every home holds its owner's worksheets only.
    for name in [*PROTOCOL, IN_BROWSER]:
        worksheets = hub.home / "homes" / name / "worksheets"
        assert [p.name for p in worksheets.iterdir()] == [participant_folder(worksheets, name).name]


@pytest.mark.slow
@pytest.mark.browser
def test_another_participants_url_is_refused(hub: Hub, room) -> None:
    ana = room["ana"]["session"]
    for path in ["voila/render/equity-tool.ipynb", "files/worksheets/bo/",
                 "api/contents/worksheets/bo"]:
        reply = ana.get(f"{hub.url}/user/bo/{path}", timeout=30)
        assert reply.status_code == 403, (path, reply.status_code, reply.url,
                                          f"servers running: {sorted(_servers(hub))}")
        assert "answers" not in reply.text
    # Without signing in, the app's address leads to the sign-in page, not the app.
    stranger = hub_load.requests.get(f"{hub.url}/user/bo/voila/render/equity-tool.ipynb",
                                     timeout=30)
    assert "/hub/login" in stranger.url and "widget-view" not in stranger.text


def _servers(hub: Hub) -> set[str]:
    """The participants whose server runs now."""
    users = set()
    for proc in descendants(hub.pid):
        try:
            if "jupyterhub-singleuser" in " ".join(proc.cmdline()):
                users.add(proc.environ().get("JUPYTERHUB_USER", "?"))
        except psutil.Error:
            continue
    return users


@pytest.mark.slow
@pytest.mark.browser
def test_the_idle_culler_stops_servers_nobody_uses(hub: Hub, room) -> None:
    for record in room.values():
        if record.get("session"):
            record["session"].close()
    # Everyone has left: within the timeout and a few checks, every server is stopped.
    assert hub_load.wait_until(lambda: not _servers(hub), timeout=CULL_AFTER_S * 3 + 30), \
        _servers(hub)
    log = (hub.home.parent / "hub.log").read_text(errors="replace")
    for name in [*PROTOCOL, IN_BROWSER]:
        assert f"Culling server {name} " in log
    # Their work stays: the worksheets are still in each home.
    for name in [*PROTOCOL, IN_BROWSER]:
        assert list(participant_folder(hub.home / "homes" / name / "worksheets",
                                       name).glob("*.json"))
