// The Quiver registry UI: reads GET /api/v1/... and renders every value as
// text (never as markup). Routes live in the URL's fragment: #/KIND,
// #/KIND/NAME, #/search?q=..., #/lineage.
"use strict";

const KINDS = [
  { path: "entities", title: "Entities", one: "Entity", kind: "entity" },
  { path: "data-sources", title: "Data sources", one: "Data source", kind: "data-source" },
  { path: "feature-views", title: "Feature views", one: "Feature view", kind: "feature-view" },
  { path: "feature-services", title: "Feature services", one: "Feature service", kind: "feature-service" },
  { path: "saved-datasets", title: "Saved datasets", one: "Saved dataset", kind: "saved_dataset" },
  { path: "permissions", title: "Permissions", one: "Permission", kind: "permission" },
];
const kindByPath = Object.fromEntries(KINDS.map((k) => [k.path, k]));
const pathByKind = Object.fromEntries(KINDS.map((k) => [k.kind, k.path]));

// ---- helpers ---------------------------------------------------------------

// el makes an element; tags "svg", "rect", "path", "text" and "svg:a" (a
// link inside a drawing) are SVG's.
function el(tag, attrs, ...children) {
  const svg = ["svg", "rect", "path", "text"].includes(tag) || tag.startsWith("svg:");
  const node = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag.replace(/^svg:/, "")) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.setAttribute("class", v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function link(kind, name) {
  const path = pathByKind[kind] || kind;
  return el("a", { href: "#/" + path + "/" + encodeURIComponent(name) }, name);
}

function tags(t) {
  return Object.entries(t || {}).sort().map(([k, v]) => el("span", { class: "tag" }, k + "=" + v));
}

function text(v) {
  if (v === undefined || v === null || v === "") return "—";
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(", ") : "—";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function when(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

function age(ms) {
  const s = Math.round(ms / 1000);
  if (s < 120) return s + " s";
  if (s < 7200) return Math.round(s / 60) + " min";
  if (s < 172800) return Math.round(s / 3600) + " h";
  return Math.round(s / 86400) + " days";
}

// ttl parses a duration ("2d", "48h0m0s") into milliseconds; 0 is none.
function ttl(s) {
  let ms = 0;
  for (const [, n, u] of String(s || "").matchAll(/([\d.]+)(d|h|ms|m|s|µs|us|ns)/g)) {
    ms += parseFloat(n) * { d: 86400e3, h: 3600e3, m: 60e3, s: 1e3, ms: 1, "µs": 1e-3, us: 1e-3, ns: 1e-6 }[u];
  }
  return ms;
}

// ---- API ---------------------------------------------------------------------

class APIError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path) {
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem("quiver-token");
  if (token) headers.Authorization = "Bearer " + token;
  const resp = await fetch("/api/v1/" + path, { headers });
  const body = await resp.json().catch(() => null);
  if (!resp.ok) {
    const msg = body && body.error ? body.error.message : "HTTP " + resp.status;
    throw new APIError(resp.status, msg);
  }
  return body;
}

const list = (path) => api("registry/" + path).then((r) => r.items);

// ---- pages -------------------------------------------------------------------

async function home() {
  // A caller may describe some objects and not the project itself: the
  // counts (of what the caller may see) are shown either way.
  const project = await api("project").catch((e) => {
    if (e.status === 403) return null;
    throw e;
  });
  const counts = await Promise.all(KINDS.map((k) => list(k.path).then((items) => items.length)));
  return [
    el("h1", {}, project ? "Project " + project.name : "Project"),
    project && el("p", { class: "muted" }, "Quiver " + project.quiver_version),
    el("div", { class: "cards" }, KINDS.map((k, i) =>
      el("a", { class: "card", href: "#/" + k.path, "data-kind": k.path }, el("div", { class: "count" }, counts[i]), k.title))),
  ];
}

const COLUMNS = {
  "entities": ["name", "join_keys", "value_type", "owner", "tags"],
  "data-sources": ["name", "type", "path", "batch_source", "timestamp_field", "tags"],
  "feature-views": ["name", "entities", "source", "ttl", "online", "owner", "tags"],
  "feature-services": ["name", "features", "owner", "tags"],
  "saved-datasets": ["name", "rows", "features", "feature_service", "created_at"],
  "permissions": ["name", "types", "name_patterns", "actions", "policy"],
};

function cell(kind, col, obj) {
  if (col === "name") return link(kind, obj.name);
  if (col === "tags") return tags(obj.tags);
  if (col === "source" && obj.source) return link("data-source", obj.source);
  if (col === "batch_source" && obj.batch_source) return link("data-source", obj.batch_source);
  if (col === "entities") return (obj.entities || []).map((e, i) => [i ? ", " : "", link("entity", e)]);
  if (col === "created_at") return when(obj.created_at);
  return text(obj[col]);
}

function table(kind, cols, items) {
  return el("table", { "data-kind": pathByKind[kind] || kind },
    el("thead", {}, el("tr", {}, cols.map((c) => el("th", {}, c.replace(/_/g, " "))))),
    el("tbody", {}, items.map((o) => el("tr", {}, cols.map((c) => el("td", {}, cell(o.kind || kind, c, o)))))));
}

async function listPage(path) {
  const k = kindByPath[path];
  const items = await list(path);
  return [
    el("h1", {}, k.title),
    items.length ? table(k.kind, COLUMNS[path], items) : el("p", { class: "muted" }, "None registered."),
  ];
}

function props(obj, skip) {
  const keys = Object.keys(obj).filter((k) => !skip.includes(k)).sort();
  return el("dl", { class: "props" }, keys.map((k) => [
    el("dt", {}, k.replace(/_/g, " ")),
    el("dd", {}, k === "tags" ? tags(obj.tags) : k.endsWith("_at") ? when(obj[k]) : text(obj[k])),
  ]));
}

async function detailPage(path, name) {
  const k = kindByPath[path];
  const obj = await api("registry/" + path + "/" + encodeURIComponent(name));
  const out = [el("h1", {}, k.one + " " + name)];
  if (path === "saved-datasets") {
    out.push(props(obj, ["columns"]));
    out.push(el("h2", {}, "Columns"), table("column", ["name", "type"], obj.columns || []));
    return out;
  }
  out.push(props(obj, ["schema", "versions", "materialized", "name"]));
  if (obj.schema) {
    out.push(el("h2", {}, "Schema"), el("table", { class: "schema" },
      el("thead", {}, el("tr", {}, el("th", {}, "feature"), el("th", {}, "type"), el("th", {}, "vector"))),
      el("tbody", {}, obj.schema.map((f) => el("tr", {}, el("td", {}, f.name), el("td", {}, f.dtype), el("td", {}, f.vector ? text(f.vector) : ""))))));
  }
  if (path === "feature-services" && obj.features) {
    out.push(el("h2", {}, "Features"), el("ul", {}, obj.features.map((ref) => {
      const view = ref.split(":")[0];
      return el("li", {}, link("feature-view", view), ref.includes(":") ? ":" + ref.split(":").slice(1).join(":") : " (all features)");
    })));
  }
  if (obj.materialized) out.push(...materialization(obj));
  if (obj.versions) out.push(...history(obj.versions));
  return out;
}

function materialization(view) {
  const runs = view.materialized;
  const out = [el("h2", {}, "Materialization")];
  if (!runs.length) return out.concat(el("p", { class: "muted", id: "freshness" }, "Never materialized."));
  const latest = runs.reduce((a, b) => (new Date(a.end) > new Date(b.end) ? a : b));
  const behind = Date.now() - new Date(latest.end).getTime();
  const limit = ttl(view.ttl);
  const stale = limit > 0 && behind > limit;
  out.push(el("p", { id: "freshness", class: stale ? "stale" : "fresh" },
    "Materialized up to " + when(latest.end) + ", " + age(behind) + " ago" +
    (limit > 0 ? (stale ? ": older than the ttl (" + view.ttl + ")" : ", within the ttl (" + view.ttl + ")") : "") + "."));
  out.push(el("table", { class: "intervals" },
    el("thead", {}, el("tr", {}, el("th", {}, "start"), el("th", {}, "end"), el("th", {}, "done at"))),
    el("tbody", {}, runs.slice().reverse().map((r) => el("tr", {}, el("td", {}, when(r.start)), el("td", {}, when(r.end)), el("td", {}, when(r.done_at)))))));
  return out;
}

function history(versions) {
  const out = [el("h2", {}, "Versions"), el("table", { class: "versions" },
    el("thead", {}, el("tr", {}, el("th", {}, "version"), el("th", {}, "op"), el("th", {}, "applied at"))),
    el("tbody", {}, versions.slice().reverse().map((v) => el("tr", {}, el("td", {}, "v" + v.version), el("td", {}, v.op), el("td", {}, when(v.applied_at))))))];
  const specs = versions.filter((v) => v.spec);
  if (specs.length < 2) return out;
  const pick = (id, sel) => el("select", { id }, specs.map((v) => el("option", { value: v.version, selected: v.version === sel }, "v" + v.version)));
  const from = pick("diff-from", specs[specs.length - 2].version), to = pick("diff-to", specs[specs.length - 1].version);
  const pre = el("pre", { class: "diff", id: "diff" });
  const show = () => {
    const a = specs.find((v) => String(v.version) === from.value), b = specs.find((v) => String(v.version) === to.value);
    pre.replaceChildren(...diff(pretty(a.spec), pretty(b.spec)).map(([op, line]) =>
      el("span", { class: op === "+" ? "add" : op === "-" ? "del" : null }, op + " " + line)));
  };
  from.addEventListener("change", show);
  to.addEventListener("change", show);
  show();
  return out.concat(el("h2", {}, "Diff between versions"), el("p", {}, from, " → ", to), pre);
}

// pretty prints a spec with sorted keys, one line per value.
function pretty(v) {
  const sort = (x) => Array.isArray(x) ? x.map(sort) : x && typeof x === "object"
    ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort(x[k])])) : x;
  return JSON.stringify(sort(v), null, 2).split("\n");
}

// diff is a line diff (longest common subsequence): [op, line] with op
// " ", "-" or "+".
function diff(a, b) {
  if (a.length * b.length > 4e6) return a.map((l) => ["-", l]).concat(b.map((l) => ["+", l]));
  const n = a.length, m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--)
    lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out = [];
  let i = 0, j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { out.push([" ", a[i]]); i++; j++; }
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push(["-", a[i++]]);
    else out.push(["+", b[j++]]);
  }
  while (i < n) out.push(["-", a[i++]]);
  while (j < m) out.push(["+", b[j++]]);
  return out;
}

async function searchPage(q) {
  const query = q.trim().toLowerCase();
  const lists = await Promise.all(KINDS.map((k) => list(k.path).then((items) => items.map((o) => ({ ...o, kind: o.kind || k.kind })))));
  const [tk, tv] = query.includes("=") ? query.split("=", 2) : [null, null];
  const hits = lists.flat().filter((o) => {
    const t = Object.entries(o.tags || {}).map(([k, v]) => [k.toLowerCase(), String(v).toLowerCase()]);
    if (tk !== null) return t.some(([k, v]) => k === tk && (tv === "" || v === tv));
    return String(o.name).toLowerCase().includes(query) || t.some(([k, v]) => k.includes(query) || v.includes(query));
  });
  return [
    el("h1", {}, "Search: " + q),
    hits.length ? el("table", { id: "results" },
      el("thead", {}, el("tr", {}, el("th", {}, "kind"), el("th", {}, "name"), el("th", {}, "tags"))),
      el("tbody", {}, hits.map((o) => el("tr", {}, el("td", {}, o.kind), el("td", {}, link(o.kind, o.name)), el("td", {}, tags(o.tags))))))
      : el("p", { class: "muted" }, "Nothing matches."),
  ];
}

async function lineagePage() {
  const [sources, views, services] = await Promise.all([list("data-sources"), list("feature-views"), list("feature-services")]);
  const cols = [["Data sources", "data-source", sources], ["Feature views", "feature-view", views], ["Feature services", "feature-service", services]];
  const W = 230, H = 30, GAP = 14, X = [20, 340, 660], TOP = 40;
  const pos = {};
  cols.forEach(([, kind, items], c) => items.forEach((o, i) => { pos[kind + "/" + o.name] = { x: X[c], y: TOP + i * (H + GAP) }; }));
  const rows = Math.max(1, ...cols.map(([, , items]) => items.length));
  const svg = el("svg", { class: "lineage", id: "lineage", width: X[2] + W + 20, height: TOP + rows * (H + GAP) + 10 });
  const edge = (from, to, side) => {
    const a = pos[from], b = pos[to];
    if (!a || !b) return;
    let d;
    if (side) { // within the sources' column: batch source -> push source, on the left
      d = `M${a.x} ${a.y + H / 2} C${a.x - 18} ${a.y + H / 2} ${b.x - 18} ${b.y + H / 2} ${b.x} ${b.y + H / 2}`;
    } else {
      const x1 = a.x + W, x2 = b.x, ym1 = a.y + H / 2, ym2 = b.y + H / 2;
      d = `M${x1} ${ym1} C${x1 + 45} ${ym1} ${x2 - 45} ${ym2} ${x2} ${ym2}`;
    }
    svg.append(el("path", { d, "data-from": from, "data-to": to }));
  };
  for (const s of sources) if (s.batch_source) edge("data-source/" + s.batch_source, "data-source/" + s.name, true);
  for (const v of views) if (v.source) edge("data-source/" + v.source, "feature-view/" + v.name);
  for (const s of services) for (const v of new Set((s.features || []).map((r) => r.split(":")[0]))) edge("feature-view/" + v, "feature-service/" + s.name);
  cols.forEach(([title, kind, items], c) => {
    svg.append(el("text", { x: X[c], y: 22, class: "col" }, title));
    for (const o of items) {
      const p = pos[kind + "/" + o.name];
      svg.append(el("svg:a", { href: "#/" + pathByKind[kind] + "/" + encodeURIComponent(o.name) },
        el("rect", { x: p.x, y: p.y, width: W, height: H, "data-node": kind + "/" + o.name }),
        el("text", { x: p.x + 8, y: p.y + 19 }, o.name.length > 30 ? o.name.slice(0, 29) + "…" : o.name)));
    }
  });
  return [el("h1", {}, "Lineage"), el("p", { class: "muted" }, "Data sources feed feature views; feature services read views. Select a box to open it."), svg];
}

// ---- routing -----------------------------------------------------------------

async function route() {
  const main = document.getElementById("main");
  const hash = location.hash.replace(/^#\/?/, "");
  const [pathPart, query] = hash.split("?", 2);
  const parts = pathPart.split("/").filter(Boolean).map(decodeURIComponent);
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.getAttribute("href") === "#/" + (parts[0] || ""));
  main.setAttribute("aria-busy", "true");
  let page;
  try {
    if (!parts.length) page = await home();
    else if (parts[0] === "lineage") page = await lineagePage();
    else if (parts[0] === "search") page = await searchPage(new URLSearchParams(query || "").get("q") || "");
    else if (kindByPath[parts[0]] && parts.length === 1) page = await listPage(parts[0]);
    else if (kindByPath[parts[0]] && parts.length === 2) page = await detailPage(parts[0], parts[1]);
    else page = [el("h1", {}, "Not found"), el("p", {}, "No page here. "), el("a", { href: "#/" }, "Back to the project")];
  } catch (e) {
    const hint = e.status === 401 ? " The server asks for a token: use the Token button." : "";
    page = [el("div", { class: "error", role: "alert", id: "error" }, e.message + hint)];
  }
  main.replaceChildren(...[page].flat());
  main.setAttribute("aria-busy", "false");
}

function start() {
  api("project").then((p) => { document.getElementById("project").textContent = "project " + p.name; }).catch(() => {});
  document.getElementById("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = "#/search?q=" + encodeURIComponent(document.getElementById("search").value);
  });
  const dialog = document.getElementById("token-dialog");
  document.getElementById("token-button").addEventListener("click", () => dialog.showModal());
  dialog.addEventListener("close", () => {
    if (dialog.returnValue !== "save") return;
    const token = document.getElementById("token-input").value.trim();
    if (token) sessionStorage.setItem("quiver-token", token); else sessionStorage.removeItem("quiver-token");
    route();
  });
  window.addEventListener("hashchange", route);
  route();
}

start();
