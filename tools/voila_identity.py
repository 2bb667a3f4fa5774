"""Voilà's identity provider, plus the cookie its page needs to release its kernel.

When a Voilà page is closed or reloaded, its ``beforeunload`` handler posts to
``/voila/api/shutdown/<kernel>`` with the ``_xsrf`` form field it reads from the page's
``_xsrf`` cookie. Voilà 0.5's page handler never reads the XSRF token, so the server never
sets that cookie: the post arrives without the token, Jupyter Server refuses it
(``403 ... '_xsrf' argument missing from POST``) and every reload leaves a kernel running
(voila-dashboards/voila issue 1458, open). Reading ``handler.xsrf_token`` is what makes
Tornado set the cookie, as Jupyter Server's own templated pages do; this provider does it for
each request for a Voilà page, and nothing else changes: the token is still checked on the
post. ``make app`` and ``tools/voila_server.py`` select it with
``--Voila.identity_provider_class=voila_identity.XsrfCookieIdentityProvider`` (``tools/`` on
``PYTHONPATH``).

Under JupyterHub this is not needed: the single-user server sets the cookie itself on page
requests.
"""

from __future__ import annotations

import inspect
from typing import Any

from jupyter_server.auth.identity import PasswordIdentityProvider, User
from voila.handler import VoilaHandler


class XsrfCookieIdentityProvider(PasswordIdentityProvider):
    """Voilà's default identity provider that also sets the ``_xsrf`` cookie on app pages."""

    async def get_user(self, handler: Any) -> User | None:  # noqa: D102 - as the base class
        user = super().get_user(handler)
        if inspect.isawaitable(user):
            user = await user
        if isinstance(handler, VoilaHandler) and handler.request.method == "GET":
            # Tornado reads the user to set the cookie; Jupyter Server sets the same value
            # as soon as this returns.
            handler.current_user = user
            handler.xsrf_token  # noqa: B018 - reading the token sets the cookie
        return user
