// The server's JSON API (CONTRACT.md). Every call is same-origin.

export class ApiError extends Error {
  constructor(status, code, message, file) {
    super(message);
    this.status = status;
    this.code = code;
    this.file = file || null;
  }
}

async function answer(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    throw new ApiError(response.status, "bad_answer", `The server answered ${response.status}.`);
  }
  if (!response.ok) {
    const err = (body && body.error) || {};
    throw new ApiError(response.status, err.code || "error", err.message || "The check failed.", body && body.file);
  }
  return body;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export async function getJson(path) {
  return answer(await fetch(path, { headers: { Accept: "application/json" } }));
}

export const units = () => getJson("/api/units");
export const rules = () => getJson("/api/rules");

export async function lintParagraphs(paragraphs, { unit = null, grammar = "on" } = {}) {
  const response = await fetch(`/api/lint${query({ grammar })}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ unit: unit || null, paragraphs }),
  });
  return answer(response);
}

export async function lintBytes(bytes, { unit = null, grammar = "on", type } = {}) {
  const response = await fetch(`/api/lint${query({ unit, grammar })}`, {
    method: "POST",
    headers: {
      "Content-Type": type || "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      Accept: "application/json",
    },
    body: bytes,
  });
  return answer(response);
}

export async function lintForm(formData, { grammar } = {}) {
  const response = await fetch(`/api/lint${query({ grammar })}`, {
    method: "POST",
    headers: { Accept: "application/json" },
    body: formData,
  });
  return answer(response);
}
