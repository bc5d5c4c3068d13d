# Bedenktijd: remove this user's Bedenktijd CA from the user's root store.
Get-ChildItem Cert:\CurrentUser\Root | Where-Object { $_.Subject -like '*OU=Bedenktijd*' } | Remove-Item
