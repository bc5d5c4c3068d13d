#!/bin/sh
# Bedenktijd: add a CA to the system store for OpenSSL programs (Chromium ignores this store).
# Usage: sudo sh trust-ca-system.sh /home/USER/.local/share/bedenktijd/ca/mitmproxy-ca-cert.pem
# Remove: sudo rm /usr/local/share/ca-certificates/bedenktijd.crt && sudo update-ca-certificates --fresh
set -eu
CERT="$1"
if command -v update-ca-certificates >/dev/null; then   # Debian, Ubuntu
  install -m 0644 "$CERT" /usr/local/share/ca-certificates/bedenktijd.crt
  update-ca-certificates
else                                                    # Fedora, RHEL
  install -m 0644 "$CERT" /etc/pki/ca-trust/source/anchors/bedenktijd.crt
  update-ca-trust
fi
