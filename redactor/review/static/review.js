// redactor review: the page of one review session. Plain script, no build step, no network
// beyond this local server. Every request carries the session token (?t=...).
"use strict";

const TOKEN = new URLSearchParams(location.search).get("t") || "";
const SVG = "http://www.w3.org/2000/svg";
const CLICK_SLOP = 4; // screen pixels a press may move and still be a click
const HANDLE_PX = 12; // size of a corner handle on screen

const state = {
  files: [], // [{id, file, output}]
  kinds: {}, // kind -> {zh, en, colour}
  plans: {}, // file id -> {pages: [{number, width, height, items: [...]}]}
  dirty: new Set(), // file ids with unsaved edits
  order: [], // [[file id, page index]] in reading order, for ← →
  at: 0, // index into order
  selected: null, // index of the selected item on the current page
  history: {}, // "fileId/page" -> {undo: [], redo: []}
};

function api(path, options) {
  const sep = path.includes("?") ? "&" : "?";
  return fetch(path + sep + "t=" + encodeURIComponent(TOKEN), options);
}

function el(name, attrs, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (parent) parent.appendChild(node);
  return node;
}

function setStatus(text, kind) {
  const s = document.getElementById("status");
  s.textContent = text;
  s.className = kind || "";
}

// --- loading ---------------------------------------------------------------------------

async function start() {
  const res = await api("/api/files");
  const data = await res.json();
  state.files = data.files;
  for (const k of data.kinds) state.kinds[k.kind] = k;
  const select = document.getElementById("kind");
  for (const kind of data.hand_kinds) {
    const opt = document.createElement("option");
    const k = state.kinds[kind] || { zh: kind, en: kind };
    opt.value = kind;
    opt.textContent = k.zh + " " + k.en;
    select.appendChild(opt);
  }
  for (const f of state.files) await loadPlan(f.id);
  state.order = [];
  for (const f of state.files) {
    state.plans[f.id].pages.forEach((_, i) => state.order.push([f.id, i]));
  }
  drawLegend();
  drawNav();
  if (state.order.length) show(0);
  else setStatus("没有可检查的文件 no files to review");
}

async function loadPlan(id) {
  const res = await api("/api/plan/" + id);
  const plan = await res.json();
  for (const page of plan.pages) {
    page.items = [
      ...page.regions.map((r) => ({ ...r, removed: false })),
      ...page.removed.map((r) => ({ ...r, removed: true })),
    ];
    delete page.regions;
    delete page.removed;
  }
  state.plans[id] = plan;
}

// --- drawing ---------------------------------------------------------------------------

function current() {
  const [fileId, index] = state.order[state.at];
  return { fileId, page: state.plans[fileId].pages[index] };
}

function colourOf(item) {
  const kind = item.source === "manual" ? "manual" : item.kind;
  return (state.kinds[kind] || { colour: "#111827" }).colour;
}

function show(at) {
  state.at = Math.max(0, Math.min(at, state.order.length - 1));
  state.selected = null;
  const { fileId, page } = current();
  const img = document.getElementById("page-img");
  img.onload = () => draw();
  img.src = "/api/image/" + fileId + "/" + page.number + "?t=" + encodeURIComponent(TOKEN);
  img.dataset.file = fileId;
  img.dataset.page = page.number;
  const file = state.files[fileId];
  document.getElementById("where").textContent =
    file.file + " · 第 " + page.number + " / " + state.plans[fileId].pages.length + " 页";
  draw();
  drawNav();
}

function scale() {
  // page pixels per screen pixel
  const { page } = current();
  const img = document.getElementById("page-img");
  return img.clientWidth ? page.width / img.clientWidth : 1;
}

function bbox(points) {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function draw() {
  const { page } = current();
  const svg = document.getElementById("overlay");
  svg.setAttribute("viewBox", "0 0 " + page.width + " " + page.height);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.replaceChildren();
  const s = scale();
  // Larger regions first, so a small one lying on a larger one stays on top and clickable.
  const area = (item) => {
    const [x0, y0, x1, y1] = bbox(item.polygon);
    return (x1 - x0) * (y1 - y0);
  };
  const order = page.items.map((item, i) => [item, i]).sort((a, b) => area(b[0]) - area(a[0]));
  order.forEach(([item, i]) => {
    const colour = colourOf(item);
    const poly = el("polygon", {
      points: item.polygon.map((p) => p.join(",")).join(" "),
      class: "region" + (item.removed ? " removed" : "") + (i === state.selected ? " selected" : ""),
      stroke: colour,
      "stroke-width": 3 * s,
      fill: item.removed ? "none" : "rgba(0,0,0,0.78)",
      "data-index": i,
      "data-id": item.id || "",
      "data-kind": item.kind,
    }, svg);
    if (item.removed) poly.setAttribute("stroke-dasharray", 8 * s + " " + 5 * s);
    const k = state.kinds[item.source === "manual" ? "manual" : item.kind];
    el("title", {}, poly).textContent = (k ? k.zh + " " + k.en : item.kind) +
      (item.removed ? "（已移除，单击恢复）" : "（单击移除）");
  });
  if (state.selected !== null && page.items[state.selected]) {
    const [x0, y0, x1, y1] = bbox(page.items[state.selected].polygon);
    const h = HANDLE_PX * s;
    const corners = { nw: [x0, y0], ne: [x1, y0], se: [x1, y1], sw: [x0, y1] };
    for (const [name, [x, y]] of Object.entries(corners)) {
      el("rect", {
        x: x - h / 2, y: y - h / 2, width: h, height: h,
        class: "handle " + name, "data-corner": name, "stroke-width": s,
      }, svg);
    }
  }
  const undo = historyOf().undo.length;
  const redo = historyOf().redo.length;
  document.getElementById("undo").disabled = !undo;
  document.getElementById("redo").disabled = !redo;
  document.getElementById("delete").disabled = state.selected === null;
  document.getElementById("save").disabled = !state.dirty.size;
}

function drawNav() {
  const nav = document.getElementById("files");
  nav.replaceChildren();
  state.order.forEach(([fileId, index], at) => {
    const plan = state.plans[fileId];
    if (index === 0) {
      const head = document.createElement("div");
      head.className = "file" + (state.dirty.has(fileId) ? " dirty" : "");
      head.textContent = state.files[fileId].file;
      nav.appendChild(head);
    }
    const page = plan.pages[index];
    const a = document.createElement("a");
    a.href = "#";
    a.textContent = page.number;
    a.className = (at === state.at ? "current" : "") +
      (page.items.some((it) => !it.removed) ? " masked" : "");
    a.onclick = (e) => { e.preventDefault(); show(at); };
    nav.appendChild(a);
  });
}

function drawLegend() {
  const legend = document.getElementById("legend");
  for (const k of Object.values(state.kinds)) {
    const span = document.createElement("span");
    const sw = document.createElement("span");
    sw.className = "sw";
    sw.style.borderColor = k.colour;
    span.appendChild(sw);
    span.append(k.zh + " ");
    const en = document.createElement("span");
    en.className = "en";
    en.textContent = k.en;
    span.appendChild(en);
    legend.appendChild(span);
  }
  const removed = document.createElement("span");
  const sw = document.createElement("span");
  sw.className = "sw removed";
  removed.appendChild(sw);
  removed.append("已移除（单击恢复） ");
  const en = document.createElement("span");
  en.className = "en";
  en.textContent = "removed (click to restore)";
  removed.appendChild(en);
  legend.appendChild(removed);
}

// --- editing, with undo ----------------------------------------------------------------

function historyOf() {
  const { fileId, page } = current();
  const key = fileId + "/" + page.number;
  if (!state.history[key]) state.history[key] = { undo: [], redo: [] };
  return state.history[key];
}

function snapshot() {
  return JSON.stringify(current().page.items);
}

function change(fn) {
  const h = historyOf();
  h.undo.push(snapshot());
  h.redo = [];
  fn(current().page);
  state.dirty.add(current().fileId);
  draw();
  drawNav();
  setStatus("未保存 unsaved", "");
}

function undo(redo) {
  const h = historyOf();
  const from = redo ? h.redo : h.undo;
  const to = redo ? h.undo : h.redo;
  if (!from.length) return;
  to.push(snapshot());
  current().page.items = JSON.parse(from.pop());
  state.selected = null;
  state.dirty.add(current().fileId);
  draw();
  drawNav();
}

function toggle(index) {
  change((page) => { page.items[index].removed = !page.items[index].removed; });
  state.selected = index;
  draw();
}

function removeSelected() {
  if (state.selected === null) return;
  const index = state.selected;
  change((page) => {
    const item = page.items[index];
    if (item.source === "manual" && !item.id) page.items.splice(index, 1);
    else item.removed = true;
  });
  state.selected = null;
  draw();
}

// --- the pointer: click, drag a new box, drag a corner ---------------------------------

function toPage(event) {
  const svg = document.getElementById("overlay");
  const pt = svg.createSVGPoint();
  pt.x = event.clientX;
  pt.y = event.clientY;
  const p = pt.matrixTransform(svg.getScreenCTM().inverse());
  const { page } = current();
  return [Math.max(0, Math.min(page.width, p.x)), Math.max(0, Math.min(page.height, p.y))];
}

let gesture = null;

function onDown(event) {
  if (event.button !== 0 || !state.order.length) return;
  const target = event.target;
  const at = toPage(event);
  event.currentTarget.setPointerCapture(event.pointerId);
  if (target.dataset && target.dataset.corner) {
    const item = current().page.items[state.selected];
    gesture = { type: "resize", corner: target.dataset.corner, start: at,
                box: bbox(item.polygon), polygon: item.polygon, before: snapshot() };
  } else {
    const index = target.dataset && target.dataset.index !== undefined
      ? Number(target.dataset.index) : null;
    gesture = { type: "press", index, start: at, screen: [event.clientX, event.clientY] };
  }
}

function onMove(event) {
  if (!gesture) return;
  const at = toPage(event);
  if (gesture.type === "press") {
    const moved = Math.hypot(event.clientX - gesture.screen[0], event.clientY - gesture.screen[1]);
    if (moved > CLICK_SLOP) gesture = { type: "draw", start: gesture.start };
  }
  if (gesture.type === "draw") {
    const svg = document.getElementById("overlay");
    if (!gesture.rect) gesture.rect = el("rect", { class: "draft" }, svg);
    const [x0, y0] = gesture.start;
    gesture.rect.setAttribute("x", Math.min(x0, at[0]));
    gesture.rect.setAttribute("y", Math.min(y0, at[1]));
    gesture.rect.setAttribute("width", Math.abs(at[0] - x0));
    gesture.rect.setAttribute("height", Math.abs(at[1] - y0));
    gesture.end = at;
  } else if (gesture.type === "resize") {
    const item = current().page.items[state.selected];
    item.polygon = resized(gesture.polygon, gesture.box, gesture.corner, at);
    draw();
  }
}

function resized(polygon, box, corner, at) {
  // Scale the polygon so the dragged corner follows the pointer; the opposite corner stays.
  const [x0, y0, x1, y1] = box;
  const nx0 = corner.includes("w") ? Math.min(at[0], x1 - 2) : x0;
  const nx1 = corner.includes("e") ? Math.max(at[0], x0 + 2) : x1;
  const ny0 = corner.includes("n") ? Math.min(at[1], y1 - 2) : y0;
  const ny1 = corner.includes("s") ? Math.max(at[1], y0 + 2) : y1;
  const sx = (nx1 - nx0) / Math.max(x1 - x0, 1e-6);
  const sy = (ny1 - ny0) / Math.max(y1 - y0, 1e-6);
  return polygon.map(([x, y]) => [nx0 + (x - x0) * sx, ny0 + (y - y0) * sy]);
}

function onUp() {
  if (!gesture) return;
  const g = gesture;
  gesture = null;
  if (g.type === "press") {
    if (g.index !== null) toggle(g.index);
    else { state.selected = null; draw(); }
  } else if (g.type === "draw") {
    if (g.rect) g.rect.remove();
    if (!g.end) return;
    const [ax, ay] = g.start;
    const [bx, by] = g.end;
    const [x0, x1, y0, y1] = [Math.min(ax, bx), Math.max(ax, bx), Math.min(ay, by), Math.max(ay, by)];
    if (x1 - x0 < 2 || y1 - y0 < 2) return;
    const kind = document.getElementById("kind").value;
    change((page) => {
      page.items.push({ id: null, kind, source: "manual", removed: false,
                        polygon: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]] });
      state.selected = page.items.length - 1;
    });
    draw();
  } else if (g.type === "resize") {
    current().page.items[state.selected].removed = false; // a mask resized is wanted
    const h = historyOf();
    h.undo.push(g.before);
    h.redo = [];
    state.dirty.add(current().fileId);
    draw();
    drawNav();
    setStatus("未保存 unsaved", "");
  }
}

// --- saving ------------------------------------------------------------------------------

async function save() {
  const ids = [...state.dirty];
  setStatus("正在保存并重新遮盖… saving", "");
  for (const id of ids) {
    const body = {
      pages: state.plans[id].pages.map((page) => ({
        number: page.number,
        regions: page.items.filter((it) => !it.removed).map((it) => ({
          id: it.id, kind: it.kind, polygon: it.polygon,
        })),
      })),
    };
    const res = await api("/api/save/" + id, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const answer = await res.json();
    if (!res.ok || !answer.ok) {
      setStatus("保存失败 save failed: " + (answer.error || res.status), "bad");
      return;
    }
    await loadPlan(id);
    state.dirty.delete(id);
    for (const key of Object.keys(state.history)) {
      if (key.startsWith(id + "/")) delete state.history[key];
    }
  }
  state.selected = null;
  draw();
  drawNav();
  setStatus("已保存，遮盖后文件与审计已更新 saved", "good");
}

// --- keys and buttons ----------------------------------------------------------------------

document.addEventListener("keydown", (e) => {
  if (e.target.tagName === "SELECT") return;
  const ctrl = e.ctrlKey || e.metaKey;
  if (e.key === "ArrowLeft") show(state.at - 1);
  else if (e.key === "ArrowRight") show(state.at + 1);
  else if (e.key === "Delete" || e.key === "Backspace") removeSelected();
  else if (ctrl && (e.key === "z" || e.key === "Z")) undo(e.shiftKey);
  else if (ctrl && (e.key === "y" || e.key === "Y")) undo(true);
  else if (ctrl && (e.key === "s" || e.key === "S")) save();
  else return;
  e.preventDefault();
});

window.addEventListener("beforeunload", (e) => {
  if (state.dirty.size) e.preventDefault();
});

window.addEventListener("resize", () => state.order.length && draw());

const overlay = document.getElementById("overlay");
overlay.addEventListener("pointerdown", onDown);
overlay.addEventListener("pointermove", onMove);
overlay.addEventListener("pointerup", onUp);
document.getElementById("prev").onclick = () => show(state.at - 1);
document.getElementById("next").onclick = () => show(state.at + 1);
document.getElementById("undo").onclick = () => undo(false);
document.getElementById("redo").onclick = () => undo(true);
document.getElementById("delete").onclick = removeSelected;
document.getElementById("save").onclick = save;

// The server stops after a while without requests; unsaved edits keep it alive.
const PING_MS = 60 * 1000;
setInterval(() => { if (state.dirty.size) api("/api/ping").catch(() => {}); }, PING_MS);

start().catch((err) => setStatus("出错 error: " + err, "bad"));
