// Which network a page belongs to, by host name.
// Classic script: attaches to globalThis.Bedenktijd.networks; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const ns = node ? null : (globalThis.Bedenktijd = globalThis.Bedenktijd || {});
  const api = factory((dep) => (node ? require(`./${dep}.js`) : ns[dep]));
  if (node) module.exports = api;
  else ns[name] = api;
})("networks", function (need) {
  "use strict";
  const ALL = [need("network_x"), need("network_linkedin"), need("network_facebook")];
  const IDS = ALL.map((n) => n.id);

  /** The network module for `hostname` (exact host or a subdomain of it), or null. */
  function forHost(hostname) {
    const host = String(hostname || "")
      .toLowerCase()
      .replace(/\.$/, "");
    return ALL.find((n) => n.hosts.some((h) => host === h || host.endsWith(`.${h}`))) || null;
  }

  /** The network module with id `id`, or null. */
  function byId(id) {
    return ALL.find((n) => n.id === id) || null;
  }

  return { ALL, IDS, forHost, byId };
});
