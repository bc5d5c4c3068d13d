"""Test-only mitmproxy script: connections to chosen host names go to a local server instead.

    mitmdump -s proxy_addon/addon.py -s tests/proxy/loopback_names.py \\
        --set loopback_port=8443 --set loopback_names=x.com --set loopback_names=bank.example

Only the TCP destination changes; the CONNECT target, SNI and Host header stay the real names, so
`allow_hosts` and the adapters see exactly what they would see on a laptop. Never ship this.
"""

from __future__ import annotations

from collections.abc import Sequence

from mitmproxy import ctx
from mitmproxy.addonmanager import Loader
from mitmproxy.proxy import server_hooks


class LoopbackNames:
    """Points server connections for `loopback_names` at 127.0.0.1:`loopback_port`."""

    def load(self, loader: Loader) -> None:
        """Declare the two options."""
        loader.add_option(
            "loopback_port", int, 0, "Port of the local server that stands in for the networks."
        )
        loader.add_option(
            "loopback_names", Sequence[str], [], "Host names whose connections go to the local server."
        )

    def server_connect(self, data: server_hooks.ServerConnectionHookData) -> None:
        """Rewrite the destination address of a connection to one of the chosen names."""
        address = data.server.address
        if address is None or not ctx.options.loopback_port:
            return
        if address[0].lower() in {n.lower() for n in ctx.options.loopback_names}:
            data.server.address = ("127.0.0.1", ctx.options.loopback_port)


addons = [LoopbackNames()]
