// Everything the pane does to the Word document, through Office.js (WordApi 1.3, and
// 1.4 for comments). Paragraph indexes are those of body.paragraphs, as the server's
// location.paragraph; every edit first checks the paragraph still holds the text the
// check saw, so a document edited since is never changed in the wrong place.

const BASIC = "items/text,items/style,items/isListItem,items/tableNestingLevel";
const FULL = `${BASIC},items/styleBuiltIn,items/outlineLevel`;
// Bold lines, automatic numbers ("1.1" as a list number) and table cells find the AC
// headings learners make without heading styles.
const RICH = `${FULL},items/font/bold,items/listItemOrNullObject/listString,` +
  "items/parentTableCellOrNullObject/rowIndex,items/parentTableCellOrNullObject/cellIndex";
const SLICE = 4 * 1024 * 1024; // getFileAsync slices: at most 4 MB
const SEARCH_MAX = 255; // Word's search string limit

export const norm = (s) => String(s ?? "").replace(/\s+/g, " ").trim();

export function isWord(info) {
  return !!(info && typeof Office !== "undefined" && info.host === Office.HostType.Word);
}

export function supports(set, version) {
  try {
    return !!Office.context.requirements.isSetSupported(set, version);
  } catch (e) {
    return false;
  }
}

export function onDesktop() {
  try {
    const p = Office.context.platform;
    return p === Office.PlatformType.PC || p === Office.PlatformType.Mac;
  } catch (e) {
    return false;
  }
}

/** The body's paragraphs as CONTRACT.md's JSON list. */
export async function readParagraphs() {
  return Word.run(async (context) => {
    let paras = null;
    for (const what of [RICH, FULL, BASIC]) {
      // Some hosts refuse one of the properties: fall back to what every host has.
      paras = context.document.body.paragraphs;
      paras.load(what);
      try {
        await context.sync();
        break;
      } catch (e) {
        if (what === BASIC) throw e;
      }
    }
    let table = -1;
    let inTable = false;
    return paras.items.map((p) => {
      const nesting = p.tableNestingLevel || 0;
      const out = { text: p.text, style: p.style, isListItem: !!p.isListItem, tableNestingLevel: nesting };
      for (const k of ["styleBuiltIn", "outlineLevel"]) {
        const v = read(() => p[k]);
        if (v !== undefined && v !== null) out[k] = v;
      }
      if (read(() => p.font.bold) === true) out.bold = true;
      const list = read(() => p.listItemOrNullObject);
      if (list && !list.isNullObject) {
        const listString = read(() => list.listString);
        if (typeof listString === "string" && listString) out.listString = listString;
      }
      if (nesting > 0) {
        if (!inTable) table += 1; // Word keeps a paragraph between two tables
        out.tableIndex = table;
        const cell = read(() => p.parentTableCellOrNullObject);
        if (cell && !cell.isNullObject) {
          const row = read(() => cell.rowIndex), column = read(() => cell.cellIndex);
          if (Number.isInteger(row)) out.rowIndex = row;
          if (Number.isInteger(column)) out.cellIndex = column;
        }
      }
      inTable = nesting > 0;
      return out;
    });
  });
}

// A property that was not loaded, or of a null object, throws: treat it as absent.
function read(get) {
  try {
    return get();
  } catch (e) {
    return undefined;
  }
}

/** The whole file (Compressed = .docx bytes), read slice by slice; always closed. */
export function readFile(sliceSize = SLICE) {
  return new Promise((resolve, reject) => {
    const ok = (r) => r && r.status === Office.AsyncResultStatus.Succeeded;
    Office.context.document.getFileAsync(Office.FileType.Compressed, { sliceSize }, (result) => {
      if (!ok(result)) return reject(new Error((result && result.error && result.error.message) || "getFileAsync failed"));
      const file = result.value;
      const parts = [];
      let closed = false;
      const finish = (fn) => {
        if (closed) return;
        closed = true;
        try {
          file.closeAsync(() => fn());
        } catch (e) {
          fn();
        }
      };
      const next = (i) => {
        if (i >= file.sliceCount) {
          finish(() => resolve(concat(parts)));
          return;
        }
        try {
          file.getSliceAsync(i, (slice) => {
            if (!ok(slice)) return finish(() => reject(new Error((slice && slice.error && slice.error.message) || `slice ${i} failed`)));
            parts.push(new Uint8Array(slice.value.data));
            next(i + 1);
          });
        } catch (e) {
          finish(() => reject(e));
        }
      };
      next(0);
    });
  });
}

function concat(parts) {
  const size = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// Word's search treats ^ as a special character; ^^ finds a caret.
const searchable = (text) => norm(text).slice(0, SEARCH_MAX).replace(/\^/g, "^^").replace(/\^\^$/, "");

/**
 * Select what a finding points at: its paragraph by index when that paragraph still
 * holds the expected text (then the flagged words inside it, when the finding names
 * them); else the first place `search` finds the text. Returns "index", "search" or
 * "missing".
 */
export async function select(index, expected, flagged) {
  return Word.run(async (context) => {
    const paras = context.document.body.paragraphs;
    paras.load("items/text");
    await context.sync();
    const p = index !== undefined && index !== null ? paras.items[index] : null;
    if (p && expected && norm(p.text).includes(norm(expected))) {
      let target = p;
      if (flagged && norm(flagged).length < norm(p.text).length) {
        const hits = p.search(searchable(flagged), { matchCase: true });
        hits.load("items");
        await context.sync();
        if (hits.items.length) target = hits.items[0];
      }
      target.select();
      await context.sync();
      return "index";
    }
    const text = flagged || expected;
    if (!text || !norm(text)) return "missing";
    const hits = context.document.body.search(searchable(text), { matchCase: true });
    hits.load("items");
    await context.sync();
    if (!hits.items.length) return "missing";
    hits.items[0].select();
    await context.sync();
    return "search";
  });
}

/**
 * Remove template text. `items`: [{index, text, whole}] where `whole` deletes the
 * paragraph and otherwise only `text` inside it goes. Paragraphs whose text changed
 * since the check are skipped. Returns {removed, skipped}.
 */
export async function removeTemplateText(items, expectedTexts) {
  return Word.run(async (context) => {
    const paras = context.document.body.paragraphs;
    paras.load("items/text,items/tableNestingLevel");
    await context.sync();
    let removed = 0;
    const skipped = [];
    const sorted = [...items].sort((a, b) => b.index - a.index); // from the end: indexes stay valid
    for (const item of sorted) {
      const p = paras.items[item.index];
      const expected = expectedTexts[item.index];
      if (!p || norm(p.text) !== norm(expected)) {
        skipped.push(item);
        continue;
      }
      if (item.whole) {
        // The last paragraph of a table cell cannot be deleted: empty it instead.
        if (p.tableNestingLevel > 0) p.insertText("", "Replace");
        else p.delete();
      } else {
        const hits = p.search(searchable(item.text), { matchCase: true });
        hits.load("items");
        await context.sync();
        if (!hits.items.length) {
          skipped.push(item);
          continue;
        }
        hits.items[0].insertText("", "Replace");
      }
      removed += 1;
    }
    await context.sync();
    return { removed, skipped };
  });
}

/**
 * Replace the flagged words in paragraph `index` (its `nth` occurrence there) with
 * `replacement`, if the paragraph still reads `expected`. Returns true when done.
 */
export async function replaceText(index, expected, flagged, nth, replacement) {
  return Word.run(async (context) => {
    const paras = context.document.body.paragraphs;
    paras.load("items/text");
    await context.sync();
    const p = paras.items[index];
    if (!p || norm(p.text) !== norm(expected)) return false;
    const hits = p.search(searchable(flagged), { matchCase: true });
    hits.load("items");
    await context.sync();
    const hit = hits.items[Math.min(nth, hits.items.length - 1)];
    if (!hit) return false;
    hit.insertText(replacement, "Replace");
    await context.sync();
    return true;
  });
}

/**
 * Insert a heading paragraph before paragraph `before` (or after `after`), in the style
 * of the document's other AC headings, with an empty Normal paragraph for the answer.
 */
export async function insertHeading({ before = null, after = null, text, style, expected }) {
  return Word.run(async (context) => {
    const paras = context.document.body.paragraphs;
    paras.load("items/text");
    await context.sync();
    const anchorIndex = before !== null ? before : after;
    const anchor = anchorIndex !== null ? paras.items[anchorIndex] : null;
    if (anchor && expected !== undefined && norm(anchor.text) !== norm(expected)) return false;
    let heading;
    if (anchor && before !== null) {
      heading = anchor.insertParagraph(text, "Before");
      const answer = heading.insertParagraph("", "After");
      answer.styleBuiltIn = "Normal";
    } else {
      const target = anchor || context.document.body;
      heading = anchor ? anchor.insertParagraph(text, "After") : target.insertParagraph(text, "End");
      const answer = heading.insertParagraph("", "After");
      answer.styleBuiltIn = "Normal";
    }
    if (style && style.builtIn && style.builtIn !== "Other") heading.styleBuiltIn = style.builtIn;
    else if (style && style.name) heading.style = style.name;
    else heading.styleBuiltIn = "Heading2";
    heading.select();
    await context.sync();
    return true;
  });
}

/** Findings as Word comments on their paragraphs (WordApi 1.4). Returns the count added. */
export async function addComments(findings, expectedTexts) {
  return Word.run(async (context) => {
    const paras = context.document.body.paragraphs;
    paras.load("items/text");
    await context.sync();
    let added = 0;
    for (const f of findings) {
      const loc = f.location || {};
      const p = paras.items[loc.paragraph];
      if (!p) continue;
      const expected = expectedTexts[loc.paragraph];
      if (expected !== undefined && norm(p.text) !== norm(expected)) continue;
      let range = p.getRange("Content");
      if (loc.text && norm(loc.text).length < norm(p.text).length) {
        const hits = p.search(searchable(loc.text), { matchCase: true });
        hits.load("items");
        await context.sync();
        if (hits.items.length) range = hits.items[0];
      }
      range.insertComment(`ILM Lint ${f.rule}: ${f.message}`);
      added += 1;
    }
    await context.sync();
    return added;
  });
}
