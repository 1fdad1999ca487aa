// The Word task pane: read the document, check it on the server, show the results
// grouped by section, jump to a finding, dismiss, re-check, and apply the safe fixes.

import * as api from "./api.js";
import { changes, changeText, decorate, snapshot } from "./checklist.js";
import { headingPlacement, templateItems } from "./fixes.js";
import { arrowNavigation, el, fingerprint, renderFile } from "./render.js";
import * as word from "./word.js";

const $ = (id) => document.getElementById(id);
const DISMISSED_KEY = "ilm-lint-dismissed";
const READY_TIMEOUT_MS = 8000;

const state = {
  units: [],
  result: null,
  paragraphs: [], // what the last check read: texts for verification and fixes
  chosenUnit: "",
  dismissed: loadDismissed(),
  busy: false,
  mode: "paragraphs",
  previousChecklist: null, // the ticks of the check before this one (checklist.js)
};

function loadDismissed() {
  try {
    return new Set(JSON.parse(sessionStorage.getItem(DISMISSED_KEY) || "[]"));
  } catch (e) {
    return new Set();
  }
}

function saveDismissed() {
  try {
    sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...state.dismissed]));
  } catch (e) {
    /* storage off: dismissals last until the pane closes */
  }
}

function say(text) {
  $("status").textContent = text;
}

function officeReady() {
  if (typeof Office === "undefined" || !Office.onReady) return Promise.resolve(null);
  return Promise.race([
    Office.onReady().then((info) => info || null, () => null),
    new Promise((resolve) => setTimeout(() => resolve(null), READY_TIMEOUT_MS)),
  ]);
}

function showOutside() {
  $("outside").hidden = false;
  $("controls").hidden = true;
  say("Not running inside Word.");
}

const unitOf = (code) => state.units.find((u) => u.code === code) || null;

async function loadUnits() {
  try {
    state.units = await api.units();
  } catch (e) {
    state.units = [];
  }
  const select = $("unit");
  for (const u of state.units) {
    if (u.kind && u.kind !== "unit") continue;
    select.append(el("option", { value: u.code, text: `${u.code}: ${u.title}` }));
  }
}

async function check() {
  if (state.busy) return;
  state.busy = true;
  $("check").disabled = true;
  say("Reading the document…");
  try {
    const paragraphs = await word.readParagraphs();
    const grammar = $("grammar").checked ? "on" : "off";
    const unit = state.chosenUnit || null;
    say(`Checking ${paragraphs.length} paragraphs…`);
    let result = null;
    state.mode = "paragraphs";
    if (word.onDesktop()) {
      // Full fidelity on the desktop (comments, revisions, footnotes); else paragraphs.
      try {
        const bytes = await word.readFile();
        result = await api.lintBytes(bytes, { unit, grammar });
        state.mode = "file";
      } catch (e) {
        result = null;
      }
    }
    if (!result) result = await api.lintParagraphs(paragraphs, { unit, grammar });
    state.paragraphs = paragraphs;
    state.previousChecklist = snapshot(state.result);
    state.result = result;
    render();
    const n = visibleFindings().length;
    const ticks = changeText(changes(state.previousChecklist, result));
    say((n ? `Checked: ${n} finding${n === 1 ? "" : "s"}.` : "Checked: no problems found.") + ticks);
  } catch (e) {
    say(`The check failed: ${e.message || e}`);
  } finally {
    state.busy = false;
    $("check").disabled = false;
  }
}

function visibleFindings() {
  return ((state.result && state.result.findings) || []).filter((f) => !state.dismissed.has(fingerprint(f)));
}

function render() {
  const result = state.result;
  if (!result) return;
  const unit = unitOf(result.unit);
  const select = $("unit");
  if (!state.chosenUnit) select.value = "";
  renderFile($("results"), result, {
    unit,
    chosen: !!state.chosenUnit,
    dismissed: state.dismissed,
    onSelect: selectFinding,
    onDismiss: dismiss,
    actionsFor,
  });
  decorate($("results"), result, state.previousChecklist);
  const template = templateItems(result, state.paragraphs);
  const fixTemplate = $("fix-template");
  fixTemplate.hidden = !template.length;
  fixTemplate.textContent = `Remove template text (${template.length})…`;
  const located = visibleFindings().filter((f) => (f.location || {}).paragraph !== undefined);
  $("fix-comments").hidden = !(located.length && word.supports("WordApi", "1.4"));
  $("show-dismissed").hidden = !state.dismissed.size;
  $("fixes").hidden = fixTemplate.hidden && $("fix-comments").hidden && $("show-dismissed").hidden;
}

function actionsFor(f) {
  const out = [];
  if (f.rule === "AC100" && f.location && f.location.section) {
    const place = headingPlacement(state.result, unitOf(state.result.unit), state.paragraphs, f.location.section);
    if (place) {
      out.push(el("button", { type: "button", class: "fix", "data-fix": "insert-heading", text: "Insert heading", "aria-label": `Insert the heading for AC ${f.location.section}`, onclick: () => insertHeading(place) }));
    }
  }
  const loc = f.location || {};
  const suggestion = (f.suggestions || [])[0];
  if (suggestion !== undefined && loc.text && loc.paragraph !== undefined && state.paragraphs[loc.paragraph]) {
    out.push(el("button", { type: "button", class: "fix", "data-fix": "replace", text: `Use “${suggestion}”`, "aria-label": `Replace “${loc.text}” with “${suggestion}”`, onclick: () => replace(f, suggestion) }));
  }
  if (["PH400", "PH401", "PH402"].includes(f.rule) && templateItems(state.result, state.paragraphs).length) {
    out.push(el("button", { type: "button", class: "fix", "data-fix": "remove-template", text: "Remove…", "aria-label": "Remove the template text", onclick: removeTemplate }));
  }
  return out;
}

async function selectFinding(f) {
  const loc = f.location || {};
  const expected = loc.paragraph !== undefined && state.paragraphs[loc.paragraph] ? state.paragraphs[loc.paragraph].text : loc.text;
  try {
    const how = await word.select(loc.paragraph, expected, loc.text);
    if (how === "missing") say("That text is no longer in the document: check again.");
    else say("Selected in the document.");
  } catch (e) {
    say(`Could not select it: ${e.message || e}`);
  }
}

function dismiss(f) {
  state.dismissed.add(fingerprint(f));
  saveDismissed();
  render();
  say("Dismissed for this session.");
  const next = document.querySelector("#results .finding .body");
  if (next) next.focus();
}

function confirmDialog(title, text, lines, okLabel) {
  const dialog = $("confirm");
  $("confirm-title").textContent = title;
  $("confirm-text").textContent = text;
  $("confirm-list").replaceChildren(...lines.map((l) => el("li", { text: l })));
  $("confirm-ok").textContent = okLabel;
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const done = (answer) => {
      $("confirm-ok").onclick = $("confirm-cancel").onclick = null;
      dialog.removeEventListener("cancel", onCancel);
      if (dialog.close) dialog.close();
      else dialog.removeAttribute("open");
      if (opener && opener.focus) opener.focus();
      resolve(answer);
    };
    const onCancel = (e) => {
      e.preventDefault();
      done(false);
    };
    dialog.addEventListener("cancel", onCancel);
    $("confirm-ok").onclick = () => done(true);
    $("confirm-cancel").onclick = () => done(false);
    if (dialog.showModal) dialog.showModal();
    else dialog.setAttribute("open", "");
    $("confirm-cancel").focus();
  });
}

const clip = (s, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

async function removeTemplate() {
  const items = templateItems(state.result, state.paragraphs);
  if (!items.length) return;
  const lines = items.map((i) => `${i.whole ? "Paragraph" : "Text in paragraph"} ${i.index + 1}: “${clip(word.norm(i.text))}”`);
  const ok = await confirmDialog(
    "Remove template text?",
    `These ${items.length} item${items.length === 1 ? "" : "s"} from the template will be deleted. Your own text stays. You can undo in Word.`,
    lines,
    `Remove ${items.length}`,
  );
  if (!ok) return;
  try {
    const texts = state.paragraphs.map((p) => p.text);
    const { removed, skipped } = await word.removeTemplateText(items, texts);
    say(`Removed ${removed}${skipped.length ? `; ${skipped.length} had changed and were left` : ""}. Checking again…`);
  } catch (e) {
    say(`Could not remove it: ${e.message || e}`);
    return;
  }
  await check();
}

async function replace(f, suggestion) {
  const loc = f.location;
  const para = state.paragraphs[loc.paragraph].text;
  // Which occurrence of the flagged words in the paragraph: the one at location.start.
  let nth = 0;
  if (Number.isInteger(loc.start)) {
    for (let at = para.indexOf(loc.text); at >= 0 && at < loc.start; at = para.indexOf(loc.text, at + loc.text.length)) nth += 1;
  }
  try {
    const done = await word.replaceText(loc.paragraph, para, loc.text, nth, suggestion);
    if (!done) {
      say("The document has changed since the check: check again first.");
      return;
    }
    say(`Replaced with “${suggestion}”. Checking again…`);
  } catch (e) {
    say(`Could not replace it: ${e.message || e}`);
    return;
  }
  await check();
}

async function insertHeading(place) {
  try {
    const done = await word.insertHeading(place);
    if (!done) {
      say("The document has changed since the check: check again first.");
      return;
    }
    say("Heading inserted. Checking again…");
  } catch (e) {
    say(`Could not insert the heading: ${e.message || e}`);
    return;
  }
  await check();
}

async function addComments() {
  const findings = visibleFindings().filter((f) => (f.location || {}).paragraph !== undefined);
  try {
    const n = await word.addComments(findings, state.paragraphs.map((p) => p.text));
    say(`Added ${n} comment${n === 1 ? "" : "s"}.`);
  } catch (e) {
    say(`Could not add comments: ${e.message || e}`);
  }
}

function wire() {
  $("check").addEventListener("click", check);
  $("unit").addEventListener("change", () => {
    state.chosenUnit = $("unit").value;
    check();
  });
  $("fix-template").addEventListener("click", removeTemplate);
  $("fix-comments").addEventListener("click", addComments);
  $("show-dismissed").addEventListener("click", () => {
    state.dismissed.clear();
    saveDismissed();
    render();
    say("Dismissed findings are shown again.");
  });
  arrowNavigation($("results"));
}

async function main() {
  const info = await officeReady();
  if (!word.isWord(info)) {
    showOutside();
    return;
  }
  $("controls").hidden = false;
  wire();
  await loadUnits();
  await check();
}

main();
