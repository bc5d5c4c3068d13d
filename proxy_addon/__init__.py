"""The mitmproxy addon: recognises outgoing posts on social networks, checks them, records, never blocks."""
