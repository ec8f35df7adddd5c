"""One Reflex config for every app (``allpetplus.core.apps``); ``ALLPETPLUS_APP`` picks which one runs.

    ALLPETPLUS_APP=allpetplus  main storefront, builder and dashboard   (MAIN_URL,      :3000)
    ALLPETPLUS_APP=licensing   municipal pet licences                   (LICENSING_URL, :3001)
    ALLPETPLUS_APP=products    products, cart and subscription boxes    (PRODUCTS_URL,  :3002)

Each app gets its own build and state directories, so the three can be built and run side by side.
With ``REDIS_URL`` set, the apps keep user state in Redis (Reflex's Redis state manager), so several
backend processes can serve the same users (``GRANIAN_WORKERS`` per app, or more
``reflex run --env prod --backend-only`` processes); without it, state stays on the local disk.
"""

import os
import sys
from pathlib import Path

import reflex as rx

from allpetplus.core import apps
from allpetplus.core.settings import settings
from allpetplus.ui.theme import radix_theme

APPS = apps.names()
APP = apps.current()
if APP not in APPS:
    raise SystemExit(f"ALLPETPLUS_APP={APP!r} is not one of {', '.join(APPS)}")

os.environ.setdefault("REFLEX_WEB_WORKDIR", f".web/{APP}")
os.environ.setdefault("REFLEX_STATES_WORKDIR", f".states/{APP}")
os.environ.setdefault("REFLEX_USE_NPM", "1")
os.environ.setdefault("REFLEX_UPLOADED_FILES_DIR", str(settings.VAR_DIR / "uploads"))
# Reflex's disk state manager saves each tab's state, its request headers (the session cookie) included:
# only the service account may read that directory.
_STATES = Path(os.environ["REFLEX_STATES_WORKDIR"])
_STATES.mkdir(mode=0o700, parents=True, exist_ok=True)
_STATES.chmod(0o700)  # a directory made by an older version

PUBLIC_URL = apps.url_of(APP)
PORT = apps.port_of(APP)

config = rx.Config(
    app_name=APP,
    backend_port=PORT,
    # ``reflex run --backend-only`` (an extra backend process for scale-out) refuses a frontend port.
    **({} if "--backend-only" in sys.argv else {"frontend_port": PORT}),
    api_url=PUBLIC_URL,
    deploy_url=PUBLIC_URL,
    cors_allowed_origins=sorted({PUBLIC_URL, settings.MAIN_URL}),
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=radix_theme(APP))],
    disable_plugins=[rx.plugins.SitemapPlugin],
    redis_url=settings.REDIS_URL or None,
    # The websocket's client address (``router.session.client_ip``) follows the same rule as REST routes'
    # ``allpetplus.core.http.client_address``.
    trusted_proxy_hops=settings.TRUSTED_PROXY_HOPS,
)
