# Bedenktijd: make this user's CA (first run only) and trust it in the user's root store.
# Run as the signed-in user. Windows asks the user once to confirm the new root certificate.
$ErrorActionPreference = "Stop"
$Bedenktijd = 'C:\Program Files\Bedenktijd\bedenktijd.exe'
$ConfDir = Join-Path $env:LOCALAPPDATA "bedenktijd\ca"
& $Bedenktijd 'deploy' 'ca' '--org' 'C:\ProgramData\Bedenktijd\org.yaml' '--extra-host' 'social.havenstad.nl' --confdir $ConfDir
if ($LASTEXITCODE -ne 0) { throw "bedenktijd deploy ca failed with exit code $LASTEXITCODE" }
$CertFile = Join-Path $ConfDir "mitmproxy-ca-cert.cer"
$Cert = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2($CertFile)
$Ours = Get-ChildItem Cert:\CurrentUser\Root | Where-Object { $_.Subject -like '*OU=Bedenktijd*' }
if ($Ours.Thumbprint -notcontains $Cert.Thumbprint) {
    # A renewed CA replaces the old one.
    $Ours | Remove-Item
    Import-Certificate -FilePath $CertFile -CertStoreLocation Cert:\CurrentUser\Root | Out-Null
}
Write-Output "Bedenktijd CA trusted for this user: $($Cert.Thumbprint)"
