"""What IT chooses for a fleet (`DeployConfig`) and where each operating system keeps the pieces."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from proxy_addon.adapters import ADAPTER_NAMES, all_hosts
from proxy_addon.deploy.login_service import HOME, ServiceSpec, start_arguments
from proxy_addon.deploy.pac import pac_data_url, pac_file_url, pac_script

DEFAULT_PROXY_PORT = 8766  # the same defaults as `bedenktijd start`
DEFAULT_COMPANION_PORT = 8765
CHROME_WEB_STORE_UPDATE_URL = "https://clients2.google.com/service/update2/crx"
EDGE_ADD_ONS_UPDATE_URL = "https://edge.microsoft.com/extensionwebstorebase/v1/crx"
FIREFOX_EXTENSION_ID = "bedenktijd@bedenktijd.eu"  # the gecko id extension/build.mjs writes
EXTENSION_NETWORKS = ("x", "linkedin", "facebook")  # the enum in extension/managed_schema.json
LANGUAGES = ("nl", "en", "auto")
TOKEN_ENV = "BEDENKTIJD_API_TOKEN"


@dataclass(frozen=True)
class Platform:
    """One operating system: where shared files go, where `bedenktijd` is, and the per-user CA folder."""

    name: str
    shared_dir: PurePath
    command: str
    confdir: str  # may contain {home}

    def shared_file(self, name: str) -> PurePath:
        """A file in the machine-wide Bedenktijd folder."""
        return self.shared_dir / name


WINDOWS = Platform(
    "windows",
    PureWindowsPath(r"C:\ProgramData\Bedenktijd"),
    r"C:\Program Files\Bedenktijd\bedenktijd.exe",
    HOME + r"\AppData\Local\bedenktijd\ca",
)
MACOS = Platform(
    "macos",
    PurePosixPath("/Library/Application Support/Bedenktijd"),
    "/usr/local/bin/bedenktijd",
    HOME + "/Library/Application Support/bedenktijd/ca",
)
LINUX = Platform(
    "linux",
    PurePosixPath("/etc/bedenktijd"),
    "/usr/local/bin/bedenktijd",
    HOME + "/.local/share/bedenktijd/ca",
)
PLATFORMS = (WINDOWS, MACOS, LINUX)


@dataclass(frozen=True)
class DeployConfig:
    """Everything the generated artefacts depend on; the same config always gives the same files."""

    org_name: str
    org_language: str = "nl"
    networks: tuple[str, ...] = ADAPTER_NAMES
    extra_hosts: tuple[str, ...] = ()
    proxy_port: int = DEFAULT_PROXY_PORT
    companion_port: int = DEFAULT_COMPANION_PORT
    extension_id: str | None = None
    update_url: str | None = None  # None: the browser's own store
    firefox_install_url: str | None = None
    token: str = ""
    language: str = "auto"
    pac_url: str | None = None  # None: the PAC inline as a data: URL (Chromium) / the shared file (Firefox)
    fail_open: bool = True
    commands: tuple[tuple[str, str], ...] = field(default=())  # platform name -> bedenktijd path

    def __post_init__(self) -> None:
        for flag, port in (("proxy port", self.proxy_port), ("companion port", self.companion_port)):
            if not 1 <= port <= 65535:
                raise ValueError(f"{flag} {port} is not a TCP port (1-65535)")
        if self.proxy_port == self.companion_port:
            raise ValueError(f"the proxy and companion ports must differ (both {self.proxy_port})")
        unknown = [n for n in self.networks if n not in ADAPTER_NAMES]
        if unknown or not self.networks:
            raise ValueError(f"networks: choose from {', '.join(ADAPTER_NAMES)} (got {list(self.networks)})")
        if self.language not in LANGUAGES:
            raise ValueError(f"language {self.language!r}: choose nl, en or auto")
        if self.extension_id is not None and not _is_extension_id(self.extension_id):
            raise ValueError(f"extension id {self.extension_id!r}: 32 letters a-p (see `deploy package`)")
        self.hosts  # noqa: B018 - raises ValueError naming a bad extra host

    @property
    def hosts(self) -> tuple[str, ...]:
        """The host patterns the proxy decrypts and the PAC file routes to it."""
        return all_hosts(self.extra_hosts, enabled=self.networks)

    @property
    def pac(self) -> str:
        """The PAC file's text."""
        return pac_script(self.hosts, self.proxy_port, fail_open=self.fail_open)

    @property
    def chromium_pac_url(self) -> str:
        """The PAC URL for Chrome and Edge (Chromium does not read file: PAC URLs)."""
        return self.pac_url or pac_data_url(self.pac)

    def firefox_pac_url(self, platform: Platform) -> str:
        """The PAC URL for Firefox: the shared PAC file on disk unless a URL was given."""
        return self.pac_url or pac_file_url(platform.shared_file("proxy.pac"))

    @property
    def companion_url(self) -> str:
        """The companion's address as the extension calls it."""
        return f"http://127.0.0.1:{self.companion_port}"

    @property
    def extension_networks(self) -> tuple[str, ...]:
        """The chosen networks the extension knows how to watch."""
        return tuple(n for n in self.networks if n in EXTENSION_NETWORKS)

    def command(self, platform: Platform) -> str:
        """Where `bedenktijd` is installed on this platform."""
        return dict(self.commands).get(platform.name, platform.command)

    def service(self, platform: Platform) -> ServiceSpec:
        """The login service's command line for this platform."""
        arguments = start_arguments(
            self.proxy_port,
            self.companion_port,
            platform.confdir,
            org=str(platform.shared_file("org.yaml")),
            networks=() if set(self.networks) == set(ADAPTER_NAMES) else self.networks,
            extra_hosts=self.extra_hosts,
        )
        environment = ((TOKEN_ENV, self.token),) if self.token else ()
        return ServiceSpec(self.command(platform), arguments, environment)


def _is_extension_id(value: str) -> bool:
    return len(value) == 32 and all("a" <= c <= "p" for c in value)
