"""IT deployment: one module per target, each a pure generator plus a thin writer.

`pac` (PAC file), `ca` (per-laptop name-constrained CA), `trust` (trust scripts and the CA profile),
`policies` (Chrome, Edge, Firefox policies as .reg, .mobileconfig and JSON), `extension_package`
(store zips, CRX3, update manifest), `login_service` (systemd, launchd, Task Scheduler), `install`
(the Linux user install and uninstall), `generate` (all fleet artefacts into one folder) and `cli`.
"""
