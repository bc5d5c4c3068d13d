"""Windows .reg files ("Windows Registry Editor Version 5.00": UTF-16LE with a BOM, CRLF lines).

Chrome and Edge read policies from `HKLM\\SOFTWARE\\Policies\\<vendor>\\<browser>`: strings as REG_SZ,
booleans and integers as REG_DWORD, lists as a subkey whose values are named "1", "2", ..., and
dictionary policies (ProxySettings) as one REG_SZ holding JSON. An extension's managed configuration
lives below `3rdparty\\extensions\\<id>\\policy`, where dictionaries become subkeys.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

HEADER = "Windows Registry Editor Version 5.00"
RegData = str | int


@dataclass(frozen=True)
class RegKey:
    """One registry key and the values to set in it (name, REG_SZ str or REG_DWORD int)."""

    path: str
    values: tuple[tuple[str, RegData], ...]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _value_line(name: str, data: RegData) -> str:
    if isinstance(data, int):  # bool is an int too
        number = int(data)
        if not 0 <= number <= 0xFFFFFFFF:
            raise ValueError(f"registry value {name}: {number} does not fit a REG_DWORD")
        return f"{_quote(name)}=dword:{number:08x}"
    if "\n" in data or "\r" in data:
        raise ValueError(f"registry value {name}: a REG_SZ cannot hold a line break")
    return f"{_quote(name)}={_quote(data)}"


def render(keys: Sequence[RegKey]) -> bytes:
    """The .reg file for these keys, in the given order."""
    lines = [HEADER, ""]
    for key in keys:
        lines.append(f"[{key.path}]")
        lines += [_value_line(name, data) for name, data in key.values]
        lines.append("")
    return b"\xff\xfe" + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")


def policy_keys(path: str, policies: Mapping[str, object], *, dicts_as_json: bool) -> list[RegKey]:
    """Keys for a policy mapping below `path`.

    Lists become numbered subkeys. Dictionaries become one JSON REG_SZ (`dicts_as_json`, for browser
    policies such as ProxySettings) or nested subkeys (extension configuration).
    """
    values: list[tuple[str, RegData]] = []
    below: list[RegKey] = []
    for name, value in policies.items():
        if isinstance(value, Mapping):
            if dicts_as_json:
                values.append((name, json.dumps(value, separators=(",", ":"), sort_keys=True)))
            else:
                below += policy_keys(f"{path}\\{name}", value, dicts_as_json=False)
        elif isinstance(value, list | tuple):
            items = [(str(i), _scalar(name, v)) for i, v in enumerate(value, start=1)]
            below.append(RegKey(f"{path}\\{name}", tuple(items)))
        else:
            values.append((name, _scalar(name, value)))
    return ([RegKey(path, tuple(values))] if values else []) + below


def _scalar(name: str, value: object) -> RegData:
    if isinstance(value, str | int):
        return value
    raise ValueError(f"registry value {name}: {type(value).__name__} is not a string, number or boolean")


def parse(data: bytes) -> dict[str, dict[str, RegData]]:
    """Read a .reg file written by `render` back into {key: {name: data}} (for tests and doctor)."""
    text = data.decode("utf-16")
    lines = text.splitlines()
    if not lines or lines[0] != HEADER:
        raise ValueError("not a 'Windows Registry Editor Version 5.00' file")
    keys: dict[str, dict[str, RegData]] = {}
    current: dict[str, RegData] | None = None
    for line in lines[1:]:
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = keys.setdefault(line[1:-1], {})
            continue
        if current is None:
            raise ValueError(f"value outside a key: {line!r}")
        name, value = _split_value(line)
        current[name] = value
    return keys


def _split_value(line: str) -> tuple[str, RegData]:
    name, rest = _read_quoted(line, 0)
    if line[rest] != "=":
        raise ValueError(f"expected '=' in {line!r}")
    raw = line[rest + 1 :]
    if raw.startswith("dword:"):
        return name, int(raw[6:], 16)
    value, end = _read_quoted(raw, 0)
    if end != len(raw):
        raise ValueError(f"trailing text in {line!r}")
    return name, value


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    if text[start] != '"':
        raise ValueError(f"expected a quoted string in {text!r}")
    out = []
    i = start + 1
    while text[i] != '"':
        if text[i] == "\\":
            i += 1
        out.append(text[i])
        i += 1
    return "".join(out), i + 1
