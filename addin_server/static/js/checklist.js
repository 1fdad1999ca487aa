// The assessor checklist (AC130, issue 8) from one check to the next. render.js draws a
// tick or a cross per requirement under each section; this marks the ticks that changed
// since the previous check, says how far a partly met requirement has got, and sums the
// change up for the status line, so a learner who adds "the ACTION model" to AC 2.4 and
// checks again sees that tick turn. Text from the document is only set with textContent.

import { checklistFor, el } from "./render.js";

// A requirement's identity across checks: unit, section key and id (or description).
const keyOf = (file, section, item) => [file.unit || "", section, item.id || item.description].join("\u0000");

/** The met/unmet state of every requirement of a file object, for the next comparison. */
export function snapshot(file) {
  const out = new Map();
  const c = file && file.kind === "assignment" ? file.checklist : null;
  if (!c || Array.isArray(c)) return out;
  for (const [section, items] of Object.entries(c)) {
    for (const item of items || []) if (item && item.description) out.set(keyOf(file, section, item), !!item.met);
  }
  return out;
}

/** What changed between a snapshot and a new file object: {gained, lost} (musts only). */
export function changes(previous, file) {
  const gained = [];
  const lost = [];
  if (!previous || !previous.size) return { gained, lost };
  const c = (file && file.checklist) || {};
  if (Array.isArray(c)) return { gained, lost };
  for (const [section, items] of Object.entries(c)) {
    for (const item of items || []) {
      const before = previous.get(keyOf(file, section, item));
      if (before === undefined || before === !!item.met || item.must === false) continue;
      (item.met ? gained : lost).push({ section, ...item });
    }
  }
  return { gained, lost };
}

/** The change in words for the status line: "" when nothing changed. */
export function changeText({ gained, lost }) {
  const part = (n, what) => `${n} checklist item${n === 1 ? "" : "s"} ${what}`;
  const parts = [];
  if (gained.length) parts.push(part(gained.length, "newly met"));
  if (lost.length) parts.push(part(lost.length, "no longer met"));
  return parts.length ? ` ${parts.join(", ")}.` : "";
}

/**
 * Mark the ticks rendered under `root`: each item's id, progress towards a "need" of
 * several items, and whether it changed since `previous` (a snapshot, or null).
 */
export function decorate(root, file, previous = null) {
  if (!root || !file || file.kind !== "assignment") return;
  for (const group of root.querySelectorAll(".group[data-key]")) {
    const key = group.dataset.key;
    const items = checklistFor(file, key) || [];
    const lis = group.querySelectorAll(".checklist li");
    items.forEach((item, n) => {
      const li = lis[n];
      if (!li) return;
      if (item.id) li.dataset.id = item.id;
      const extra = [];
      if (!item.met && item.found && item.need > 1) {
        extra.push(el("span", { class: "progress", text: ` (${item.found} of ${item.need} so far: ${item.evidence || ""})` }));
      }
      const before = previous && previous.size ? previous.get(keyOf(file, key, item)) : undefined;
      let change = "";
      if (before !== undefined && before !== !!item.met) {
        change = item.met ? "newly met" : "no longer met";
        li.classList.add(item.met ? "newly-met" : "newly-unmet");
        extra.push(el("span", { class: "change", text: ` (${change} since the last check)` }));
      }
      if (!extra.length) return;
      li.append(...extra);
      const state = item.met ? "Met" : "Not met";
      li.setAttribute("aria-label", `${state}${change ? ` (${change})` : ""}: ${li.textContent}`);
    });
  }
}
