#!/bin/sh
# Bedenktijd: remove this user's Bedenktijd CA from Chromium's and Firefox's NSS DBs.
for DB in "$HOME/.local/share/pki/nssdb" "$HOME/.pki/nssdb" "$HOME"/.mozilla/firefox/*/; do
  [ -f "$DB/cert9.db" ] || continue
  while certutil -D -n Bedenktijd -d "sql:$DB" 2>/dev/null; do :; done
done
rm -f "$HOME/.mozilla/certificates/bedenktijd-ca.pem"
