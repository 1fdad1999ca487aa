// Which quick fixes a result allows, computed from the result and the paragraph texts
// the check saw. Pure functions: word.js applies them.

import { norm } from "./word.js";

const REMOVABLE_PLACEHOLDER = /^\s*\[[^\]]*\]\s*$|click or tap here/i;

/**
 * Template text that can go: every guidance paragraph (outline.guidance, PH400),
 * bracketed placeholders and "Click or tap here" (PH401; empty cover fields stay, the
 * learner fills them in) and advertising lines (PH402).
 * Returns [{index, text, whole, rule}] in document order.
 */
export function templateItems(result, paragraphs) {
  const byIndex = new Map();
  const texts = paragraphs.map((p) => p.text);
  const add = (index, text, whole, rule) => {
    if (index === undefined || index === null || texts[index] === undefined) return;
    const prev = byIndex.get(index);
    if (prev && prev.whole) return;
    byIndex.set(index, { index, text, whole, rule });
  };
  const guidance = result.outline && result.outline.guidance;
  if (guidance) for (const i of guidance) add(i, texts[i], true, "PH400");
  for (const f of result.findings || []) {
    const loc = f.location || {};
    if (loc.paragraph === undefined) continue;
    const para = texts[loc.paragraph];
    if (para === undefined) continue;
    const flagged = loc.text || para;
    const whole = norm(para).length <= norm(flagged).length + 2;
    if (f.rule === "PH400" && !guidance) add(loc.paragraph, para, true, f.rule);
    else if (f.rule === "PH402") add(loc.paragraph, whole ? para : flagged, whole, f.rule);
    else if (f.rule === "PH401" && REMOVABLE_PLACEHOLDER.test(flagged)) add(loc.paragraph, whole ? para : flagged, whole, f.rule);
  }
  return [...byIndex.values()].filter((i) => norm(i.text)).sort((a, b) => a.index - b.index);
}

/**
 * Where the heading of a missing AC goes: before the heading of the next AC the
 * document has (in the unit's order), else after the last paragraph of the previous
 * one, else before the reference list, else at the end. null when the neighbouring
 * heading sits in a table (the learner's template is a table: add a row instead).
 */
export function headingPlacement(result, unit, paragraphs, number) {
  const ac = ((unit && unit.acs) || []).find((a) => a.number === number);
  if (!ac) return null;
  const sections = ((result.outline && result.outline.sections) || []);
  const acs = sections.filter((s) => s.kind === "ac" && s.heading !== null && s.heading !== undefined);
  const order = unit.acs.map((a) => a.number);
  const pos = order.indexOf(number);
  const present = new Map(acs.map((s) => [s.key, s]));
  const text = `${ac.number} ${ac.wording}`;
  const styleOf = (i) => {
    const p = paragraphs[i] || {};
    return { builtIn: p.styleBuiltIn, name: p.style };
  };
  const exampleHeading = acs.length ? acs[0].heading : null;
  const style = exampleHeading !== null ? styleOf(exampleHeading) : { builtIn: "Heading2" };
  const inTable = (i) => i !== null && i !== undefined && (paragraphs[i] || {}).tableNestingLevel > 0;
  if (exampleHeading !== null && inTable(exampleHeading)) return null;
  for (const later of order.slice(pos + 1)) {
    const s = present.get(later);
    if (s) return { before: s.heading, after: null, text, style, expected: paragraphs[s.heading].text };
  }
  for (const earlier of order.slice(0, pos).reverse()) {
    const s = present.get(earlier);
    if (s) {
      const last = Math.max(s.end - 1, s.heading);
      if (s.end < paragraphs.length) return { before: s.end, after: null, text, style, expected: paragraphs[s.end].text };
      return { before: null, after: last, text, style, expected: paragraphs[last].text };
    }
  }
  const refs = sections.find((s) => s.kind === "references" && s.heading !== null && s.heading !== undefined);
  if (refs) return { before: refs.heading, after: null, text, style, expected: paragraphs[refs.heading].text };
  const last = paragraphs.length - 1;
  if (last < 0) return { before: null, after: null, text, style };
  return { before: null, after: last, text, style, expected: paragraphs[last].text };
}
