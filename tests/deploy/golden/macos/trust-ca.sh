#!/bin/sh
# Bedenktijd: trust this user's CA in the login keychain. macOS asks for the password once;
# for a silent install push the profile from `bedenktijd deploy ca --mobileconfig` via MDM.
set -eu
BEDENKTIJD=/usr/local/bin/bedenktijd
CONFDIR="$HOME"'/Library/Application Support/bedenktijd/ca'
"$BEDENKTIJD" deploy ca --org '/Library/Application Support/Bedenktijd/org.yaml' --extra-host social.havenstad.nl --confdir "$CONFDIR"
CERT="$CONFDIR/mitmproxy-ca-cert.pem"
KEYCHAIN="$HOME/Library/Keychains/login.keychain-db"
security delete-certificate -c 'Bedenktijd CA for social networks (this laptop)' "$KEYCHAIN" 2>/dev/null || true
security add-trusted-cert -r trustRoot -p ssl -k "$KEYCHAIN" "$CERT"
echo "Bedenktijd CA trusted in $KEYCHAIN"
