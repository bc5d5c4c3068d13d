// The overlay's stylesheet (inside its shadow root, so the site's CSS cannot reach it and ours cannot leak).
// Classic script: attaches to globalThis.Bedenktijd.overlay_style; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const api = factory();
  if (node) module.exports = api;
  else (globalThis.Bedenktijd = globalThis.Bedenktijd || {})[name] = api;
})("overlay_style", function () {
  "use strict";

  const CSS = `
:host { all: initial; }
.layer { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; }
.composer { position: fixed; left: 0; top: 0; width: 0; height: 0; }
.mark { position: fixed; pointer-events: none; border-bottom: 2px solid #d4a72c; background: rgba(212, 167, 44, 0.12); }
.mark.high { border-bottom-color: #cf222e; background: rgba(207, 34, 46, 0.10); }
.mark.info { border-bottom: 1px dotted #57606a; background: none; }
.unchecked { position: fixed; font-size: 11px; color: #57606a; background: rgba(255,255,255,0.85);
  border-radius: 8px; padding: 1px 6px; pointer-events: auto; }
.panel { position: fixed; box-sizing: border-box; max-height: 60vh; overflow: auto; pointer-events: auto;
  background: #fff; border: 1px solid #d0d7de; border-left: 4px solid #d4a72c; border-radius: 8px;
  box-shadow: 0 4px 16px rgba(0,0,0,0.12); padding: 8px 10px; }
.header { display: flex; justify-content: space-between; align-items: center; gap: 8px; font-weight: 600; }
.finding { margin-top: 8px; padding-top: 6px; border-top: 1px solid #eaeef2; }
.finding p { margin: 4px 0; }
.finding.info { font-size: 12px; color: #57606a; }
.finding.info summary { cursor: pointer; }
.badge { display: inline-block; font-size: 11px; font-weight: 600; border-radius: 4px; padding: 0 5px;
  background: #fff8c5; color: #7d4e00; }
.finding.high .badge { background: #ffebe9; color: #a40e26; }
.message { font-weight: 600; }
a.policy { color: #0969da; display: inline-block; margin: 2px 0; }
button { font: inherit; cursor: pointer; }
button.toggle, button.report { border: none; background: none; color: #57606a; font-size: 12px; padding: 0;
  text-decoration: underline; }
button.report { display: block; margin-top: 4px; }
.thanks { display: block; margin-top: 4px; font-size: 12px; color: #1a7f37; }
.backdrop { position: fixed; inset: 0; background: rgba(0,0,0,0.35); display: flex; align-items: center;
  justify-content: center; pointer-events: auto; }
.dialog { background: #fff; border-radius: 12px; max-width: 480px; width: calc(100% - 32px); max-height: 80vh;
  overflow: auto; padding: 20px; box-shadow: 0 8px 32px rgba(0,0,0,0.25); }
.dialog h2 { font-size: 18px; margin: 0 0 8px; }
.actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 16px; }
.actions button { border-radius: 18px; padding: 6px 16px; border: 1px solid #d0d7de; background: #fff; }
.actions button.edit { background: #1f2328; color: #fff; border-color: #1f2328; }
.hint { font-size: 12px; color: #57606a; margin: 8px 0 0; }
`;

  return { CSS };
});
