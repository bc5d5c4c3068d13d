import { test } from "node:test";
import assert from "node:assert/strict";
import { fixture, load } from "./dom_fixture.mjs";

const overlayMod = load("overlay");

const FINDINGS = [
  {
    rule: "emotional-caps",
    category: "emotional",
    severity: "info",
    spans: [],
    message: { nl: "Veel hoofdletters", en: "Lots of capitals" },
    explanation: { nl: "Wacht even.", en: "Wait a moment." },
    suggestion: { nl: "Later posten.", en: "Post later." },
    clause: "5.1",
    policy_url: "https://intranet.example.nl/protocol#5.1",
  },
  {
    rule: "personal-data-phone",
    category: "personal_data",
    severity: "high",
    spans: [],
    message: { nl: "Telefoonnummer", en: "Phone number" },
    explanation: { nl: "Deel geen nummers.", en: "Do not share numbers." },
    suggestion: { nl: "Haal het weg.", en: "Remove it." },
    clause: "3.2",
    policy_url: "javascript:alert(1)",
  },
  {
    rule: "client-deal",
    category: "client",
    severity: "warning",
    spans: [],
    message: { nl: "Klantinformatie", en: "Client information" },
    explanation: { nl: "Noem geen klanten.", en: "Do not name clients." },
    suggestion: { nl: "Laat de naam weg.", en: "Leave the name out." },
    clause: "",
    policy_url: "https://intranet.example.nl/protocol",
  },
];

const ANCHOR = { left: 100, top: 200, right: 500, bottom: 300, width: 400, height: 100 };

function setup(file = "x-post.html") {
  const win = fixture(file, "https://x.com/home");
  const feedback = [];
  const overlay = overlayMod.createOverlay(win.document, { onFeedback: (rule) => feedback.push(rule) });
  return { win, overlay, feedback, root: overlay.root };
}

test("the host is appended to body with the agreed id and an open shadow root", () => {
  const { win, overlay } = setup();
  overlay.show("c1", { lang: "en", anchor: ANCHOR, status: "idle", findings: [], marks: [] });
  const host = win.document.getElementById("bedenktijd-overlay-host");
  assert.equal(host, overlay.host);
  assert.equal(host.parentElement, win.document.body);
  assert.ok(host.shadowRoot);
});

test("findings carry category and severity; info is a collapsed tip, warning and high are open", () => {
  const { overlay, root } = setup();
  overlay.show("c1", { lang: "nl", anchor: ANCHOR, status: "findings", findings: FINDINGS, marks: [] });
  const nodes = Array.from(root.querySelectorAll("[data-category]"));
  assert.deepEqual(
    nodes.map((n) => [n.dataset.category, n.dataset.severity]),
    [
      ["personal_data", "high"],
      ["client", "warning"],
      ["emotional", "info"],
    ],
  );
  const tip = root.querySelector('[data-severity="info"]');
  assert.equal(tip.tagName, "DETAILS");
  assert.equal(tip.open, false);
  assert.match(tip.querySelector("summary").textContent, /^Tip: Veel hoofdletters/);
  const high = root.querySelector('[data-severity="high"]');
  assert.equal(high.tagName, "DIV");
  assert.match(high.textContent, /Ernstig risico Telefoonnummer/);
  assert.match(high.textContent, /Deel geen nummers\./);
  assert.match(high.textContent, /Suggestie: Haal het weg\./);
  assert.match(root.querySelector(".title").textContent, /3 aandachtspunten/);
});

test("policy links: clause in the label, http(s) only, opened safely", () => {
  const { overlay, root } = setup();
  overlay.show("c1", { lang: "en", anchor: ANCHOR, status: "findings", findings: FINDINGS, marks: [] });
  const links = Array.from(root.querySelectorAll("a.policy"));
  assert.deepEqual(
    links.map((a) => a.textContent),
    ["Read the social media protocol", "Read clause 5.1 of the protocol"],
  );
  assert.ok(links.every((a) => a.rel === "noopener noreferrer" && a.target === "_blank"));
  assert.equal(
    root.querySelector('[data-severity="high"] a'),
    null,
    "javascript: URL must not become a link",
  );
});

test("texts from the companion are text, never markup", () => {
  const { overlay, root } = setup();
  const evil = { ...FINDINGS[2], message: { nl: "<img src=x onerror=alert(1)>", en: "x" } };
  overlay.show("c1", { lang: "nl", anchor: ANCHOR, status: "findings", findings: [evil], marks: [] });
  assert.equal(root.querySelector("img"), null);
  assert.match(root.querySelector(".message").textContent, /<img src=x/);
});

test("not checked: a small discreet label, no panel", () => {
  const { overlay, root } = setup();
  overlay.show("c1", { lang: "nl", anchor: ANCHOR, status: "unchecked", findings: [], marks: [] });
  assert.equal(root.querySelector(".unchecked").textContent, "Niet gecontroleerd");
  assert.equal(root.querySelector(".panel"), null);
  assert.equal(root.querySelector('[data-composer="c1"]').dataset.status, "unchecked");
});

test("marks are drawn at the given rectangles; hide removes everything for that composer", () => {
  const { overlay, root } = setup();
  const marks = [{ left: 10, top: 20, width: 30, height: 18, severity: "high" }];
  overlay.show("c1", { lang: "en", anchor: ANCHOR, status: "findings", findings: FINDINGS, marks });
  const mark = root.querySelector(".mark");
  assert.equal(mark.dataset.severity, "high");
  assert.match(mark.getAttribute("style"), /left:10px;top:20px;width:30px;height:18px;/);
  overlay.hide("c1");
  assert.equal(root.querySelector('[data-composer="c1"]'), null);
});

test("the editor's DOM is never modified by the overlay", () => {
  const { win, overlay } = setup();
  const editor = win.document.querySelector('[data-testid="tweetTextarea_0"]');
  const before = editor.outerHTML;
  overlay.show("c1", {
    lang: "en",
    anchor: ANCHOR,
    status: "findings",
    findings: FINDINGS,
    marks: [{ left: 1, top: 1, width: 1, height: 1, severity: "info" }],
  });
  overlay.confirm(FINDINGS, "en");
  assert.equal(editor.outerHTML, before);
});

test("report as wrong calls back with the rule id and thanks the user", () => {
  const { overlay, root, feedback } = setup();
  overlay.show("c1", { lang: "en", anchor: ANCHOR, status: "findings", findings: FINDINGS, marks: [] });
  root.querySelector('[data-rule="client-deal"] [data-action="report-wrong"]').click();
  assert.deepEqual(feedback, ["client-deal"]);
  assert.match(root.querySelector('[data-rule="client-deal"] .thanks').textContent, /Thank you/);
});

test("the confirmation dialog: Dutch labels, test ids, each answer resolves and closes it", async () => {
  const { win, overlay, root } = setup();
  const pending = overlay.confirm(FINDINGS.slice(1), "nl");
  const dialog = root.querySelector('[data-testid="bedenktijd-confirm"]');
  assert.equal(dialog.getAttribute("role"), "alertdialog");
  assert.equal(dialog.querySelector('[data-action="edit"]').textContent, "Bewerken");
  assert.equal(dialog.querySelector('[data-action="post-anyway"]').textContent, "Toch plaatsen");
  assert.equal(dialog.querySelectorAll("[data-severity]").length, 2);
  assert.equal(overlay.isDialogOpen(), true);
  dialog.querySelector('[data-action="post-anyway"]').click();
  assert.equal(await pending, "post-anyway");
  assert.equal(root.querySelector('[data-testid="bedenktijd-confirm"]'), null);
  assert.equal(overlay.isDialogOpen(), false);

  const editing = overlay.confirm(FINDINGS, "en");
  assert.equal(root.querySelector('[data-action="edit"]').textContent, "Edit");
  root.querySelector('[data-action="edit"]').click();
  assert.equal(await editing, "edit");

  const escaping = overlay.confirm(FINDINGS, "en");
  win.document.body.dispatchEvent(new win.KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  assert.equal(await escaping, "cancel");
  assert.equal(root.querySelector('[data-testid="bedenktijd-confirm"]'), null);
});

test("keys typed in the overlay do not reach the site's handlers", () => {
  const { win, overlay, root } = setup();
  let reached = 0;
  win.document.body.addEventListener("keydown", () => reached++);
  overlay.confirm(FINDINGS, "en");
  root
    .querySelector('[data-action="edit"]')
    .dispatchEvent(new win.KeyboardEvent("keydown", { key: "j", bubbles: true, composed: true }));
  assert.equal(reached, 0);
});

test("panel placement: right of the composer when there is room, else above, else below, inside the viewport", () => {
  const size = { width: 320, height: 200 };
  const wide = { width: 1400, height: 900 };
  assert.deepEqual(overlayMod.placePanel({ left: 300, top: 100, right: 900, bottom: 250 }, size, wide), {
    left: 908,
    top: 100,
    side: "right",
  });
  const narrow = { width: 800, height: 900 };
  assert.deepEqual(overlayMod.placePanel({ left: 100, top: 400, right: 700, bottom: 500 }, size, narrow), {
    left: 100,
    top: 192,
    side: "above",
  });
  assert.deepEqual(overlayMod.placePanel({ left: 600, top: 50, right: 790, bottom: 150 }, size, narrow), {
    left: 472,
    top: 158,
    side: "below",
  });
  const low = overlayMod.placePanel(
    { left: 0, top: 100, right: 790, bottom: 880 },
    { width: 320, height: 50 },
    narrow,
  );
  assert.equal(low.side, "above");
  const cramped = overlayMod.placePanel({ left: 0, top: 20, right: 790, bottom: 890 }, size, narrow);
  assert.deepEqual(cramped, { left: 8, top: 692, side: "below" });
});
