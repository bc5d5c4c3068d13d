#!/bin/sh
# Bedenktijd: remove this user's Bedenktijd CA from the login keychain.
KEYCHAIN="$HOME/Library/Keychains/login.keychain-db"
CERT="$HOME/Library/Application Support/bedenktijd/ca/mitmproxy-ca-cert.pem"
[ -f "$CERT" ] && security remove-trusted-cert "$CERT" 2>/dev/null || true
security delete-certificate -c 'Bedenktijd CA for social networks (this laptop)' "$KEYCHAIN" 2>/dev/null || true
