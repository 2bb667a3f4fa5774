"""JupyterHub for a room on one server (``make hub``): each participant signs in with the
room's password and lands in the racial equity tool, in a server and home folder of their own.

Loaded by ``jupyterhub -f tools/jupyterhub_config.py``; every setting comes from the
environment, so ``make hub``, the tests and the load check (``tools/hub_server.py``) run the
same configuration:

``HUB_PASSWORD``
    The room's password (8 characters or more), told to the participants. Required.
``HUB_HOME``
    The hub's folder: ``homes/<name>`` for each participant's files (worksheets in
    ``homes/<name>/worksheets``), ``state/`` for the hub's database and secrets.
``HUB_HOST``, ``HUB_PORT``
    Where participants reach the hub: 127.0.0.1 (this machine only) and 8000 unless set.
``HUB_API_PORT``, ``HUB_PROXY_API_PORT``, ``HUB_BOOK_PORT``
    Ports on 127.0.0.1 for the hub's own API, the proxy's API and the book (8081, 8001, 8002).
``HUB_CULL_TIMEOUT``, ``HUB_CULL_EVERY``
    A participant's server with no activity for ``HUB_CULL_TIMEOUT`` seconds (default 3600)
    is stopped by ``jupyterhub-idle-culler``, which checks every ``HUB_CULL_EVERY`` seconds
    (default 300). Their files stay; signing in again starts a new server on them.

What it sets up:

* Authentication: JupyterHub's built-in shared-password authenticator (JupyterHub 5.3 and
  later). Anyone with the room's password signs in under a name of their choice; a name is a
  participant's folder, so names are limited to lower-case letters, digits, ``.``, ``_``
  and ``-``. The password protects the room from outsiders, not participants from each
  other: one who knows another's name can sign in as them. A room that needs more uses a
  real authenticator (the Zero to JupyterHub files in ``deploy/`` say where).
* Spawner: ``SimpleLocalProcessSpawner`` runs every participant's server as this machine's
  user, in ``HUB_HOME/homes/<name>``: no system accounts are needed, and nothing isolates one
  participant's process from another's on the server itself (JupyterHub documents it as
  not for production). Each participant's own URL is refused to everyone else.
* The first screen: the app version of ``notebooks/equity-tool.ipynb`` (written into each
  home before the server starts), rendered by Voilà as a server extension at
  ``/user/<name>/voila/render/equity-tool.ipynb``. The built book (``make book``) is served
  at ``/services/book/``, where the app's links point.
* Culling: ``jupyterhub-idle-culler`` as a hub-managed service; inside each server, a kernel
  whose page went away without closing it is stopped after 15 minutes, as with ``make app``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TOOL_NOTEBOOK = ROOT / "notebooks" / "equity-tool.ipynb"
APP_NAME = TOOL_NOTEBOOK.name
BOOK_PREFIX = "/services/book/"
#: What a participant's name may be (it names their folder): JupyterHub lower-cases it first.
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,39}$"
#: A kernel left by a page that went away without closing it (see tools/voila_server.py).
KERNEL_CULL_S = 900


class HubSettingsError(ValueError):
    """A setting in the environment is missing or wrong; the message says which and why."""


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "") or str(default)
    try:
        number = int(value)
    except ValueError:
        raise HubSettingsError(f"{name} must be a whole number of seconds or a port, "
                               f"not {value!r}.") from None
    if number <= 0:
        raise HubSettingsError(f"{name} must be more than 0, not {number}.")
    return number


def settings(env: Mapping[str, str]) -> dict[str, Any]:
    """Read the room's settings from ``env`` (see the module's docstring), checked.

    Raises
    ------
    HubSettingsError
        With a plain message naming the setting, if one is missing or wrong.
    """
    password = env.get("HUB_PASSWORD", "")
    if len(password) < 8:
        raise HubSettingsError(
            "Set the room's password, 8 characters or more: make hub HUB_PASSWORD=... "
            "(participants type it to sign in).")
    home = Path(env.get("HUB_HOME") or ROOT / "hub").resolve()
    return {
        "password": password,
        "home": home,
        "host": env.get("HUB_HOST") or "127.0.0.1",
        "port": _int(env, "HUB_PORT", 8000),
        "api_port": _int(env, "HUB_API_PORT", 8081),
        "proxy_api_port": _int(env, "HUB_PROXY_API_PORT", 8001),
        "book_port": _int(env, "HUB_BOOK_PORT", 8002),
        "cull_timeout": _int(env, "HUB_CULL_TIMEOUT", 3600),
        "cull_every": _int(env, "HUB_CULL_EVERY", 300),
    }


def write_tool(home: Path) -> Path:
    """Write the app version of the racial equity tool into a participant's ``home``.

    Written at every start, so a participant always gets the course's current version; it is
    code, not their work (their worksheets are in ``home/worksheets``). Returns its path.
    """
    sys.path.insert(0, str(ROOT / "tools"))
    from app_notebooks import write_app_notebooks

    home.mkdir(parents=True, exist_ok=True)
    return write_app_notebooks(home, [TOOL_NOTEBOOK], book_url=BOOK_PREFIX)[0]


def pre_spawn_hook(spawner: Any) -> None:
    """Before a participant's server starts: their home, with the tool in it."""
    write_tool(Path(spawner.home_dir))


def configure(c: Any, env: Mapping[str, str]) -> None:
    """Fill JupyterHub's configuration ``c`` for a room, from the settings in ``env``."""
    s = settings(env)
    home: Path = s["home"]
    state = home / "state"
    state.mkdir(parents=True, exist_ok=True)
    bin_dir = Path(sys.executable).parent

    c.JupyterHub.bind_url = f"http://{s['host']}:{s['port']}/"
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = s["api_port"]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s['proxy_api_port']}"
    c.ConfigurableHTTPProxy.command = [str(ROOT / "node_modules" / ".bin"
                                           / "configurable-http-proxy")]
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "cookie_secret")
    c.JupyterHub.pid_file = str(state / "hub.pid")
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.cleanup_proxy = True
    # How often servers and the proxy tell the hub about activity: often enough for the culler.
    activity_every = max(1, min(300, s["cull_timeout"] // 3))
    c.JupyterHub.last_activity_interval = activity_every

    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = s["password"]
    c.Authenticator.allow_all = True
    c.Authenticator.username_pattern = USERNAME_PATTERN

    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(home / "homes" / "{username}")
    c.Spawner.pre_spawn_hook = pre_spawn_hook
    c.Spawner.cmd = [str(bin_dir / "jupyterhub-singleuser")]
    c.Spawner.default_url = f"/voila/render/{APP_NAME}"
    c.Spawner.args = [
        *(["--allow-root"] if os.geteuid() == 0 else []),
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaExecutor.iopub_timeout=60",
        f"--MappingKernelManager.cull_idle_timeout={KERNEL_CULL_S}",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
    ]
    c.Spawner.environment = {
        "JUPYTERHUB_ACTIVITY_INTERVAL": str(activity_every),
        "EQUITYLAB_WORKSHEETS": "worksheets",
        # This checkout's equitylab, whichever one the environment has installed.
        "PYTHONPATH": str(ROOT),
    }
    # A room arriving at once: 20 servers took up to 41 s each on 2 busy cores
    # (benchmarks/results/hub_load.json); the defaults (60 s and 30 s) are too tight.
    c.Spawner.start_timeout = 180
    c.Spawner.http_timeout = 180

    c.JupyterHub.services = [{
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={s['cull_timeout']}", f"--cull-every={s['cull_every']}"],
    }]
    c.JupyterHub.load_roles = [{
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }]
    book = ROOT / "_build" / "html"
    if (book / "index.html").exists():
        c.JupyterHub.services.append({
            "name": "book",
            "url": f"http://127.0.0.1:{s['book_port']}",
            "command": [sys.executable, str(ROOT / "tools" / "serve_book.py"), str(book),
                        f"--port={s['book_port']}", f"--prefix={BOOK_PREFIX}"],
        })


if "get_config" in globals():  # loaded by JupyterHub as its configuration file
    try:
        configure(get_config(), os.environ)  # type: ignore[name-defined]  # noqa: F821
    except HubSettingsError as err:
        sys.exit(f"make hub: {err}")
