"""The Bedenktijd mitmproxy addon: sees posts go out, checks them, records the outcome; never blocks.

Run it the conventional way:

    mitmdump -s proxy_addon/addon.py --listen-host 127.0.0.1 --set bedenktijd_org=org.yaml

The `request` hook only copies the request into a frozen record, so the flow continues at once and
unchanged; when the network has accepted it (`response`), a background task recognises, checks and
records it in worker threads. Any error there is logged (type and where, never text) and counted.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from mitmproxy import command, ctx, exceptions, http
from mitmproxy.addonmanager import Loader
from mitmproxy.proxy import mode_specs

from companion_ui.store import Event, Store, default_database_path
from proxy_addon import recording
from proxy_addon.adapters import RecognitionFailure
from proxy_addon.adapters.base import host_matches
from proxy_addon.host_patterns import is_loopback
from proxy_addon.live_ruleset import LiveRuleset, ReloadResult, load_error_text
from proxy_addon.request import OutgoingRequest
from proxy_addon.settings import OPTION_NAMES, OPTIONS, AddonSettings, read_settings
from rules.ruleset import Ruleset

log = logging.getLogger("bedenktijd.proxy")

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
POLL_SECONDS = 2.0  # how often rule files are checked for changes
SEEN_SECONDS = 60.0  # how often the proxy tells the companion (via the store) that it is running
ACK_POLL_SECONDS = 0.2
SHUTDOWN_GRACE_SECONDS = 5.0
MAX_WAITING = 256  # requests waiting for their answer; a browser has far fewer posts in flight


class Bedenktijd:
    """Checks outgoing posts on the enabled social networks and records what it found, without text."""

    def __init__(self) -> None:
        self.settings: AddonSettings | None = None
        self.rules: LiveRuleset | None = None
        self.store: Store | None = None
        self.secret = b""
        self.counters: Counter[str] = Counter()
        self._tasks: set[asyncio.Task[Any]] = set()  # strong references: the loop keeps only weak ones
        self._poller: asyncio.Task[None] | None = None
        self._setting_options = False
        # Requests seen, by flow id, until the network answers.
        self._sent: dict[str, tuple[OutgoingRequest, AddonSettings, LiveRuleset]] = {}

    # Lifecycle
    def load(self, loader: Loader) -> None:
        """Declare the bedenktijd_* options."""
        for spec in OPTIONS:
            loader.add_option(spec.name, spec.typespec, spec.default, spec.help)

    def configure(self, updated: set[str]) -> None:
        """Read the options once, load the rule pack and the store, and derive allow_hosts."""
        if self._setting_options:
            return  # the nested call caused by our own update below
        if "listen_host" in updated or "mode" in updated:
            self._keep_on_loopback()  # first, so a bad option below cannot leave the proxy on every interface
        if self.settings is None or updated & OPTION_NAMES:
            self._apply(self._read_options())
        if self.settings is not None and tuple(ctx.options.allow_hosts) != self.settings.allow_hosts:
            if ctx.options.allow_hosts:
                log.warning("bedenktijd: allow_hosts is derived from bedenktijd_networks; replacing it")
            self._set_options(allow_hosts=list(self.settings.allow_hosts))

    def _set_options(self, **values: Any) -> None:
        self._setting_options = True
        try:
            ctx.options.update(**values)
        finally:
            self._setting_options = False

    def _keep_on_loopback(self) -> None:
        """Bind to 127.0.0.1 unless told otherwise; refuse an address other machines could reach."""
        try:
            modes = [mode_specs.ProxyMode.parse(m) for m in ctx.options.mode]
        except ValueError:
            return  # mitmproxy's proxyserver reports a malformed mode itself
        if not ctx.options.listen_host and any(m.custom_listen_host is None for m in modes):
            self._set_options(listen_host="127.0.0.1")
        for mode in modes:
            host = mode.listen_host(ctx.options.listen_host)
            if not is_loopback(host):
                raise exceptions.OptionsError(
                    f"bedenktijd: the proxy must listen on 127.0.0.1 only, not {host or 'every interface'!r} "
                    f"(mode {mode.full_spec!r}); use --listen-host 127.0.0.1"
                )

    def _read_options(self) -> AddonSettings:
        opts = ctx.options
        try:
            return read_settings(
                opts.bedenktijd_org,
                opts.bedenktijd_packs,
                opts.bedenktijd_store,
                opts.bedenktijd_networks,
                opts.bedenktijd_extra_hosts,
                opts.bedenktijd_max_body_bytes,
                opts.bedenktijd_ack_wait_ms,
            )
        except ValueError as error:
            raise exceptions.OptionsError(str(error)) from None

    def _apply(self, settings: AddonSettings) -> None:
        """Load what changed; on any error keep everything as it was (mitmproxy rolls the options back)."""
        old = self.settings
        if settings == old:
            return  # an option was set to the value it already had
        rules = self.rules
        if rules is None or old is None or (settings.org, settings.packs) != (old.org, old.packs):
            try:
                rules = LiveRuleset(settings.org, settings.packs)
            except Exception as error:
                raise exceptions.OptionsError(
                    f"bedenktijd: the rule pack could not be loaded: {load_error_text(error)}"
                ) from None
        store, secret = self.store, self.secret
        if store is None or old is None or settings.store != old.store:
            path = settings.store or default_database_path()
            try:
                store = Store(path)
                secret = store.secret()
            except Exception as error:
                raise exceptions.OptionsError(
                    f"bedenktijd: the store {path} could not be opened: {type(error).__name__}: {error}"
                ) from None
            if self.store is not None:
                self.store.close()
        loaded = rules is not self.rules
        self.settings, self.rules, self.store, self.secret = settings, rules, store, secret
        log.info(
            "bedenktijd: checking posts on %s with rule pack %s; store %s",
            ", ".join(settings.networks),
            rules.current.version,
            store.path,
        )
        if loaded:  # once per load, not on every other option change
            _log_notices(rules.current)

    def running(self) -> None:
        """Check that the proxy listens on loopback only, then start watching the rule files."""
        proxyserver: Any = ctx.master.addons.get("proxyserver")
        if proxyserver is not None:
            exposed = [host for host, *_ in proxyserver.listen_addrs() if not is_loopback(str(host))]
            if exposed:
                log.error(
                    "bedenktijd: the proxy listens on %s; it must listen on 127.0.0.1 only "
                    "(use --listen-host 127.0.0.1); stopping",
                    ", ".join(sorted(map(str, exposed))),
                )
                ctx.master.shutdown()
                return
        if self._poller is None:
            self._poller = asyncio.get_running_loop().create_task(self._watch(), name="bedenktijd watcher")

    def done(self) -> Awaitable[None] | None:
        """Finish recording posts already seen (briefly), log the counters and close the store."""
        if self._poller is not None:
            self._poller.cancel()
            self._poller = None
        # A task rather than `async def`: mitmproxy calls `done` synchronously when a script is unloaded,
        # and awaits what it returns at shutdown.
        try:
            return asyncio.get_running_loop().create_task(self._finish())
        except RuntimeError:
            self._close()
            return None

    async def _finish(self) -> None:
        await self.settle(SHUTDOWN_GRACE_SECONDS)
        self._close()

    async def settle(self, timeout: float) -> None:
        """Wait (at most `timeout` seconds) until the posts seen so far are checked and recorded."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)

    def _close(self) -> None:
        counters = self.stats()
        log.info("bedenktijd: stopped; %s", "no posts seen" if counters == "{}" else f"counters {counters}")
        if self.store is not None:
            self.store.close()

    # Commands
    @command.command("bedenktijd.stats")
    def stats(self) -> str:
        """The addon's counters as JSON: posts checked per outcome, skipped requests, errors per stage."""
        return json.dumps(dict(sorted(self.counters.items())), separators=(",", ":"))

    # HTTP
    async def request(self, flow: http.HTTPFlow) -> None:
        """Copy a write request to a social host for checking once it is sent; the flow goes on unchanged."""
        settings = self.settings
        req = flow.request
        if settings is None or self.rules is None or req.method not in WRITE_METHODS:
            return
        if not host_matches(req.pretty_host.lower().rstrip("."), settings.hosts):
            return
        body = req.raw_content
        if body is None:  # streamed: nothing buffered to look at
            self.counters["skipped_streamed"] += 1
            return
        if len(body) > settings.max_body_bytes:
            self.counters["skipped_too_large"] += 1
            return
        try:
            outgoing = OutgoingRequest.build(
                req.method, req.pretty_host, req.path, req.headers.items(multi=True), body
            )
        except Exception as error:
            self._failed("request", f"{req.method} {req.pretty_host}", error)
            return
        if len(self._sent) >= MAX_WAITING:  # flows that never ended (killed by another addon, say)
            del self._sent[next(iter(self._sent))]
            self.counters["skipped_unfinished"] += 1
        self._sent[flow.id] = (outgoing, settings, self.rules)

    async def response(self, flow: http.HTTPFlow) -> None:
        """The network answered: check the post in the background if it was accepted."""
        sent = self._sent.pop(flow.id, None)
        if sent is None or flow.response is None:
            return
        # Checking after the answer keeps the check off the post's own round trip, and a refused post
        # (4xx/5xx) was not published, so there is nothing to warn about afterwards.
        if flow.response.status_code >= 400:
            self.counters["not_published"] += 1
            return
        self._spawn(self._check(*sent))

    async def error(self, flow: http.HTTPFlow) -> None:
        """The request failed (connection lost, killed): the post was not published."""
        if self._sent.pop(flow.id, None) is not None:
            self.counters["not_published"] += 1

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _check(self, outgoing: OutgoingRequest, settings: AddonSettings, rules: LiveRuleset) -> None:
        """Recognise, evaluate, wait briefly for the extension's acknowledgement, record one event."""
        stage = "adapter"
        try:
            found = await asyncio.to_thread(recording.recognise_request, outgoing, settings)
            if found is None:
                self.counters["not_a_post"] += 1
                return
            if isinstance(found, RecognitionFailure):
                self.counters["errors_adapter"] += 1
                log.warning("bedenktijd: %s", found.describe())
                return
            if found.private or found.post is None:
                self.counters["skipped_private"] += 1
                return
            stage = "engine"
            checked = await asyncio.to_thread(recording.check_post, found, rules.current, self.secret)
            stage = "store"
            store = self.store
            if store is None:
                return
            ack = None
            if checked.has_findings:
                ack = await self._acknowledgement(store, checked.fingerprints, settings.ack_wait)
            event = recording.proxy_event(checked, ack)
            await asyncio.to_thread(store.record_event, event)
            self.counters[event.outcome] += 1
        except Exception as error:
            self._failed(stage, outgoing.where(), error)

    async def _acknowledgement(self, store: Store, prints: tuple[str, ...], wait: float) -> Event | None:
        """Look for the extension's acknowledgement, which may arrive just after the post itself."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            ack = await asyncio.to_thread(recording.find_acknowledgement, store, prints)
            if ack is not None or loop.time() >= deadline:
                return ack
            await asyncio.sleep(min(ACK_POLL_SECONDS, max(0.0, deadline - loop.time())))

    def _failed(self, stage: str, where: str, error: BaseException) -> None:
        # Only the exception type: messages can quote the body (JSON errors, KeyErrors on user data).
        self.counters[f"errors_{stage}"] += 1
        log.warning("bedenktijd: %s failed on %s: %s", stage, where, type(error).__name__)

    # Background upkeep
    async def _watch(self) -> None:
        """Reload changed rule files every few seconds and tell the companion the proxy is running."""
        loop = asyncio.get_running_loop()
        next_seen = 0.0
        while True:
            if loop.time() >= next_seen:
                next_seen = loop.time() + SEEN_SECONDS
                await self._upkeep("store", self._record_seen)
            await self._upkeep("reload", self._reload_in_thread)
            await asyncio.sleep(POLL_SECONDS)

    async def _upkeep(self, stage: str, job: Callable[[], Awaitable[None]]) -> None:
        try:
            await job()
        except Exception as error:
            self._failed(stage, "background upkeep", error)

    async def _record_seen(self) -> None:
        if self.store is not None:
            await asyncio.to_thread(self.store.record_proxy_seen)

    async def _reload_in_thread(self) -> None:
        rules = self.rules
        if rules is not None:
            self._report_reload(await asyncio.to_thread(rules.reload_if_changed))

    def reload_rules(self) -> None:
        """Reload the rule pack if its files changed; a broken file keeps the last good ruleset (logged)."""
        if self.rules is not None:
            self._report_reload(self.rules.reload_if_changed())

    def _report_reload(self, result: ReloadResult | None) -> None:
        if result is None:
            return
        if result.ok:
            self.counters["reloads"] += 1
            log.info("bedenktijd: rule pack reloaded, version %s", result.version)
            if self.rules is not None:
                _log_notices(self.rules.current)
        else:
            self.counters["reload_failures"] += 1
            log.error(
                "bedenktijd: rule pack not reloaded, keeping version %s: %s", result.version, result.error
            )


def _log_notices(ruleset: Ruleset) -> None:
    """Keys of the org profile this version ignores (names of keys, never post text)."""
    for notice in ruleset.org.notices:
        log.warning("bedenktijd: %s", notice)


addons = [Bedenktijd()]
