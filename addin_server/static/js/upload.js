// The upload page with JavaScript: drop or choose a file, check it through the API and
// show the results without a page load. Without JavaScript the form posts to / and the
// server renders the same results.

import * as api from "./api.js";
import { renderFile } from "./render.js";

const $ = (id) => document.getElementById(id);
const form = $("upload-form");
const input = $("file");
const drop = $("drop");
let units = null;

async function unitsList() {
  if (units === null) {
    try {
      units = await api.units();
    } catch (e) {
      units = [];
    }
  }
  return units;
}

function showError(message) {
  const box = document.createElement("div");
  box.className = "notice error";
  box.setAttribute("role", "alert");
  const strong = document.createElement("strong");
  strong.textContent = "Not checked.";
  box.append(strong, " ", message);
  $("results").replaceChildren(box);
}

async function submit(event) {
  event.preventDefault();
  const file = input.files && input.files[0];
  if (!file) {
    $("status").textContent = "Choose a file first.";
    input.focus();
    return;
  }
  const data = new FormData();
  data.append("file", file, file.name);
  const unit = $("unit").value;
  if (unit) data.append("unit", unit);
  data.append("grammar", $("grammar").checked ? "on" : "off");
  $("submit").disabled = true;
  $("status").textContent = `Checking ${file.name}…`;
  try {
    const result = await api.lintForm(data);
    const list = await unitsList();
    const section = renderFile($("results"), result, { unit: list.find((u) => u.code === result.unit) || null, chosen: !!unit });
    const n = (result.findings || []).length;
    $("status").textContent = `Checked ${file.name}: ${n} finding${n === 1 ? "" : "s"}.`;
    const title = section.querySelector("h2");
    if (title) {
      title.tabIndex = -1;
      title.focus();
    }
  } catch (e) {
    showError(e.message || String(e));
    $("status").textContent = "The file was not checked.";
  } finally {
    $("submit").disabled = false;
  }
}

form.addEventListener("submit", submit);
for (const name of ["dragenter", "dragover"]) {
  drop.addEventListener(name, (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
}
for (const name of ["dragleave", "drop"]) drop.addEventListener(name, () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
    input.files = e.dataTransfer.files;
    form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
  }
});
