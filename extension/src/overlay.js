// What the employee sees: a panel and underlines next to the composer, and the "Edit / Post anyway" dialog.
// Everything lives in one Shadow DOM host on document.body; the editor's own DOM is never touched.
// Classic script: attaches to globalThis.Bedenktijd.overlay; CommonJS export for node --test.
(function (name, factory) {
  const node = typeof module === "object" && module.exports;
  const ns = node ? null : (globalThis.Bedenktijd = globalThis.Bedenktijd || {});
  const api = factory((dep) => (node ? require(`./${dep}.js`) : ns[dep]));
  if (node) module.exports = api;
  else ns[name] = api;
})("overlay", function (need) {
  "use strict";
  const strings = need("strings");
  const overlayStyle = need("overlay_style");

  const HOST_ID = "bedenktijd-overlay-host";
  const PANEL_WIDTH = 320;
  const GAP = 8;

  /**
   * Where the panel goes for a composer at `anchor` (viewport rect): right of it when there is room, else
   * above it, else below it; always inside the viewport. Pure, so it is tested without a layout engine.
   */
  function placePanel(anchor, size, viewport) {
    const clampX = (x) => Math.max(GAP, Math.min(x, viewport.width - size.width - GAP));
    const clampY = (y) => Math.max(GAP, Math.min(y, viewport.height - size.height - GAP));
    if (viewport.width - anchor.right >= size.width + 2 * GAP) {
      return { left: anchor.right + GAP, top: clampY(anchor.top), side: "right" };
    }
    if (anchor.top >= size.height + 2 * GAP) {
      return { left: clampX(anchor.left), top: anchor.top - size.height - GAP, side: "above" };
    }
    return { left: clampX(anchor.left), top: clampY(anchor.bottom + GAP), side: "below" };
  }

  function el(doc, tag, attrs, children) {
    const node = doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const child of children || []) if (child) node.appendChild(child);
    return node;
  }

  function safeHttpUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  // One finding: info is a quiet, collapsed tip; warning and high are shown open.
  function renderFinding(doc, finding, lang, onFeedback) {
    const message = strings.localized(finding.message, lang);
    const details = [
      el(doc, "p", { class: "explanation", text: strings.localized(finding.explanation, lang) }),
    ];
    const suggestion = strings.localized(finding.suggestion, lang);
    if (suggestion) {
      details.push(
        el(doc, "p", { class: "suggestion" }, [
          el(doc, "strong", { text: strings.t(lang, "suggestionLabel") + " " }),
          doc.createTextNode(suggestion),
        ]),
      );
    }
    const url = safeHttpUrl(finding.policy_url);
    if (url) {
      const label = finding.clause
        ? strings.t(lang, "policyLinkClause", { clause: finding.clause })
        : strings.t(lang, "policyLink");
      details.push(
        el(doc, "a", {
          class: "policy",
          href: url,
          target: "_blank",
          rel: "noopener noreferrer",
          text: label,
        }),
      );
    }
    if (onFeedback) {
      const report = el(doc, "button", {
        type: "button",
        class: "report",
        "data-action": "report-wrong",
        text: strings.t(lang, "reportWrong"),
      });
      report.addEventListener("click", () => {
        onFeedback(finding.rule);
        report.replaceWith(el(doc, "span", { class: "thanks", text: strings.t(lang, "reportThanks") }));
      });
      details.push(report);
    }
    const common = {
      class: `finding ${finding.severity}`,
      "data-category": finding.category,
      "data-severity": finding.severity,
      "data-rule": finding.rule,
    };
    if (finding.severity === "info") {
      return el(doc, "details", common, [
        el(doc, "summary", { text: `${strings.t(lang, "severityInfo")}: ${message}` }),
        ...details,
      ]);
    }
    const badge = strings.t(lang, finding.severity === "high" ? "severityHigh" : "severityWarning");
    return el(doc, "div", common, [
      el(doc, "p", { class: "message" }, [
        el(doc, "span", { class: "badge", text: badge }),
        doc.createTextNode(" " + message),
      ]),
      ...details,
    ]);
  }

  /** The overlay for `doc`: one host element with an open shadow root (tests and Playwright can look inside). */
  function createOverlay(doc, options) {
    const opts = options || {};
    const view = doc.defaultView;
    const host = el(doc, "div", {
      id: HOST_ID,
      style: "position:fixed;left:0;top:0;width:0;height:0;z-index:2147483647;",
    });
    const root = host.attachShadow({ mode: "open" });
    root.appendChild(el(doc, "style", { text: overlayStyle.CSS }));
    const layer = el(doc, "div", { class: "layer" });
    root.appendChild(layer);
    // Keys typed in our panel or dialog are ours: the site's shortcuts must not see them.
    for (const type of ["keydown", "keyup", "keypress"])
      host.addEventListener(type, (e) => e.stopPropagation());
    const panels = new Map();
    let dialogOpen = false;

    function attach() {
      if (!host.isConnected && doc.body) doc.body.appendChild(host);
    }

    /**
     * Shows the state of composer `id`: view = {lang, anchor (viewport rect), status ("idle" | "clean" |
     * "unchecked" | "findings"), findings, marks: [{left, top, width, height, severity}]}.
     */
    function show(id, state) {
      attach();
      let entry = panels.get(id);
      if (!entry) {
        entry = { box: el(doc, "div", { class: "composer", "data-composer": id }), collapsed: false };
        panels.set(id, entry);
        layer.appendChild(entry.box);
      }
      const box = entry.box;
      box.replaceChildren();
      box.setAttribute("data-status", state.status);
      const lang = state.lang;
      for (const m of state.marks || []) {
        box.appendChild(
          el(doc, "div", {
            class: `mark ${m.severity}`,
            "data-severity": m.severity,
            style: `left:${m.left}px;top:${m.top}px;width:${m.width}px;height:${m.height}px;`,
          }),
        );
      }
      if (state.status === "unchecked") {
        const a = state.anchor;
        box.appendChild(
          el(doc, "div", {
            class: "unchecked",
            title: strings.t(lang, "statusUncheckedHint"),
            style: `left:${Math.max(GAP, a.right - 140)}px;top:${Math.max(0, a.bottom - 20)}px;`,
            text: strings.t(lang, "statusUnchecked"),
          }),
        );
        return;
      }
      if (state.status !== "findings" || !(state.findings || []).length) return;
      const header = el(doc, "div", { class: "header" }, [
        el(doc, "span", { class: "title", text: strings.findingsCount(lang, state.findings.length) }),
      ]);
      const toggle = el(doc, "button", {
        type: "button",
        class: "toggle",
        "data-action": "toggle",
        text: strings.t(lang, entry.collapsed ? "showPanel" : "hidePanel"),
      });
      toggle.addEventListener("click", () => {
        entry.collapsed = !entry.collapsed;
        show(id, state);
      });
      header.appendChild(toggle);
      const panel = el(doc, "section", { class: "panel", role: "status", "aria-live": "polite" }, [header]);
      if (!entry.collapsed) {
        const ordered = state.findings.slice().sort((a, b) => rank(b.severity) - rank(a.severity));
        for (const f of ordered) panel.appendChild(renderFinding(doc, f, lang, opts.onFeedback));
      }
      box.appendChild(panel);
      const size = { width: PANEL_WIDTH, height: panel.offsetHeight || 120 };
      const viewport = { width: view ? view.innerWidth : 1024, height: view ? view.innerHeight : 768 };
      const place = placePanel(state.anchor, size, viewport);
      panel.setAttribute("style", `left:${place.left}px;top:${place.top}px;width:${PANEL_WIDTH}px;`);
      panel.setAttribute("data-side", place.side);
    }

    /** Removes everything drawn for composer `id`. */
    function hide(id) {
      const entry = panels.get(id);
      if (entry) entry.box.remove();
      panels.delete(id);
    }

    /** Asks "Edit / Post anyway" for `findings`; resolves "edit", "post-anyway" or "cancel" (Escape). */
    function confirm(findings, lang) {
      attach();
      dialogOpen = true;
      return new Promise((resolve) => {
        const edit = el(doc, "button", {
          type: "button",
          class: "edit",
          "data-action": "edit",
          text: strings.t(lang, "confirmEdit"),
        });
        const post = el(doc, "button", {
          type: "button",
          class: "post-anyway",
          "data-action": "post-anyway",
          text: strings.t(lang, "confirmPostAnyway"),
        });
        const list = el(
          doc,
          "div",
          { class: "findings" },
          findings.map((f) => renderFinding(doc, f, lang, null)),
        );
        const dialog = el(
          doc,
          "div",
          {
            class: "dialog",
            role: "alertdialog",
            "aria-modal": "true",
            "aria-labelledby": "bedenktijd-confirm-title",
            "data-testid": "bedenktijd-confirm",
          },
          [
            el(doc, "h2", { id: "bedenktijd-confirm-title", text: strings.t(lang, "confirmTitle") }),
            el(doc, "p", { class: "body", text: strings.t(lang, "confirmBody") }),
            list,
            el(doc, "div", { class: "actions" }, [edit, post]),
            el(doc, "p", { class: "hint", text: strings.t(lang, "confirmEscapeHint") }),
          ],
        );
        const backdrop = el(doc, "div", { class: "backdrop" }, [dialog]);
        // Escape cancels wherever focus is (sites with their own focus traps may pull it back).
        const onKey = (e) => {
          if (e.key !== "Escape") return;
          e.preventDefault();
          e.stopImmediatePropagation();
          close("cancel");
        };
        function close(choice) {
          if (view) view.removeEventListener("keydown", onKey, true);
          backdrop.remove();
          dialogOpen = false;
          resolve(choice);
        }
        if (view) view.addEventListener("keydown", onKey, true);
        edit.addEventListener("click", () => close("edit"));
        post.addEventListener("click", () => close("post-anyway"));
        backdrop.addEventListener("click", (e) => {
          if (e.target === backdrop) close("cancel");
        });
        layer.appendChild(backdrop);
        edit.focus();
      });
    }

    /** True while the dialog is open. */
    function isDialogOpen() {
      return dialogOpen;
    }

    /** Removes the host from the page. */
    function destroy() {
      host.remove();
      panels.clear();
    }

    return { host, root, show, hide, confirm, isDialogOpen, destroy };
  }

  function rank(severity) {
    return severity === "high" ? 2 : severity === "warning" ? 1 : 0;
  }

  return { HOST_ID, createOverlay, placePanel };
});
