// tmforge edit: the page. It holds no state of its own beyond the view; every command is sent to
// the server (POST /api/op), which saves the .align file and answers with the new view.
"use strict";

let view = null;       // the last view from the server
let current = 0;       // the chosen bead
let chosen = null;     // the chosen sentence: {side, sentence}
let split = null;      // split mode: {bead, source, target, side}
let breakAt = null;    // the sentence being split: {side, sentence}

const $ = (id) => document.getElementById(id);

function threshold() {
  const t = parseFloat($("threshold").value);
  return Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0.9;
}

function status(message, ok) {
  $("status").textContent = message || "";
  $("status").className = ok ? "ok" : "";
}

async function load() {
  const r = await fetch("/api/doc", { credentials: "same-origin" });
  if (!r.ok) {
    status("could not load the document: " + r.status);
    return;
  }
  view = await r.json();
  render();
}

async function send(op) {
  const r = await fetch("/api/op", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(Object.assign({ version: view.version }, op)),
  });
  const answer = await r.json().catch(() => ({ error: "no answer" }));
  if (r.status === 409) {
    status("the alignment was changed elsewhere (another tab?); reloading");
    location.reload();
    return false;
  }
  if (!r.ok) {
    status(answer.error || "the change failed (" + r.status + ")");
    return false;
  }
  view = answer;
  status("saved to " + view.align_file, true);
  render();
  return true;
}

function needsCheck(b) {
  return !b.confirmed && (b.confidence < threshold() || b.findings.length > 0);
}

function counts() {
  const beads = view.beads;
  const pairs = beads.filter((b) => b.source[1] > b.source[0] && b.target[1] > b.target[0]);
  let unSource = 0, unTarget = 0;
  for (const b of beads) {
    if (b.target[0] === b.target[1]) unSource += b.source[1] - b.source[0];
    if (b.source[0] === b.source[1]) unTarget += b.target[1] - b.target[0];
  }
  const p = $("counts");
  p.replaceChildren();
  const part = (n, label) => {
    const b = document.createElement("b");
    b.textContent = n;
    p.append(b, " " + label + " · ");
  };
  part(beads.length, "beads");
  part(pairs.length, "pairs");
  part(beads.filter((b) => b.confirmed).length, "confirmed");
  part(beads.filter(needsCheck).length, "to check (below " + threshold().toFixed(2) + " or with findings)");
  part(beads.reduce((n, b) => n + b.findings.length, 0), "findings");
  p.append("unaligned: " + unSource + " source, " + unTarget + " target sentences");
  p.dataset.toCheck = beads.filter(needsCheck).length;
  p.dataset.confirmed = beads.filter((b) => b.confirmed).length;
}

// Confidence as a colour: red (0) through yellow to green (1).
function colour(c) {
  return "hsl(" + Math.round(120 * c) + ", 75%, 82%)";
}

function sentenceSpans(cell, side, range, bead) {
  const s = view[side];
  if (range[0] === range[1]) {
    const e = document.createElement("span");
    e.className = "empty";
    e.textContent = "(no counterpart)";
    cell.append(e);
    return;
  }
  for (let i = range[0]; i < range[1]; i++) {
    if (split && split.bead === bead && i === range[0] + split[side]) {
      const cut = document.createElement("span");
      cut.className = "cut";
      cell.append(cut);
    }
    const e = document.createElement("span");
    e.className = "s";
    if (i > 0 && s.sentences[i].paragraph !== s.sentences[i - 1].paragraph) e.classList.add("para");
    if (chosen && chosen.side === side && chosen.sentence === i) e.classList.add("chosen");
    if (split && split.bead === bead && i >= range[0] + split[side]) e.classList.add("second");
    e.dataset.side = side;
    e.dataset.sentence = i;
    e.textContent = s.sentences[i].text;
    cell.append(e, " ");
  }
  if (split && split.bead === bead && range[0] + split[side] === range[1]) {
    const cut = document.createElement("span");
    cut.className = "cut";
    cell.append(cut);
  }
}

function render() {
  document.title = "tmforge edit: " + view.document;
  $("title").textContent = view.document;
  $("file").textContent = view.source.file + " → " + view.target.file + " · " + view.align_file;
  $("source-head").textContent = view.source.lang;
  $("target-head").textContent = view.target.lang;
  current = Math.max(0, Math.min(current, view.beads.length - 1));
  if (chosen && !sentenceIn(current, chosen)) chosen = null;
  const body = document.querySelector("#beads tbody");
  const rows = view.beads.map((b, k) => {
    const tr = document.createElement("tr");
    tr.className = "bead" + (k === current ? " current" : "") + (b.confirmed ? " confirmed" : "");
    tr.dataset.bead = k;
    tr.dataset.source = b.source.join("-");
    tr.dataset.target = b.target.join("-");
    const num = document.createElement("td");
    num.className = "num";
    num.textContent = k + 1;
    const cells = ["source", "target"].map((side) => {
      const td = document.createElement("td");
      td.lang = view[side].lang;
      td.dir = view[side].rtl ? "rtl" : "ltr";
      sentenceSpans(td, side, b[side], k);
      return td;
    });
    const conf = document.createElement("td");
    const badge = document.createElement("span");
    badge.className = "conf";
    badge.textContent = b.confidence.toFixed(2);
    badge.style.setProperty("background", colour(b.confidence));
    conf.append(badge);
    if (b.confirmed) {
      const tag = document.createElement("div");
      tag.className = "confirmed-tag";
      tag.textContent = "confirmed";
      conf.append(tag);
    }
    const findings = document.createElement("td");
    if (b.findings.length) {
      const ul = document.createElement("ul");
      ul.className = "findings";
      for (const f of b.findings) {
        const li = document.createElement("li");
        li.textContent = f.code + ": " + f.message;
        ul.append(li);
      }
      findings.append(ul);
    }
    tr.append(num, cells[0], cells[1], conf, findings);
    return tr;
  });
  body.replaceChildren(...rows);
  counts();
  $("undo").disabled = !view.can_undo;
  $("redo").disabled = !view.can_redo;
  const notices = $("notices");
  notices.replaceChildren(...view.notices.map((n) => {
    const li = document.createElement("li");
    li.textContent = n;
    return li;
  }));
  $("split-panel").hidden = !split;
  if (split) {
    const b = view.beads[split.bead];
    $("split-bead").textContent = split.bead + 1;
    $("cut-source").textContent = split.source + " of " + (b.source[1] - b.source[0]) + (split.side === "source" ? " ◂" : "");
    $("cut-target").textContent = split.target + " of " + (b.target[1] - b.target[0]) + (split.side === "target" ? " ◂" : "");
  }
  document.body.dataset.version = view.version;
}

function sentenceIn(k, s) {
  const b = view.beads[k];
  return b && s.sentence >= b[s.side][0] && s.sentence < b[s.side][1];
}

function go(k) {
  if (!view.beads.length) return;
  current = Math.max(0, Math.min(k, view.beads.length - 1));
  chosen = null;
  render();
  const row = document.querySelector('tr[data-bead="' + current + '"]');
  if (row) row.scrollIntoView({ block: "nearest" });
}

// The sentences of the current bead, source first.
function sentencesOfCurrent() {
  const b = view.beads[current];
  const out = [];
  for (const side of ["source", "target"]) {
    for (let i = b[side][0]; i < b[side][1]; i++) out.push({ side, sentence: i });
  }
  return out;
}

function cycleSentence(step) {
  const all = sentencesOfCurrent();
  if (!all.length) return;
  const at = chosen ? all.findIndex((s) => s.side === chosen.side && s.sentence === chosen.sentence) : -1;
  chosen = all[(at + step + all.length) % all.length];
  render();
}

// The sentence a command acts on: the chosen one, else the bead's first.
function target() {
  return chosen || sentencesOfCurrent()[0] || null;
}

function nextToCheck() {
  // Worst first: findings count as half the confidence; ties go to the first after the current.
  const score = (b) => (b.findings.length ? b.confidence / 2 : b.confidence);
  let best = -1;
  view.beads.forEach((b, k) => {
    if (!needsCheck(b)) return;
    if (best < 0 || score(b) < score(view.beads[best])) best = k;
  });
  if (best < 0) {
    status("nothing left to check below the threshold", true);
    return;
  }
  go(best);
}

const commands = {
  next: nextToCheck,
  "confirm-next": async () => {
    if (await send({ op: "confirm", beads: [current], confirmed: true })) go(current + 1);
  },
  toggle: () => send({ op: "confirm", beads: [current], confirmed: !view.beads[current].confirmed }),
  join: () => send({ op: "join", bead: current }),
  split: () => {
    const b = view.beads[current];
    split = {
      bead: current,
      source: Math.min(1, b.source[1] - b.source[0]),
      target: Math.min(1, b.target[1] - b.target[0]),
      side: "source",
    };
    render();
  },
  "move-up": async () => {
    const s = target();
    if (s && (await send({ op: "move", side: s.side, sentence: s.sentence, to: "up" }))) {
      current = Math.max(0, current - 1);
      chosen = sentenceIn(current, s) ? s : null;
      render();
    }
  },
  "move-down": async () => {
    const s = target();
    if (s && (await send({ op: "move", side: s.side, sentence: s.sentence, to: "down" }))) {
      const k = view.beads.findIndex((_, k) => sentenceIn(k, s));
      if (k >= 0) current = k;
      chosen = s;
      render();
    }
  },
  detach: () => {
    const s = target();
    if (s) send({ op: "detach", side: s.side, sentence: s.sentence });
  },
  break: () => {
    const s = target();
    if (!s) return;
    breakAt = s;
    const input = $("break-text");
    input.value = view[s.side].sentences[s.sentence].text;
    input.dir = view[s.side].rtl ? "rtl" : "ltr";
    $("break-dialog").showModal();
    input.focus();
    input.setSelectionRange(0, 0);
  },
  "break-cancel": () => $("break-dialog").close(),
  glue: () => {
    const s = target();
    if (s) send({ op: "join_sentences", side: s.side, sentence: s.sentence });
  },
  "confirm-above": () => send({ op: "confirm_above", threshold: threshold() }),
  realign: () => send({ op: "realign" }),
  undo: () => send({ op: "undo" }),
  redo: () => send({ op: "redo" }),
  "cut-source-less": () => cut("source", -1),
  "cut-source-more": () => cut("source", 1),
  "cut-target-less": () => cut("target", -1),
  "cut-target-more": () => cut("target", 1),
  "split-apply": async () => {
    const s = split;
    split = null;
    if (!(await send({ op: "split", bead: s.bead, source: s.source, target: s.target }))) render();
  },
  "split-cancel": () => {
    split = null;
    render();
  },
};

function cut(side, step) {
  const b = view.beads[split.bead];
  const len = b[side][1] - b[side][0];
  split[side] = Math.max(0, Math.min(len, split[side] + step));
  split.side = side;
  render();
}

function splitKeys(e) {
  const keys = {
    Escape: "split-cancel",
    Enter: "split-apply",
  };
  if (keys[e.key]) return commands[keys[e.key]]();
  if (e.key === "Tab") {
    split.side = split.side === "source" ? "target" : "source";
    return render();
  }
  if (e.key === "ArrowDown" || e.key === "j") return cut(split.side, 1);
  if (e.key === "ArrowUp" || e.key === "k") return cut(split.side, -1);
}

document.addEventListener("keydown", (e) => {
  if (!view || $("break-dialog").open) return;
  if (e.target instanceof HTMLInputElement) return;
  if (split) {
    e.preventDefault();
    splitKeys(e);
    return;
  }
  const ctrl = e.ctrlKey || e.metaKey;
  let command = null;
  if (ctrl && e.key.toLowerCase() === "z") command = e.shiftKey ? "redo" : "undo";
  else if (ctrl && e.key.toLowerCase() === "y") command = "redo";
  else if (ctrl || e.altKey) return;
  else if (e.key === "ArrowDown" || e.key === "j") { e.preventDefault(); return go(current + 1); }
  else if (e.key === "ArrowUp" || e.key === "k") { e.preventDefault(); return go(current - 1); }
  else if (e.key === "Tab") { e.preventDefault(); return cycleSentence(e.shiftKey ? -1 : 1); }
  else {
    command = {
      n: "next", Enter: "confirm-next", c: "toggle", m: "join", s: "split",
      "[": "move-up", "]": "move-down", x: "detach", b: "break", g: "glue",
      a: "confirm-above", r: "realign", z: "undo", y: "redo",
    }[e.key];
  }
  if (command) {
    e.preventDefault();
    commands[command]();
  }
});

document.addEventListener("click", (e) => {
  const button = e.target.closest("[data-command]");
  if (button) {
    commands[button.dataset.command]();
    return;
  }
  const sentence = e.target.closest(".s");
  const row = e.target.closest("tr.bead");
  if (row && !split) {
    current = Number(row.dataset.bead);
    chosen = sentence ? { side: sentence.dataset.side, sentence: Number(sentence.dataset.sentence) } : null;
    render();
  }
});

// The sentence box shows the text to place the cursor in; typing does not change it.
$("break-text").addEventListener("input", () => {
  const input = $("break-text");
  const pos = input.selectionStart;
  input.value = view[breakAt.side].sentences[breakAt.sentence].text;
  input.setSelectionRange(pos, pos);
});

$("break-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const input = $("break-text");
  const at = Array.from(input.value.slice(0, input.selectionStart)).length;
  $("break-dialog").close();
  send({ op: "split_sentence", side: breakAt.side, sentence: breakAt.sentence, at });
});

$("threshold").addEventListener("change", render);

load();
