// A stand-in for Office.js in the browser tests: Office.onReady, Word.run over an
// in-memory list of paragraphs, getFileAsync slices; every call is recorded in
// window.__officeCalls. Configured by window.__FAKE_OFFICE__ (set by an init script):
//   {host: "Word"|null, platform: "OfficeOnline"|"PC"|"Mac", sets: {"WordApi": "1.4"},
//    paragraphs: [{text, style, styleBuiltIn, outlineLevel, isListItem, tableNestingLevel}],
//    file: [byte, ...] (for getFileAsync), sliceSize: n (Office's own slice size),
//    failSlice: n (slice n fails), refuse: ["listItemOrNullObject"] (unsupported loads)}
(function () {
  const cfg = window.__FAKE_OFFICE__ || {};
  const calls = [];
  window.__officeCalls = calls;
  const doc = (cfg.paragraphs || []).map((p) => ({
    text: p.text || "",
    style: p.style || "Normal",
    styleBuiltIn: p.styleBuiltIn || "Normal",
    outlineLevel: p.outlineLevel === undefined ? 10 : p.outlineLevel,
    isListItem: !!p.isListItem,
    tableNestingLevel: p.tableNestingLevel || 0,
    bold: !!p.bold,
    listString: p.listString || null,
    rowIndex: p.rowIndex,
    cellIndex: p.cellIndex,
    comments: [],
  }));
  window.__doc = doc;
  const indexOf = (obj) => doc.indexOf(obj);
  const record = (op, extra) => calls.push(Object.assign({ op }, extra));
  const unescape = (s) => s.replace(/\^\^/g, "^");

  function rangeProxy(obj, start, end) {
    return {
      _obj: obj,
      get text() { return obj.text.slice(start, end); },
      select() { record("selectRange", { paragraph: indexOf(obj), text: obj.text.slice(start, end) }); },
      insertText(text, where) {
        record("rangeInsertText", { paragraph: indexOf(obj), removed: obj.text.slice(start, end), text, where });
        if (where === "Replace") obj.text = obj.text.slice(0, start) + text + obj.text.slice(end);
      },
      delete() {
        record("rangeDelete", { paragraph: indexOf(obj), removed: obj.text.slice(start, end) });
        obj.text = obj.text.slice(0, start) + obj.text.slice(end);
      },
      insertComment(comment) {
        record("insertComment", { paragraph: indexOf(obj), text: obj.text.slice(start, end), comment });
        obj.comments.push(comment);
      },
      load() { return this; },
    };
  }

  function search(objs, text, options) {
    const needle = unescape(text);
    record("search", { text: needle, scope: objs.length === 1 ? indexOf(objs[0]) : "body", options });
    const items = [];
    for (const obj of objs) {
      const hay = options && options.matchCase === false ? obj.text.toLowerCase() : obj.text;
      const n = options && options.matchCase === false ? needle.toLowerCase() : needle;
      let at = hay.indexOf(n);
      while (n && at >= 0) {
        items.push(rangeProxy(obj, at, at + n.length));
        at = hay.indexOf(n, at + n.length);
      }
    }
    return { items, load() { return this; } };
  }

  function paragraphProxy(obj) {
    const proxy = {
      _obj: obj,
      select(mode) { record("select", { paragraph: indexOf(obj), text: obj.text, mode }); },
      delete() {
        record("delete", { paragraph: indexOf(obj), text: obj.text });
        doc.splice(indexOf(obj), 1);
      },
      insertText(text, where) {
        record("insertText", { paragraph: indexOf(obj), removed: obj.text, text, where });
        if (where === "Replace") obj.text = text;
      },
      insertParagraph(text, where) {
        const fresh = { text, style: "Normal", styleBuiltIn: "Normal", outlineLevel: 10, isListItem: false, tableNestingLevel: 0, comments: [] };
        const at = indexOf(obj) + (where === "Before" ? 0 : 1);
        doc.splice(at, 0, fresh);
        record("insertParagraph", { text, where, at });
        return paragraphProxy(fresh);
      },
      search(text, options) { return search([obj], text, options); },
      getRange() { return rangeProxy(obj, 0, obj.text.length); },
      load() { return this; },
      get font() { return { bold: obj.bold === undefined ? false : obj.bold }; },
      get listItemOrNullObject() {
        return obj.listString ? { isNullObject: false, listString: obj.listString } : { isNullObject: true };
      },
      get parentTableCellOrNullObject() {
        return obj.tableNestingLevel > 0
          ? { isNullObject: false, rowIndex: obj.rowIndex ?? 0, cellIndex: obj.cellIndex ?? 0 }
          : { isNullObject: true };
      },
    };
    for (const key of ["text", "style", "styleBuiltIn", "outlineLevel", "isListItem", "tableNestingLevel"]) {
      Object.defineProperty(proxy, key, {
        get() { return obj[key]; },
        set(v) {
          record("set", { paragraph: indexOf(obj), property: key, value: v, text: obj.text });
          obj[key] = v;
          if (key === "styleBuiltIn" && /^Heading(\d)$/.test(v)) { obj.style = v.replace("Heading", "Heading "); obj.outlineLevel = +v.slice(-1); }
        },
      });
    }
    return proxy;
  }

  // cfg.refuse: property names this "host" does not support; a sync after loading one fails.
  let lastLoad = "";

  function paragraphsCollection() {
    return {
      items: [],
      load(what) {
        lastLoad = String(what);
        record("load", { what: String(what) });
        this.items = doc.map(paragraphProxy);
        return this;
      },
    };
  }

  const body = {
    get paragraphs() { return paragraphsCollection(); },
    search(text, options) { return search(doc.slice(), text, options); },
    insertParagraph(text, where) {
      const fresh = { text, style: "Normal", styleBuiltIn: "Normal", outlineLevel: 10, isListItem: false, tableNestingLevel: 0, comments: [] };
      if (where === "Start") doc.unshift(fresh); else doc.push(fresh);
      record("insertParagraph", { text, where, at: indexOf(fresh) });
      return paragraphProxy(fresh);
    },
  };

  window.Word = {
    run: async (fn) => {
      record("Word.run", {});
      const sync = async () => {
        record("sync", {});
        const refused = (cfg.refuse || []).find((name) => lastLoad.includes(name));
        lastLoad = "";
        if (refused) throw new Error(`GeneralException: ${refused} is not supported`);
      };
      return fn({ document: { body }, sync });
    },
  };

  const versionAtLeast = (have, want) => {
    const a = String(have).split(".").map(Number), b = String(want).split(".").map(Number);
    for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) > (b[i] || 0);
    return true;
  };
  const sets = cfg.sets || { WordApi: "1.3" };
  const ok = (value) => ({ status: "succeeded", value });
  const failed = (message) => ({ status: "failed", error: { message } });

  window.Office = {
    HostType: { Word: "Word", Excel: "Excel", PowerPoint: "PowerPoint" },
    PlatformType: { PC: "PC", Mac: "Mac", OfficeOnline: "OfficeOnline", iOS: "iOS" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    FileType: { Compressed: "compressed", Text: "text", Pdf: "pdf" },
    onReady(callback) {
      record("onReady", {});
      const info = { host: cfg.host === undefined ? "Word" : cfg.host, platform: cfg.host === null ? null : cfg.platform || "OfficeOnline" };
      const p = Promise.resolve(info);
      if (callback) p.then(callback);
      return p;
    },
    context: {
      platform: cfg.platform || "OfficeOnline",
      requirements: {
        isSetSupported(name, version) {
          const have = sets[name];
          const answer = have !== undefined && versionAtLeast(have, version || "1.1");
          record("isSetSupported", { name, version, answer });
          return answer;
        },
      },
      document: {
        getFileAsync(type, options, callback) {
          record("getFileAsync", { type, sliceSize: options && options.sliceSize });
          const bytes = cfg.file;
          if (!bytes) return setTimeout(() => callback(failed("no file in this fake")), 0);
          // Office may hand out smaller slices than asked for: cfg.sliceSize plays that.
          const size = cfg.sliceSize || (options && options.sliceSize) || 4194304;
          const count = Math.max(1, Math.ceil(bytes.length / size));
          const file = {
            size: bytes.length,
            sliceCount: count,
            getSliceAsync(i, cb) {
              record("getSliceAsync", { index: i });
              setTimeout(() => {
                if (cfg.failSlice === i) cb(failed(`slice ${i} failed`));
                else cb(ok({ index: i, size: Math.min(size, bytes.length - i * size), data: bytes.slice(i * size, (i + 1) * size) }));
              }, 0);
            },
            closeAsync(cb) {
              record("closeAsync", {});
              setTimeout(() => cb && cb(ok(null)), 0);
            },
          };
          setTimeout(() => callback(ok(file)), 0);
        },
      },
    },
  };
})();
