// The editors' page. Every piece of user or model text goes into the page as text (textContent, text nodes),
// never as HTML, so a "<script>" in a story is shown, not run.
"use strict";

const $ = (id) => document.getElementById(id);
let lastDocument = null;

function headers() {
  const h = { "Content-Type": "application/json" };
  const token = $("token").value || sessionStorage.getItem("newsmt-token") || "";
  if (token) { h.Authorization = "Bearer " + token; sessionStorage.setItem("newsmt-token", token); }
  return h;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Text with the spans [start, end) wrapped in highlighted marks; titles say source term, house term, placement.
function highlighted(text, spans) {
  const container = element("span");
  let cursor = 0;
  for (const span of spans.sort((a, b) => a.start - b.start)) {
    if (span.start < cursor || span.start < 0) continue;
    container.appendChild(document.createTextNode(text.slice(cursor, span.start)));
    const mark = element("mark", "term", text.slice(span.start, span.end));
    mark.title = span.title;
    mark.dataset.tip = span.title; // shown on hover and on keyboard focus (CSS ::after, never part of the text)
    mark.setAttribute("aria-description", span.title);
    mark.tabIndex = 0;
    container.appendChild(mark);
    cursor = span.end;
  }
  container.appendChild(document.createTextNode(text.slice(cursor)));
  return container;
}

const PLACEMENTS = {
  model: "written by the model", injected: "written by the model from the term in its input",
  forced: "forced by the decoder: check where it stands",
  realigned: "placed by a second decode where its German aligns: check where it stands",
  inserted: "inserted after decoding: check where it stands",
  memory: "from the translation memory",
};

function termTitle(term) {
  return `${term.source} → ${term.target}: ${PLACEMENTS[term.placement] || "not placed"}`;
}

function sourceCell(sentence) {
  const spans = sentence.terms.map((t) => ({ start: t.start, end: t.end, title: termTitle(t) }));
  const node = element("span", "sentence");
  node.appendChild(highlighted(sentence.source, spans));
  return node;
}

function targetCell(sentence, index) {
  const spans = [];
  for (const term of sentence.terms) {
    const at = sentence.target.indexOf(term.target);
    if (at >= 0) spans.push({ start: at, end: at + term.target.length, title: termTitle(term) });
  }
  const wrapper = element("span", "sentence" + (sentence.flags.length ? " flagged" : "") + (sentence.memory ? " from-memory" : "") + (sentence.new ? " new" : ""));
  const text = element("span", "english");
  text.contentEditable = "true";
  text.setAttribute("role", "textbox");
  text.setAttribute("aria-label", `English sentence ${index + 1}`);
  text.appendChild(highlighted(sentence.target, spans));
  text.dataset.source = sentence.source;
  // One sentence is one line: Enter would put a <br> or <div> into it, which its text would not show.
  text.addEventListener("keydown", (e) => { if (e.key === "Enter") e.preventDefault(); });
  wrapper.appendChild(text);
  if (sentence.memory) wrapper.appendChild(element("span", "badge memory", sentence.memory === "approved" ? "approved" : "from memory"));
  if (sentence.new) wrapper.appendChild(element("span", "badge new", "new"));
  const approve = element("button", "approve", "approve");
  approve.type = "button";
  approve.setAttribute("aria-pressed", sentence.memory === "approved" ? "true" : "false");
  approve.setAttribute("aria-label", `approve English sentence ${index + 1}`);
  approve.addEventListener("click", () => approveSentence(sentence, index, wrapper));
  text.addEventListener("input", () => approve.setAttribute("aria-pressed", "false")); // edited: not approved yet
  wrapper.appendChild(approve);
  if (sentence.flags.length) {
    wrapper.appendChild(element("span", "reasons", sentence.flags.map((f) => `${f.code}: ${f.message}`).join(" · ")));
  }
  return wrapper;
}

// Approve the sentence as edited; then check the editor's English as `newsmt check` would, so that its flags
// and the summary's count say what is left to review, not what the model's English had.
async function approveSentence(sentence, index, wrapper) {
  const target = wrapper.querySelector(".english").textContent.trim();
  const response = await fetch("/v1/approve", {
    method: "POST", headers: headers(),
    body: JSON.stringify({ source: sentence.source, target, editor: "desk" }),
  });
  const body = await response.json();
  if (!response.ok) { $("progress").textContent = body.error ? body.error.message : "approval failed"; return; }
  const checked = await fetch("/v1/check", {
    method: "POST", headers: headers(), body: JSON.stringify({ source: [sentence.source], translation: [target] }),
  });
  const report = await checked.json();
  if (!checked.ok) { $("progress").textContent = report.error ? report.error.message : "the check failed"; return; }
  Object.assign(sentence, {
    target, memory: "approved", approvedNow: true,
    flags: report.segments.length ? report.segments[0].flags : [],
  });
  const fresh = targetCell(sentence, index);
  wrapper.replaceWith(fresh);
  fresh.querySelector("button.approve").focus();
  summarise(lastDocument);
  $("progress").textContent = "Approved: stored in the translation memory." + (sentence.flags.length ? " The check still flags it." : "");
}

function summarise(doc) {
  const sentences = doc.paragraphs.flatMap((p) => p.sentences);
  const count = (test) => sentences.filter(test).length;
  const approved = count((s) => s.approvedNow);
  const story = doc.story && doc.story.previous_version ? `; ${count((s) => s.new)} new since version ${doc.story.previous_version}` : "";
  $("summary").textContent = `${doc.paragraphs.length} paragraphs, ${sentences.length} sentences: ` +
    `${count((s) => s.flags.length)} to review, ${count((s) => s.memory && !s.approvedNow)} from memory` +
    (approved ? `, ${approved} approved now` : "") + story;
}

// One table body per paragraph, one row per sentence: each German sentence stands beside its English.
function render(doc) {
  lastDocument = doc;
  const table = $("pairs");
  table.querySelectorAll("tbody").forEach((body) => body.remove());
  let index = 0;
  for (const paragraph of doc.paragraphs) {
    const body = element("tbody", "paragraph");
    for (const sentence of paragraph.sentences) {
      const row = element("tr");
      const german = element("td"), english = element("td");
      german.appendChild(sourceCell(sentence));
      english.appendChild(targetCell(sentence, index++));
      row.append(german, english);
      body.appendChild(row);
    }
    if (!paragraph.sentences.length) body.appendChild(element("tr")); // an empty paragraph stays one
    table.appendChild(body);
  }
  summarise(doc);
  $("copy").disabled = $("download").disabled = false;
}

// The English as edited, with the input's paragraph convention (blank lines, or one paragraph per line).
function englishText() {
  const paragraphs = [...$("pairs").querySelectorAll("tbody.paragraph")];
  const separator = lastDocument && lastDocument.convention === "line" ? "\n" : "\n\n";
  return paragraphs.map((p) => [...p.querySelectorAll(".english")].map((s) => s.textContent.trim()).join(" ")).join(separator) + "\n";
}

async function translate() {
  const text = $("source").value;
  if (!text.trim()) { $("progress").textContent = "Paste a German story first."; return; }
  $("translate").disabled = true;
  $("busy").hidden = false;
  $("pairs").setAttribute("aria-busy", "true");
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim()).length;
  const what = `${paragraphs} paragraph${paragraphs === 1 ? "" : "s"}, ${text.length.toLocaleString()} characters`;
  $("progress").textContent = `Translating ${what}…`;
  const started = Date.now();
  const timer = setInterval(() => {
    $("progress").textContent = `Translating ${what}… ${Math.round((Date.now() - started) / 1000)} s`;
  }, 1000);
  try {
    const storyId = $("story-id").value.trim();
    const response = await fetch("/v1/translate", {
      method: "POST", headers: headers(), body: JSON.stringify({ text, story_id: storyId || null }),
    });
    const body = await response.json();
    if (!response.ok) { $("progress").textContent = body.error ? body.error.message : `error ${response.status}`; return; }
    render(body);
    $("progress").textContent = `Done in ${((Date.now() - started) / 1000).toFixed(1)} s.`;
  } catch (err) {
    $("progress").textContent = "The server did not answer: " + err;
  } finally {
    clearInterval(timer);
    $("busy").hidden = true;
    $("pairs").removeAttribute("aria-busy");
    $("translate").disabled = false;
  }
}

$("translate").addEventListener("click", translate);
$("source").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) translate(); });
$("copy").addEventListener("click", () => navigator.clipboard.writeText(englishText()));
$("download").addEventListener("click", () => {
  const link = element("a");
  link.href = URL.createObjectURL(new Blob([englishText()], { type: "text/plain;charset=utf-8" }));
  link.download = ($("story-id").value.trim() || "story") + ".en.txt";
  link.click();
});
const source = $("source");
source.addEventListener("dragover", (e) => { e.preventDefault(); source.classList.add("drop"); });
source.addEventListener("dragleave", () => source.classList.remove("drop"));
source.addEventListener("drop", async (e) => {
  e.preventDefault();
  source.classList.remove("drop");
  loadFile(e.dataTransfer.files[0]);
});
$("file").addEventListener("change", (e) => loadFile(e.target.files[0]));

async function loadFile(file) {
  if (!file) return;
  source.value = await file.text();
  if (!$("story-id").value) $("story-id").value = file.name;
  $("progress").textContent = `Loaded ${file.name}.`;
}
