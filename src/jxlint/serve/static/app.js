// jxlint serve: uploads the chosen files, draws each table as a grid with its findings, offers the downloads.
// Plain JavaScript, no build step; every text from a file goes into the page as text, never as HTML.
"use strict";

const WORDS = {
  zh: {
    switchTo: "English", checking: "正在检查 {n} 个文件…", done: "已检查 {n} 个文件。", tooMany: "每次最多 {n} 个文件。",
    tooBig: "“{name}”大于 {n} MB。", tooBigTotal: "文件合计大于 {n} MB。", failed: "检查失败：",
    table: "表", project: "项目", planYear: "计划年度", budget: "预算", none: "—", unreadable: "无法检查此文件：",
    noFinding: "未发现问题。", tableFindings: "整张表的问题", findings: "问题", where: "位置", field: "栏目",
    content: "内容", severity: { error: "错误", warning: "警告", info: "提示" },
    download: { json: "下载 JSON", sarif: "下载 SARIF", annotated: "下载批注工作簿" }, explainTitle: "规则说明",
  },
  en: {
    switchTo: "中文", checking: "Checking {n} files…", done: "Checked {n} files.", tooMany: "At most {n} files at once.",
    tooBig: "“{name}” is larger than {n} MB.", tooBigTotal: "The files are larger than {n} MB in all.",
    failed: "The check failed: ", table: "Table", project: "Project", planYear: "Plan year", budget: "Budget",
    none: "—", unreadable: "This file cannot be checked: ", noFinding: "No findings.",
    tableFindings: "Findings on the whole table", findings: "Findings", where: "Cell", field: "Field",
    content: "Value", severity: { error: "error", warning: "warning", info: "info" },
    download: { json: "Download JSON", sarif: "Download SARIF", annotated: "Download annotated workbook" },
    explainTitle: "Rule",
  },
};

const state = { lang: "zh", results: [], sort: { key: null, down: false } };

function words() { return WORDS[state.lang]; }

function fill(text, values) { return text.replace(/\{(\w+)\}/g, (_, key) => String(values[key])); }

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function setStatus(text, isError) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

function limits() {
  const data = document.body.dataset;
  return { files: Number(data.maxFiles), fileMb: Number(data.maxFileMb), totalMb: Number(data.maxTotalMb) };
}

async function check(fileList) {
  const files = Array.from(fileList);
  if (!files.length) return;
  const limit = limits();
  if (files.length > limit.files) return setStatus(fill(words().tooMany, { n: limit.files }), true);
  const big = files.find((file) => file.size > limit.fileMb * 1048576);
  if (big) return setStatus(fill(words().tooBig, { name: big.name, n: limit.fileMb }), true);
  if (files.reduce((sum, file) => sum + file.size, 0) > limit.totalMb * 1048576) {
    return setStatus(fill(words().tooBigTotal, { n: limit.totalMb }), true);
  }
  const form = new FormData();
  files.forEach((file) => form.append("files", file, file.name));
  setStatus(fill(words().checking, { n: files.length }));
  document.body.classList.add("busy");
  try {
    const response = await fetch("/api/lint", { method: "POST", body: form });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || response.statusText);
    state.results = answer.files.map((view, index) => ({ view, file: files[index] }));
    render();
    setStatus(fill(words().done, { n: files.length }));
  } catch (error) {
    setStatus(words().failed + error.message, true);
  } finally {
    document.body.classList.remove("busy");
    document.body.dataset.checked = String(Number(document.body.dataset.checked || 0) + 1);
  }
}

function render() {
  document.body.dataset.lang = state.lang;
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.getElementById("lang-switch").textContent = words().switchTo;
  renderSummary();
  const results = document.getElementById("results");
  results.replaceChildren(...state.results.map(({ view }, index) => fileSection(view, index)));
}

function renderSummary() {
  const table = document.getElementById("summary");
  table.hidden = state.results.length === 0;
  const rows = state.results.map(({ view }, index) => ({ index, name: view.name, ...view.counts }));
  const { key, down } = state.sort;
  if (key) {
    rows.sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) * (down ? -1 : 1));
  }
  table.tBodies[0].replaceChildren(...rows.map((row) => el("tr", {},
    el("td", {}, el("a", { href: `#file-${row.index}` }, row.name)),
    el("td", { class: "num" }, row.tables), el("td", { class: "num" }, row.error),
    el("td", { class: "num" }, row.warning), el("td", { class: "num" }, row.info))));
}

function fileSection(view, index) {
  const section = el("section", { class: "file", id: `file-${index}` }, el("h2", {}, view.name));
  section.append(downloads(index));
  const loose = view.file_findings.map((id) => view.findings[id]);
  if (view.unreadable) {
    section.append(el("div", { class: "file-error" }, words().unreadable, findingList(loose)));
  } else if (loose.length) {
    section.append(findingList(loose));
  }
  view.tables.forEach((table) => section.append(tableSection(view, table)));
  if (!view.unreadable && view.findings.length === 0) section.append(el("p", {}, words().noFinding));
  return section;
}

function downloads(index) {
  const name = state.results[index].view.name.toLowerCase();
  const formats = ["json", "sarif"];
  if (name.endsWith(".xlsx") || name.endsWith(".xlsm")) formats.push("annotated");
  return el("p", { class: "downloads" }, ...formats.map((format) =>
    el("button", { type: "button", "data-format": format, onclick: () => download(index, format) },
      words().download[format])));
}

async function download(index, format) {
  const { file } = state.results[index];
  const form = new FormData();
  form.append("file", file, file.name);
  const response = await fetch(`/api/download?format=${format}&lang=${state.lang}`, { method: "POST", body: form });
  if (!response.ok) {
    const answer = await response.json().catch(() => ({}));
    return setStatus(words().failed + (answer.error || response.statusText), true);
  }
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = disposition.match(/filename\*=UTF-8''([^;]+)/);
  const link = el("a", { href: URL.createObjectURL(await response.blob()),
    download: match ? decodeURIComponent(match[1]) : `jxlint.${format}` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

function tableSection(view, table) {
  const w = words();
  const budget = table.budget_yuan === null ? w.none : `${table.budget_yuan.toLocaleString("zh-CN")} 元`;
  const section = el("section", { class: "table", "data-table": table.index },
    el("h3", {}, `${w.table} ${table.index} · ${table.project || w.none}`),
    el("dl", { class: "facts" },
      el("dt", {}, w.project), el("dd", { class: "project" }, table.project || w.none),
      el("dt", {}, w.planYear), el("dd", { class: "plan-year" }, table.plan_year ?? w.none),
      el("dt", {}, w.budget), el("dd", { class: "budget" }, budget)));
  if (table.table_findings.length) {
    section.append(el("p", {}, el("strong", {}, w.tableFindings)),
      findingList(table.table_findings.map((id) => view.findings[id])));
  }
  const lang = state.lang;
  const head = el("table", { class: "grid head" },
    el("thead", {}, el("tr", {}, el("th", {}, w.where), el("th", {}, w.field), el("th", {}, w.content),
      el("th", {}, w.findings))),
    el("tbody", {}, ...table.head.map((row) => gridRow(view, row, [el("td", { class: "label" }, row.label[lang])]))));
  const grid = el("table", { class: "grid indicators" },
    el("thead", {}, el("tr", {}, el("th", {}, w.where), ...table.columns.map((c) => el("th", {}, c[lang])),
      el("th", {}, w.findings))),
    el("tbody", {}, ...table.rows.map((row) => gridRow(view, row, []))));
  section.append(head, grid);
  return section;
}

function gridRow(view, row, leading) {
  const cells = row.cells.map((cell) => {
    const td = el("td", { "data-key": cell.key }, cell.text);
    if (cell.severity) {
      td.classList.add(`sev-${cell.severity}`);
      td.title = cell.findings.map((id) => view.findings[id].message[state.lang]).join("\n");
    }
    if (cell.where) td.dataset.where = cell.where;
    return td;
  });
  const found = row.findings.map((id) => view.findings[id]);
  return el("tr", found.length ? { class: "flagged" } : {}, el("td", { class: "where" }, row.where), ...leading,
    ...cells, el("td", { class: "findings" }, found.length ? findingList(found) : ""));
}

function findingList(findings) {
  return el("ul", { class: "findings" }, ...findings.map((finding) => el("li",
    { class: `finding sev-${finding.severity}`, "data-rule": finding.rule },
    el("span", { class: `badge sev-${finding.severity}` }, words().severity[finding.severity]), " ",
    el("button", { type: "button", class: "rule", title: words().explainTitle, onclick: () => explain(finding.rule) },
      finding.rule), " ",
    el("span", { class: "message" }, finding.message[state.lang]),
    finding.where ? el("span", { class: "where" }, finding.where) : null)));
}

async function explain(rule) {
  const dialog = document.getElementById("explain");
  const response = await fetch(`/api/explain/${encodeURIComponent(rule)}`);
  dialog.querySelector("pre").textContent = await response.text();
  dialog.showModal();
}

function start() {
  const input = document.getElementById("files");
  const drop = document.getElementById("drop");
  input.addEventListener("change", () => { check(input.files); input.value = ""; });
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    check(event.dataTransfer.files);
  });
  document.getElementById("lang-switch").addEventListener("click", () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    render();
  });
  document.querySelectorAll("#summary [data-sort]").forEach((button) => button.addEventListener("click", () => {
    const key = button.dataset.sort;
    state.sort = { key, down: state.sort.key === key ? !state.sort.down : key !== "name" };
    renderSummary();
  }));
}

start();
