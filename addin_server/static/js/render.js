// Results as a person reads them: summary, then findings grouped by section (assignment)
// or by sheet and row (log). Shared by the task pane and the upload page; mirrors
// addin_server/present.py, which renders the same thing when JavaScript is off.
// Text from the document is only ever set with textContent.

const AC_KEY = /^\d{1,2}\.\d{1,2}$/;
export const SEVERITIES = ["error", "warning", "info"];
const SEVERITY_WORD = { error: "error", warning: "warning", info: "note" };

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

const num = (v) =>
  typeof v === "number" ? (Number.isInteger(v) ? v.toLocaleString("en-GB") : String(+v.toFixed(2))) : String(v);

function against(actual, need, unitWord = "") {
  if (actual === undefined || actual === null) return ["—", "none"];
  if (!need) return [num(actual), "none"];
  return [`${num(actual)} of ${num(need)}${unitWord} required`, actual >= need ? "ok" : "short"];
}

export function counts(file) {
  const out = { error: 0, warning: 0, info: 0 };
  for (const f of file.findings || []) out[f.severity] = (out[f.severity] || 0) + 1;
  return out;
}

export function figures(file, unit) {
  const stats = file.stats || {};
  unit = unit || {};
  const out = [];
  if (file.kind === "log") {
    let [v, s] = against(stats.hours, unit.coaching_hours, " hours");
    out.push(["Coaching hours", v, s]);
    if ("sessions" in stats) out.push(["Sessions", num(stats.sessions), "none"]);
    [v, s] = against(stats.coachees, unit.min_coachees);
    out.push(["Coachees", v, s]);
    if (stats.sheets && stats.sheets.length) out.push(["Sheets read", stats.sheets.join(", "), "none"]);
    return out;
  }
  if (stats.words !== undefined) {
    const lo = unit.word_min, hi = unit.word_max;
    let v = num(stats.words), s = "none";
    if (lo || hi) {
      v += ` (guidance ${lo ? num(lo) : "?"}–${hi ? num(hi) : "?"})`;
      s = (!lo || stats.words >= lo * 0.9) && (!hi || stats.words <= hi * 1.1) ? "ok" : "short";
    }
    out.push(["Words counted", v, s]);
  }
  if ("references" in stats || unit.min_references) {
    const [v, s] = against(stats.references || 0, unit.min_references);
    out.push(["References", v, s]);
  }
  if ("citations" in stats) out.push(["Citations", num(stats.citations), "none"]);
  return out;
}

export function perCoachee(stats) {
  for (const [key, value] of Object.entries(stats || {})) {
    if (!key.toLowerCase().includes("coachee") || typeof value !== "object" || value === null) continue;
    const rows = [];
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [name, entry] of entries) {
      if (entry && typeof entry === "object") rows.push({ coachee: String(entry.coachee ?? name), hours: entry.hours, sessions: entry.sessions });
      else if (typeof entry === "number") rows.push({ coachee: String(name), hours: entry, sessions: null });
    }
    if (rows.length) return rows;
  }
  return [];
}

export function sectionOf(paragraph, outline) {
  if (paragraph === undefined || paragraph === null || !outline) return null;
  for (const s of outline.sections || []) {
    if (s.heading === paragraph || (s.start <= paragraph && paragraph < s.end)) return s;
  }
  return null;
}

function sectionLabel(key, unit, section) {
  if (AC_KEY.test(key)) {
    const ac = ((unit && unit.acs) || []).find((a) => a.number === key);
    return ac ? `AC ${key} ${ac.wording}` : `AC ${key}`;
  }
  if (section && section.title) return section.title;
  const required = ((unit && unit.sections) || []).find((s) => s.key === key && s.title);
  return required ? required.title : key.charAt(0).toUpperCase() + key.slice(1);
}

// Document order; a missing AC goes where the unit's order puts it among the rest.
function rankOf(key, order, unit) {
  if (order.has(key)) return order.get(key);
  const numbers = ((unit && unit.acs) || []).map((a) => a.number);
  const pos = numbers.indexOf(key);
  if (pos < 0) return 1e7;
  const earlier = numbers.slice(0, pos).filter((n) => order.has(n)).map((n) => order.get(n));
  if (earlier.length) return Math.max(...earlier) + 0.001 * (pos + 1);
  const later = numbers.slice(pos + 1).filter((n) => order.has(n)).map((n) => order.get(n));
  if (later.length) return Math.min(...later) - 0.5 + 0.001 * (pos + 1);
  return 1e6 + pos;
}

export function where(loc) {
  const parts = [];
  if (loc.row !== undefined && loc.row !== null) parts.push(`row ${loc.row}`);
  if (loc.cell) parts.push(`cell ${loc.cell}`);
  if (!parts.length && loc.paragraph !== undefined && loc.paragraph !== null) parts.push(`paragraph ${loc.paragraph + 1}`);
  return parts.join(", ");
}

export function groups(file, unit) {
  const outline = file.outline;
  const order = new Map();
  ((outline && outline.sections) || []).forEach((s, i) => {
    const key = s.kind === "ac" ? s.key : s.title || s.key;
    if (!order.has(key)) order.set(key, i);
  });
  const found = new Map();
  (file.findings || []).forEach((f, n) => {
    const loc = f.location || {};
    let key, label, rank;
    if (file.kind === "log") {
      key = loc.sheet || "";
      label = key ? `Sheet ${key}` : "The whole workbook";
      rank = key ? [1, n, 0] : [0, 0, 0];
    } else {
      key = loc.section || "";
      const section = sectionOf(loc.paragraph, outline);
      if (!key && section && section.kind !== "front") key = section.kind === "ac" ? section.key : section.title || "";
      if (key) {
        label = sectionLabel(key, unit, section);
        rank = [1, rankOf(key, order, unit), loc.paragraph ?? 1e9];
      } else {
        label = "The whole document";
        rank = [0, 0, 0];
      }
    }
    if (!found.has(key)) found.set(key, { key, label, rank, findings: [] });
    const g = found.get(key);
    if (cmp(rank, g.rank) < 0) g.rank = rank;
    g.findings.push(f);
  });
  // ACs whose checklist (AC130) has no finding still get a group, to show their ticks.
  if (file.kind === "assignment" && file.checklist && !Array.isArray(file.checklist)) {
    for (const key of Object.keys(file.checklist)) {
      if (found.has(key)) continue;
      found.set(key, { key, label: sectionLabel(key, unit, null), rank: [1, rankOf(key, order, unit), 1e9], findings: [] });
    }
  }
  const out = [...found.values()].sort((a, b) => cmp(a.rank, b.rank));
  if (file.kind === "log") for (const g of out) g.findings.sort((a, b) => ((a.location || {}).row || 0) - ((b.location || {}).row || 0));
  return out;
}

function cmp(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

// AC130's checklist (issue 8): {"1.1": [{description, met, evidence, must}]} or a list.
export function checklistFor(file, key) {
  const c = file.checklist;
  if (!c) return null;
  if (Array.isArray(c)) {
    const entry = c.find((e) => e && (e.ac === key || e.section === key));
    return entry ? entry.items || entry.requirements || null : null;
  }
  return c[key] || null;
}

export function fingerprint(f) {
  const loc = f.location || {};
  return [f.rule, loc.section || "", loc.sheet || "", loc.row ?? "", loc.text || ""].join("|");
}

/**
 * Render a file object into `root`.
 * opts: unit (from /api/units), chosen (bool), dismissed (Set of fingerprints),
 * onSelect(f), onDismiss(f), actionsFor(f) -> [elements], header (element or null)
 */
export function renderFile(root, file, opts = {}) {
  const { unit = null, chosen = false, dismissed = new Set(), onSelect = null, onDismiss = null, actionsFor = null } = opts;
  root.replaceChildren();
  const visible = (file.findings || []).filter((f) => !dismissed.has(fingerprint(f)));
  const shown = { ...file, findings: visible };
  const c = counts(shown);
  const section = el("section", { class: "result", "aria-labelledby": "result-title", "data-path": file.path });
  section.append(el("h2", { id: "result-title", text: file.path === "(Word document)" ? "This document" : file.path }));
  const dl = el("dl", { class: "figures" });
  let unitText;
  if (unit) unitText = `${unit.code}: ${unit.title} (${chosen ? "chosen" : "detected"})`;
  else if (file.unit) unitText = file.unit;
  else unitText = "not detected: choose it and check again";
  dl.append(el("dt", { text: "Unit" }), el("dd", { id: "unit-used", text: unitText }));
  for (const [label, value, state] of figures(file, unit)) {
    dl.append(el("dt", { text: label }), el("dd", { class: `state-${state}`, text: value }));
  }
  section.append(dl);
  section.append(
    el("ul", { class: "counts", "aria-label": "Findings by severity" },
      SEVERITIES.map((s) => el("li", { class: `sev-${s}`, "data-severity": s, text: `${c[s]} ${SEVERITY_WORD[s]}${c[s] === 1 ? "" : "s"}` }))),
  );
  const hidden = (file.findings || []).length - visible.length;
  if (hidden) section.append(el("p", { class: "dismissed-note", text: `${hidden} dismissed for this session.` }));
  const coachees = file.kind === "log" ? perCoachee(file.stats) : [];
  if (coachees.length) {
    const sessions = coachees.some((r) => r.sessions !== null && r.sessions !== undefined);
    const heads = sessions ? ["Coachee", "Hours", "Sessions"] : ["Coachee", "Hours"];
    const cells = (r) => (sessions ? [r.coachee, r.hours ?? "", r.sessions ?? ""] : [r.coachee, r.hours ?? ""]);
    section.append(
      el("table", { class: "data" },
        el("caption", { text: "Hours per coachee" }),
        el("thead", {}, el("tr", {}, heads.map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, coachees.map((r) => el("tr", {}, cells(r).map((v) => el("td", { text: typeof v === "number" ? num(v) : v })))))),
    );
  }
  const gs = groups(shown, unit);
  if (!gs.some((g) => g.findings.length)) section.append(el("p", { class: "notice", text: visible.length || !hidden ? "No problems found." : "Every finding is dismissed." }));
  for (const g of gs) {
    const list = g.findings.length ? el("ul", { class: "findings" }) : null;
    for (const f of g.findings) list.append(findingItem(f, { onSelect, onDismiss, actionsFor }));
    const group = el("section", { class: "group", "aria-label": g.label, "data-key": g.key },
      el("h3", {}, el("span", { text: g.label }), el("span", { class: "count", text: String(g.findings.length) })),
      list);
    const items = file.kind === "assignment" ? checklistFor(file, g.key) : null;
    if (items && items.length) group.append(checklist(items));
    section.append(group);
  }
  root.append(section);
  return section;
}

function checklist(items) {
  return el("ul", { class: "checklist", "aria-label": "Assessor checklist" },
    items.map((i) => {
      const evidence = Array.isArray(i.evidence) ? i.evidence.join(", ") : i.evidence;
      const text = i.description + (i.met && evidence ? ` (${evidence})` : "") + (i.must === false ? " (suggested)" : "");
      return el("li", { class: i.met ? "met" : "unmet", text, "aria-label": `${i.met ? "Met" : "Not met"}: ${text}` });
    }));
}

function findingItem(f, { onSelect, onDismiss, actionsFor }) {
  const loc = f.location || {};
  const w = where(loc);
  const content = [
    el("span", { class: `badge sev-${f.severity}`, text: SEVERITY_WORD[f.severity] || f.severity }),
    el("span", { class: "message", text: f.message }),
    f.suggestions && f.suggestions.length
      ? el("span", { class: "where", text: `Suggestion: ${f.suggestions.slice(0, 3).join(", ")}` })
      : null,
    el("span", { class: "where" }, w ? `${w} · ` : "", el("span", { class: "rule", text: `${f.rule} ${f.name}` })),
  ];
  const selectable = onSelect && (loc.paragraph !== undefined || loc.text);
  const body = selectable
    ? el("button", { type: "button", class: "body", "data-rule": f.rule, title: "Show this in the document", onclick: () => onSelect(f) }, content)
    : el("div", { class: "body" }, content);
  const li = el("li", { class: "finding", "data-rule": f.rule }, body);
  if (loc.row !== undefined) li.dataset.row = loc.row;
  if (loc.paragraph !== undefined) li.dataset.paragraph = loc.paragraph;
  const actions = el("div", { class: "actions" });
  if (actionsFor) for (const a of actionsFor(f) || []) actions.append(a);
  if (onDismiss) actions.append(el("button", { type: "button", class: "dismiss", "aria-label": `Dismiss: ${f.message.slice(0, 80)}`, text: "Dismiss", onclick: () => onDismiss(f) }));
  if (actions.childElementCount) li.append(actions);
  return li;
}

// Arrow keys move between findings (Tab still works); Home/End jump to the ends.
export function arrowNavigation(root) {
  root.addEventListener("keydown", (e) => {
    if (!["ArrowDown", "ArrowUp", "Home", "End"].includes(e.key)) return;
    const items = [...root.querySelectorAll(".finding .body")].filter((b) => b.tagName === "BUTTON");
    const i = items.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    const next = { ArrowDown: Math.min(i + 1, items.length - 1), ArrowUp: Math.max(i - 1, 0), Home: 0, End: items.length - 1 }[e.key];
    items[next].focus();
  });
}
