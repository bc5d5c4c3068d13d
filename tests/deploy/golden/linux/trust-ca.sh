#!/bin/sh
# Bedenktijd: trust this user's CA in Chromium's and Firefox's NSS DBs (needs libnss3-tools).
# `bedenktijd deploy install --user` does the same and also sets up the login service.
set -eu
BEDENKTIJD=/usr/local/bin/bedenktijd
CONFDIR="$HOME"/.local/share/bedenktijd/ca
"$BEDENKTIJD" deploy ca --org /etc/bedenktijd/org.yaml --extra-host social.havenstad.nl --confdir "$CONFDIR"
CERT="$CONFDIR/mitmproxy-ca-cert.pem"
MODERN="$HOME/.local/share/pki/nssdb"   # Chromium M146+
LEGACY="$HOME/.pki/nssdb"                # older Chromium; still used when it exists
if [ ! -f "$MODERN/cert9.db" ] && [ ! -f "$LEGACY/cert9.db" ]; then
  mkdir -p "$MODERN" && certutil -N --empty-password -d "sql:$MODERN"
fi
for DB in "$MODERN" "$LEGACY" "$HOME"/.mozilla/firefox/*/; do
  [ -f "$DB/cert9.db" ] || continue
  while certutil -D -n Bedenktijd -d "sql:$DB" 2>/dev/null; do :; done
  certutil -A -n Bedenktijd -t C,, -i "$CERT" -d "sql:$DB"
done
# Firefox's Certificates.Install policy looks the file up here by name.
if [ -d "$HOME/.mozilla" ]; then
  mkdir -p "$HOME/.mozilla/certificates" && cp "$CERT" "$HOME/.mozilla/certificates/bedenktijd-ca.pem"
fi
echo "Bedenktijd CA trusted for $(id -un)"
