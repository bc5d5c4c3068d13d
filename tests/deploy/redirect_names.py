"""Test-only mitmproxy script: server connections for `redirect_names` go to 127.0.0.1:`redirect_port`.

Only the TCP destination changes; the CONNECT target and SNI stay the real name. Run mitmdump with
`connection_strategy=lazy` so the certificate is forged before the address changes (otherwise
mitmproxy would add 127.0.0.1 as a name, which the CA's name constraints exclude). Never ship this.
"""

from __future__ import annotations

from collections.abc import Sequence

from mitmproxy import ctx
from mitmproxy.addonmanager import Loader
from mitmproxy.proxy import server_hooks


class RedirectNames:
    def load(self, loader: Loader) -> None:
        loader.add_option("redirect_port", int, 0, "Port of the local server that stands in for the network.")
        loader.add_option("redirect_names", Sequence[str], [], "Host names whose connections go there.")

    def server_connect(self, data: server_hooks.ServerConnectionHookData) -> None:
        address = data.server.address
        if address and ctx.options.redirect_port and address[0].lower() in ctx.options.redirect_names:
            data.server.address = ("127.0.0.1", ctx.options.redirect_port)


addons = [RedirectNames()]
