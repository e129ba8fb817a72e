// eventmill dashboard: every view reads /api/* with the filters kept in the page's URL, so a
// view can be bookmarked. No build step: plain browser JavaScript over the vendored d3.
(() => {
  "use strict";

  const QUADS = [
    { q: 1, key: "q1", name: "Verbal cooperation", color: "#56B4E9" },
    { q: 2, key: "q2", name: "Material cooperation", color: "#0072B2" },
    { q: 3, key: "q3", name: "Verbal conflict", color: "#E69F00" },
    { q: 4, key: "q4", name: "Material conflict", color: "#D55E00" },
  ];
  const FILTERS = ["country", "actor", "source", "target", "root", "quad", "q", "since", "until"];
  const PAGE = 25;
  const $ = (sel) => document.querySelector(sel);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  };

  // -- state <-> URL ---------------------------------------------------------------------
  const state = { sort: "-date", offset: 0, interval: "", event: "" };
  function readUrl() {
    const p = new URLSearchParams(location.search);
    for (const k of [...FILTERS, "sort", "interval", "event"]) state[k] = p.get(k) || (k === "sort" ? "-date" : "");
    state.offset = Math.max(0, parseInt(p.get("offset") || "0", 10) || 0);
  }
  function writeUrl(push = true) {
    const p = new URLSearchParams();
    for (const k of [...FILTERS, "interval", "event"]) if (state[k]) p.set(k, state[k]);
    if (state.sort !== "-date") p.set("sort", state.sort);
    if (state.offset) p.set("offset", state.offset);
    const url = location.pathname + (p.toString() ? "?" + p : "");
    if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  }
  function query(extra = {}, { dates = true } = {}) {
    const p = new URLSearchParams();
    for (const k of FILTERS) {
      if (!dates && (k === "since" || k === "until")) continue;
      if (state[k]) p.set(k, state[k]);
    }
    for (const [k, v] of Object.entries(extra)) if (v !== "" && v != null) p.set(k, v);
    return p.toString();
  }
  async function api(path) {
    const r = await fetch(path, { headers: { accept: "application/json" } });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
      const d = body.detail;
      throw new Error(Array.isArray(d) ? d.map((e) => `${(e.loc || []).slice(-1)[0] || ""}: ${e.msg}`).join("; ") : d || r.statusText);
    }
    return body;
  }

  // -- tooltip ---------------------------------------------------------------------------
  const tip = $("#tooltip");
  function showTip(ev, html) {
    tip.replaceChildren(...html);
    tip.hidden = false;
    tip.style.left = Math.min(ev.clientX + 12, innerWidth - 290) + "px";
    tip.style.top = ev.clientY + 12 + "px";
  }
  const hideTip = () => { tip.hidden = true; };

  // -- filters ---------------------------------------------------------------------------
  let facets = { countries: [], roots: [] };
  const rootName = (r) => (facets.roots.find((x) => x.root === r) || {}).name || "";
  const codeName = (c) => (facets.codes || {})[c] || "";
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

  function fillPickers() {
    const c = $("#f-country");
    for (const { code, count } of facets.countries) c.append(el("option", { value: code, text: `${code} (${count})` }));
    const r = $("#f-root");
    for (const { root, name } of facets.roots) r.append(el("option", { value: root, text: `${root} ${name}` }));
    const q = $("#f-quad");
    for (const { q: n, name } of QUADS) q.append(el("option", { value: n, text: `${n} ${name}` }));
    $("#legend").replaceChildren(...QUADS.map((d) => {
      const s = el("span", { text: d.name });
      s.style.setProperty("--c", d.color);
      return s;
    }));
  }
  function showFilters() {
    for (const k of ["country", "actor", "source", "target", "root", "quad", "q", "since", "until"]) {
      const input = $("#f-" + k);
      if (k === "country" && state.country && ![...input.options].some((o) => o.value === state.country))
        input.append(el("option", { value: state.country, text: state.country }));
      input.value = state[k] || "";
    }
    $("#f-interval").value = state.interval || "";
  }
  function setFilter(changes, { timeline = true } = {}) {
    Object.assign(state, changes);
    state.offset = 0;
    writeUrl();
    showFilters();
    refresh({ timeline });
  }

  // -- timeline with brush -----------------------------------------------------------------
  let timelineBrushing = false;
  const MIN_BARS = 24;
  function addPeriod(d, interval, n = 1) {
    const x = new Date(d);
    if (interval === "day") x.setUTCDate(x.getUTCDate() + n);
    else if (interval === "week") x.setUTCDate(x.getUTCDate() + 7 * n);
    else if (interval === "month") x.setUTCMonth(x.getUTCMonth() + n);
    else x.setUTCFullYear(x.getUTCFullYear() + n);
    return x;
  }
  // the period boundary closest to d: a drag that strays a few pixels takes no extra period
  function nearestBoundary(d, interval) {
    const a = periodStart(d, interval), b = addPeriod(a, interval);
    return d - a <= b - d ? a : b;
  }
  // the start of the period holding d (weeks start on Monday, as the API's)
  function periodStart(d, interval) {
    const x = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
    if (interval === "week") x.setUTCDate(x.getUTCDate() - ((x.getUTCDay() + 6) % 7));
    else if (interval === "month") x.setUTCDate(1);
    else if (interval === "year") { x.setUTCMonth(0); x.setUTCDate(1); }
    return x;
  }
  const iso = (d) => d.toISOString().slice(0, 10);

  async function drawTimeline() {
    const box = $("#timeline");
    const data = await api(`/api/timeline?${query({ interval: state.interval || "auto" }, { dates: false })}`);
    const interval = data.interval;
    const periods = data.periods.map((p) => ({ ...p, start: new Date(p.period + "T00:00:00Z") }));
    box.replaceChildren();
    if (!periods.length) { box.append(el("div", { class: "empty", text: "No events match these filters." })); $("#timeline-stats").textContent = ""; return; }
    const W = box.clientWidth || 1000, H = 220, m = { t: 8, r: 12, b: 24, l: 40 };
    // at least MIN_BARS periods wide, so a burst of a day or two is not drawn as two slabs
    let lo = periods[0].start, hi = addPeriod(periods[periods.length - 1].start, interval);
    for (let i = periods.length; i < MIN_BARS; i += 2) { lo = addPeriod(lo, interval, -1); hi = addPeriod(hi, interval); }
    const x = d3.scaleUtc().domain([lo, hi]).range([m.l, W - m.r]);
    const stack = d3.stack().keys(QUADS.map((q) => q.key))(periods);
    const y = d3.scaleLinear().domain([0, d3.max(periods, (p) => p.count) || 1]).nice().range([H - m.b, m.t]);
    const svg = d3.select(box).append("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img")
      .attr("aria-label", "events per period by quad class");
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${H - m.b})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(W / 90))).tickSizeOuter(0));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${m.l},0)`)
      .call(d3.axisLeft(y).ticks(4).tickFormat(d3.format("~s")))
      .call((g) => g.select(".domain").remove())
      .call((g) => g.selectAll(".tick line").clone().attr("x2", W - m.l - m.r).attr("stroke-opacity", 0.12));
    const bw = (p) => Math.max(1, x(addPeriod(p.start, interval)) - x(p.start) - (periods.length > 150 ? 0 : 1));
    svg.append("g").selectAll("g").data(stack).join("g").attr("fill", (s) => QUADS.find((q) => q.key === s.key).color)
      .selectAll("rect").data((s) => s.filter((d) => d[1] > d[0])).join("rect").attr("class", "bar")
      .attr("x", (d) => x(d.data.start)).attr("width", (d) => bw(d.data))
      .attr("y", (d) => y(d[1])).attr("height", (d) => Math.max(0, y(d[0]) - y(d[1])));
    // hover targets per period
    svg.append("g").selectAll("rect").data(periods).join("rect")
      .attr("x", (p) => x(p.start)).attr("width", (p) => bw(p)).attr("y", m.t).attr("height", H - m.b - m.t)
      .attr("fill", "transparent")
      .on("mousemove", (ev, p) => showTip(ev, [
        el("b", { text: p.period }), el("br"),
        ...QUADS.flatMap((q) => [document.createTextNode(`${q.name}: ${p[q.key]}`), el("br")]),
        document.createTextNode(`Goldstein sum ${p.goldstein_sum.toFixed(1)}` + (p.mean_tone != null ? ` · tone ${p.mean_tone.toFixed(2)}` : "")),
      ]))
      .on("mouseleave", hideTip);

    const brush = d3.brushX().extent([[m.l, m.t], [W - m.r, H - m.b]])
      .on("end", (ev) => {
        if (timelineBrushing) return;
        if (!ev.selection) { if (state.since || state.until) setFilter({ since: "", until: "" }, { timeline: false }); return; }
        const [a, b] = ev.selection.map(x.invert);
        // snap to whole periods so the other views cover what the bars show
        const start = nearestBoundary(a, interval);
        let stop = nearestBoundary(b, interval);
        if (stop <= start) stop = addPeriod(start, interval);
        timelineBrushing = true;
        gb.call(brush.move, [x(start), x(stop)].map((v) => Math.max(m.l, Math.min(W - m.r, v))));
        timelineBrushing = false;
        setFilter({ since: iso(start), until: iso(new Date(stop - 864e5)) }, { timeline: false });
      });
    const gb = svg.append("g").attr("class", "brush").call(brush);
    if (state.since || state.until) {
      const a = state.since ? x(new Date(state.since + "T00:00:00Z")) : m.l;
      const b = state.until ? x(new Date(state.until + "T00:00:00Z").getTime() + 864e5) : W - m.r;
      timelineBrushing = true;
      gb.call(brush.move, [Math.max(m.l, a), Math.min(W - m.r, Math.max(a + 2, b))]);
      timelineBrushing = false;
    }
    gb.selectAll(".overlay").on("mousemove.tip", (ev) => {
      const t = x.invert(d3.pointer(ev)[0]);
      const p = periods.findLast ? periods.findLast((d) => d.start <= t) : null;
      if (p) showTip(ev, [el("b", { text: p.period }), el("br"), document.createTextNode(`${p.count} events · drag to select`)]);
    }).on("mouseleave.tip", hideTip);
    const total = d3.sum(periods, (p) => p.count);
    $("#timeline-stats").textContent = `${total.toLocaleString()} events, ${periods[0].period} to ${periods[periods.length - 1].period}, per ${interval}` +
      (state.since || state.until ? ` · selected ${state.since || "…"} to ${state.until || "…"}` : "");
  }

  // -- map -------------------------------------------------------------------------------
  let world = null;
  async function drawMap() {
    const box = $("#map");
    if (!world) world = await (await fetch("/static/vendor/world-atlas/countries-110m.json")).json();
    const data = await api(`/api/places?${query({ limit: 2000 })}`);
    const W = box.clientWidth || 700, H = Math.round(W * 0.5);
    const countries = topojson.feature(world, world.objects.countries);
    const projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [W - 4, H - 4]], { type: "Sphere" });
    const path = d3.geoPath(projection);
    box.replaceChildren();
    const svg = d3.select(box).append("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img").attr("aria-label", "map of event locations");
    svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
    svg.append("g").selectAll("path").data(countries.features).join("path").attr("class", "country").attr("d", path);
    // cluster places that would overlap on screen: greedy, biggest first
    const pts = data.places.map((p) => { const [px, py] = projection([p.lon, p.lat]) || [NaN, NaN]; return { ...p, px, py }; })
      .filter((p) => Number.isFinite(p.px));
    const clusters = [];
    const R = 14;
    for (const p of pts) {
      const c = clusters.find((c) => Math.hypot(c.px - p.px, c.py - p.py) < R);
      if (c) { c.members.push(p); c.count += p.count; for (const q of QUADS) c[q.key] += p[q.key]; }
      else clusters.push({ px: p.px, py: p.py, members: [p], count: p.count, q1: p.q1, q2: p.q2, q3: p.q3, q4: p.q4 });
    }
    const r = d3.scaleSqrt().domain([0, d3.max(clusters, (c) => c.count) || 1]).range([0, Math.max(10, W / 40)]);
    const main = (c) => QUADS.reduce((a, q) => (c[q.key] > c[a.key] ? q : a), QUADS[0]);
    const g = svg.append("g");
    g.selectAll("circle").data(clusters).join("circle").attr("class", "place")
      .attr("cx", (c) => c.px).attr("cy", (c) => c.py).attr("r", (c) => Math.max(3.5, r(c.count)))
      .attr("fill", (c) => main(c).color)
      .on("mousemove", (ev, c) => showTip(ev, [
        el("b", { text: c.members.slice(0, 4).map((m) => `${m.name} (${m.country || "?"})`).join(", ") + (c.members.length > 4 ? ` +${c.members.length - 4}` : "") }),
        el("br"), document.createTextNode(`${c.count} events · ` + QUADS.map((q) => `${q.key.toUpperCase()} ${c[q.key]}`).join(" ")),
        el("br"), document.createTextNode("click to filter by this country"),
      ]))
      .on("mouseleave", hideTip)
      .on("click", (ev, c) => { hideTip(); const cc = c.members[0].country; if (cc) setFilter({ country: cc }); });
    // label the biggest clusters where the label hits no circle and no other label
    const boxes = clusters.map((c) => { const rr = Math.max(3.5, r(c.count)); return { x0: c.px - rr, x1: c.px + rr, y0: c.py - rr, y1: c.py + rr, c }; });
    const labels = [];
    for (const c of clusters.slice(0, 12)) {
      const text = c.members[0].name + (c.members.length > 1 ? ` +${c.members.length - 1}` : "");
      const rr = Math.max(3.5, r(c.count)), w = text.length * 6;
      const b = { x0: c.px + rr + 3, x1: c.px + rr + 3 + w, y0: c.py - 6, y1: c.py + 6 };
      const hit = (o) => b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1;
      if (b.x1 > W || labels.some(hit) || boxes.some((o) => o.c !== c && hit(o))) continue;
      labels.push({ ...b, text, c });
    }
    g.selectAll("text").data(labels).join("text").attr("class", "place-label")
      .attr("x", (l) => l.x0).attr("y", (l) => l.c.py + 3.5).text((l) => l.text);
    // the busiest places as a list beside the picture
    $("#places tbody").replaceChildren(...data.places.slice(0, 8).map((p) => {
      const tr = el("tr", { title: `filter by ${p.country}` }, el("td", { text: p.name }), el("td", { class: "code", text: p.country || "" }),
        el("td", { class: "num", text: p.count }), el("td", {}, mix(p)));
      tr.addEventListener("click", () => { if (p.country) setFilter({ country: p.country }); });
      return tr;
    }));
    if (!clusters.length) svg.append("text").attr("x", W / 2).attr("y", H / 2).attr("text-anchor", "middle")
      .attr("class", "place-label").text("no located events");
  }

  // -- dyads: network + table ----------------------------------------------------------------
  const goldColor = d3.scaleDiverging([-10, 0, 10], (t) => d3.interpolateRgbBasis(["#D55E00", "#bbbbbb", "#0072B2"])(t));
  function mix(d) {
    const bar = el("span", { class: "mix", title: QUADS.map((q) => `${q.name}: ${d[q.key]}`).join("\n") });
    for (const q of QUADS) { const i = el("i"); i.style.width = (100 * d[q.key] / d.count) + "%"; i.style.background = q.color; bar.append(i); }
    return bar;
  }
  async function drawDyads() {
    const data = await api(`/api/dyads?${query({ limit: 20 })}`);
    const rows = data.dyads;
    $("#dyads tbody").replaceChildren(...rows.slice(0, 12).map((d) => {
      const tr = el("tr", { title: `filter: ${d.source} → ${d.target}` },
        el("td", { class: "code", text: d.source }), el("td", { class: "code", text: d.target }),
        el("td", { class: "num", text: d.count }), el("td", {}, mix(d)),
        el("td", { class: "num", text: d.goldstein_mean != null ? d.goldstein_mean.toFixed(1) : "" }));
      tr.addEventListener("click", () => setFilter({ source: d.source, target: d.target }));
      return tr;
    }));
    if (!rows.length) $("#dyads tbody").append(el("tr", {}, el("td", { colspan: 5, class: "empty", text: "no actor pairs" })));
    // network: countries as nodes, pairs as arrows coloured by mean Goldstein
    const box = $("#network");
    const W = box.clientWidth || 420, H = 260;
    const nodes = [...new Set(rows.flatMap((d) => [d.source, d.target]))].map((id) => ({ id }));
    const links = rows.filter((d) => d.source !== d.target).map((d) => ({ ...d, source: d.source, target: d.target }));
    const selfs = new Map(rows.filter((d) => d.source === d.target).map((d) => [d.source, d]));
    box.replaceChildren();
    const svg = d3.select(box).append("svg").attr("viewBox", `0 0 ${W} ${H}`).attr("role", "img").attr("aria-label", "network of actor pairs");
    if (!nodes.length) { svg.append("text").attr("x", W / 2).attr("y", H / 2).attr("text-anchor", "middle").attr("class", "place-label").text("no actor pairs"); return; }
    const width = d3.scaleSqrt().domain([1, d3.max(rows, (d) => d.count) || 1]).range([1.2, 6]);
    const sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id((d) => d.id).distance(70))
      .force("charge", d3.forceManyBody().strength(-260))
      .force("x", d3.forceX(W / 2).strength(0.06)).force("y", d3.forceY(H / 2).strength(0.1))
      .force("collide", d3.forceCollide(22)).stop();
    for (let i = 0; i < 300; i++) sim.tick();  // laid out once: the picture stays still
    for (const n of nodes) { n.x = Math.max(18, Math.min(W - 18, n.x)); n.y = Math.max(18, Math.min(H - 18, n.y)); }
    const defs = svg.append("defs");
    const markerId = (d) => "arr" + Math.round(d.goldstein_mean * 10 + 100);
    for (const d of links) {
      if (!defs.select("#" + markerId(d)).empty()) continue;
      defs.append("marker").attr("id", markerId(d)).attr("viewBox", "0 -4 8 8").attr("refX", 8).attr("markerWidth", 9)
        .attr("markerHeight", 9).attr("markerUnits", "userSpaceOnUse").attr("orient", "auto").append("path").attr("d", "M0,-4L8,0L0,4").attr("fill", goldColor(d.goldstein_mean));
    }
    svg.append("g").selectAll("path").data(links).join("path").attr("class", "link")
      .attr("stroke", (d) => goldColor(d.goldstein_mean)).attr("stroke-width", (d) => width(d.count))
      .attr("marker-end", (d) => `url(#${markerId(d)})`)
      .attr("d", (d) => {
        // curved, so A→B and B→A do not overlap; ends at the node's rim
        const dx = d.target.x - d.source.x, dy = d.target.y - d.source.y, len = Math.hypot(dx, dy) || 1;
        const tx = d.target.x - dx / len * 17, ty = d.target.y - dy / len * 17;
        return `M${d.source.x},${d.source.y}A${len * 1.4},${len * 1.4} 0 0,1 ${tx},${ty}`;
      })
      .on("mousemove", (ev, d) => showTip(ev, [el("b", { text: `${d.source.id} → ${d.target.id}` }), el("br"),
        document.createTextNode(`${d.count} events · mean Goldstein ${d.goldstein_mean.toFixed(1)}`)]))
      .on("mouseleave", hideTip)
      .on("click", (ev, d) => setFilter({ source: d.source.id, target: d.target.id }));
    const node = svg.append("g").selectAll("g").data(nodes).join("g").attr("class", "node")
      .attr("transform", (d) => `translate(${d.x},${d.y})`).style("cursor", "pointer")
      .on("click", (ev, d) => setFilter({ actor: d.id }))
      .on("mousemove", (ev, d) => { const s = selfs.get(d.id); showTip(ev, [el("b", { text: d.id }), el("br"),
        document.createTextNode((s ? `${s.count} events within ${d.id} · ` : "") + "click to filter by this actor")]); })
      .on("mouseleave", hideTip);
    node.append("circle").attr("r", 15).attr("stroke", (d) => (selfs.has(d.id) ? goldColor(selfs.get(d.id).goldstein_mean) : "#1d2430"))
      .attr("stroke-width", (d) => (selfs.has(d.id) ? 1.5 + width(selfs.get(d.id).count) : 1.5));
    node.append("text").text((d) => d.id);
  }

  // -- events table --------------------------------------------------------------------------
  function actorCell(a) {
    if (!a) return el("td", { class: "actor", text: "–" });
    return el("td", { class: "actor" }, el("b", { text: [a.country || "?", a.role].filter(Boolean).join(" ") }),
      el("span", { class: "who", text: a.name || a.text || "" }));
  }
  async function drawEvents() {
    const data = await api(`/api/events?${query({ limit: PAGE, offset: state.offset, sort: state.sort })}`);
    const tbody = $("#events tbody");
    tbody.replaceChildren(...data.events.map((e) => {
      const q = QUADS[e.quad - 1] || QUADS[0];
      const sentence = e.sentence && e.sentence.length > 160 ? e.sentence.slice(0, 157) + "…" : e.sentence || "";
      const tr = el("tr", { "data-event": e.event_id },
        el("td", { class: "code date", text: e.date || "" }),
        actorCell(e.source),
        el("td", {}, el("span", { class: `chip q${e.quad}`, title: `${codeName(e.code)} · ${q.name}`, text: `${e.code} ${rootName(e.root)}` })),
        actorCell(e.target),
        el("td", { text: e.location ? e.location.name : "–" }),
        el("td", { class: "sentence", text: sentence }),
        el("td", { class: "num", text: e.goldstein != null ? e.goldstein.toFixed(1) : "" }),
        el("td", { class: "num", text: e.confidence != null ? e.confidence.toFixed(2) : "" }));
      if (e.event_id === state.event) tr.classList.add("active");
      tr.tabIndex = 0;  // reachable by keyboard: Tab to a row, Enter opens it
      tr.addEventListener("click", () => openEvent(e.event_id));
      tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") openEvent(e.event_id); });
      return tr;
    }));
    if (!data.events.length) tbody.append(el("tr", {}, el("td", { colspan: 8, class: "empty", text: "No events match these filters." })));
    const last = Math.min(data.total, state.offset + data.events.length);
    $("#events-count").textContent = `${data.total.toLocaleString()} matching`;
    $("#page").textContent = data.total ? `${state.offset + 1}–${last} of ${data.total.toLocaleString()}` : "";
    $("#prev").disabled = state.offset === 0;
    $("#next").disabled = last >= data.total;
    $("#csv").href = `/api/events?${query({ limit: 1000, sort: state.sort, format: "csv" })}`;
    for (const th of document.querySelectorAll("#events th[data-sort]")) {
      th.classList.toggle("sorted-asc", state.sort === th.dataset.sort);
      th.classList.toggle("sorted-desc", state.sort === "-" + th.dataset.sort);
    }
  }

  // -- article drawer --------------------------------------------------------------------------
  // The sentence inside the article text, with the trigger word and the source and target
  // words marked in it.
  function highlighted(sentence, ev) {
    const mark = el("mark", { class: "sentence", "data-testid": "sentence" });
    const marks = [];
    const [t0, t1] = ev.trigger || [];
    const [s0] = ev.span || [];
    if (Number.isInteger(t0) && Number.isInteger(s0) && t0 >= s0 && t1 - s0 <= sentence.length) {
      marks.push({ start: t0 - s0, end: t1 - s0, cls: "trigger", title: `trigger: ${codeName(ev.code) || ev.code}` });
    }
    for (const [a, cls] of [[ev.source, "src"], [ev.target, "tgt"]]) {
      if (!a || !a.text) continue;
      const i = sentence.indexOf(a.text);
      const title = `${cls === "src" ? "source" : "target"}: ${a.country || "?"} ${a.role || ""}`;
      const over = marks.find((m) => i < m.end && i + a.text.length > m.start);
      if (i >= 0 && !over) marks.push({ start: i, end: i + a.text.length, cls, title });
      else if (i >= 0 && over.cls === "trigger") {  // "protests" is both the act and who acts
        over.cls += " " + cls;
        over.title += "; " + title;
      }
    }
    marks.sort((a, b) => a.start - b.start);
    let pos = 0;
    for (const m of marks) {
      mark.append(sentence.slice(pos, m.start), el("span", { class: m.cls, title: m.title, text: sentence.slice(m.start, m.end) }));
      pos = m.end;
    }
    mark.append(sentence.slice(pos));
    return mark;
  }
  async function openEvent(id, { push = true } = {}) {
    state.event = id;
    writeUrl(push);
    for (const tr of document.querySelectorAll("#events tbody tr")) tr.classList.toggle("active", tr.dataset.event === id);
    const drawer = $("#article");
    drawer.hidden = false;
    let d;
    try { d = await api(`/api/events/${encodeURIComponent(id)}`); }
    catch (err) { $("#article-title").textContent = "Event not found"; $("#article-text").textContent = err.message; $("#mentions").replaceChildren(); $("#article-meta").replaceChildren(); return; }
    const e = d.event, a = d.article || {};
    const who = (x) => (x ? `${x.name || x.text} (${[x.country || "?", x.role].filter(Boolean).join(" ")})` : "");
    $("#article-title").replaceChildren(el("span", { class: `chip q${e.quad}`, text: `${e.code} ${rootName(e.root)}` }), " ",
      document.createTextNode(`${who(e.source)}${e.target ? " → " + who(e.target) : ""}`));
    const meta = [
      el("span", { text: `event ${e.date}` }), el("span", { text: `article ${a.date || e.article_date}` }),
      el("span", { text: `Goldstein ${e.goldstein}` }), el("span", { text: `confidence ${e.confidence}` }),
    ];
    if (codeName(e.code)) meta.unshift(el("span", { text: `CAMEO ${e.code}: ${codeName(e.code)}` }));
    if (e.plover) meta.push(el("span", { text: `PLOVER ${e.plover}` }));
    if (e.location) meta.push(el("span", { text: `at ${e.location.name}, ${e.location.country || "?"}` }));
    if (a.source) meta.push(el("span", { text: a.source }));
    if (a.url && /^https?:\/\//i.test(a.url)) meta.push(el("a", { href: a.url, target: "_blank", rel: "noopener noreferrer", text: "original article ↗" }));
    $("#article-meta").replaceChildren(...meta);
    const text = a.text || e.sentence || "";
    const [s0, s1] = e.span || [];
    const box = $("#article-text");
    if (Number.isInteger(s0) && Number.isInteger(s1) && text.slice(s0, s1) === e.sentence) {
      box.replaceChildren(text.slice(0, s0), highlighted(e.sentence, e), text.slice(s1));
    } else {  // text missing or span off: show the sentence on its own
      box.replaceChildren(highlighted(e.sentence || "", e));
    }
    const mark = box.querySelector("mark");
    if (mark) mark.scrollIntoView({ block: "center" });
    const list = $("#mentions");
    const s = d.story;
    $("#mentions-title").textContent = s ? `Other mentions of this story · ${plural(s.num_mentions, "mention")}, ${plural(s.num_articles, "article")}, ${plural(s.num_sources, "source")}` : "Other mentions of this story";
    list.replaceChildren(...d.mentions.map((m) => {
      const li = el("li", {}, el("div", { class: "src-line", text: [m.article_date, m.source, m.reprint ? "reprint" : ""].filter(Boolean).join(" · ") }),
        document.createTextNode(m.sentence || ""));
      li.addEventListener("click", () => openEvent(m.event_id));
      return li;
    }));
    if (!d.mentions.length) list.append(el("li", { class: "empty", text: "No other article reports it." }));
    drawer.dataset.event = id;
  }
  function closeEvent() {
    $("#article").hidden = true;
    state.event = "";
    writeUrl();
    for (const tr of document.querySelectorAll("#events tbody tr.active")) tr.classList.remove("active");
  }

  // -- wiring ----------------------------------------------------------------------------------
  function report(err) { console.error(err); }
  function refresh({ timeline = true } = {}) {
    document.body.dataset.ready = "0";  // tests wait for "1": every view drawn
    const jobs = [drawMap(), drawDyads(), drawEvents()];
    if (timeline) jobs.push(drawTimeline());
    else $("#timeline-stats").textContent = $("#timeline-stats").textContent.replace(/ · selected.*$/, "") +
      (state.since || state.until ? ` · selected ${state.since || "…"} to ${state.until || "…"}` : "");
    return Promise.all(jobs.map((j) => j.catch(report))).then(() => { document.body.dataset.ready = "1"; });
  }

  async function main() {
    readUrl();
    facets = await api("/api/facets");
    fillPickers();
    showFilters();
    const inputs = { country: "change", root: "change", quad: "change", since: "change", until: "change", actor: "change", source: "change", target: "change", q: "change" };
    for (const [k, evt] of Object.entries(inputs)) {
      $("#f-" + k).addEventListener(evt, (ev) => setFilter({ [k]: ev.target.value.trim() }));
      if (["actor", "source", "target", "q"].includes(k)) $("#f-" + k).addEventListener("keydown", (ev) => { if (ev.key === "Enter") ev.target.blur(); });
    }
    $("#f-interval").addEventListener("change", (ev) => { state.interval = ev.target.value; writeUrl(); drawTimeline().catch(report); });
    $("#reset").addEventListener("click", () => setFilter(Object.fromEntries([...FILTERS, "interval"].map((k) => [k, ""]))));
    $("#prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - PAGE); writeUrl(); drawEvents().catch(report); });
    $("#next").addEventListener("click", () => { state.offset += PAGE; writeUrl(); drawEvents().catch(report); });
    for (const th of document.querySelectorAll("#events th[data-sort]")) {
      th.addEventListener("click", () => {
        const k = th.dataset.sort;
        state.sort = state.sort === "-" + k ? k : "-" + k;
        state.offset = 0; writeUrl(); drawEvents().catch(report);
      });
    }
    $("#close").addEventListener("click", closeEvent);
    document.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && !$("#article").hidden) closeEvent(); });
    addEventListener("popstate", () => { readUrl(); showFilters(); refresh(); if (state.event) openEvent(state.event, { push: false }); else $("#article").hidden = true; });
    // the views are laid out by width: a change of height alone (a phone's address bar, a
    // full-page screenshot) needs no redraw, and a redraw would drop a brush being dragged
    let resizeTimer, drawnWidth = innerWidth;
    addEventListener("resize", () => {
      if (innerWidth === drawnWidth) return;
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => { drawnWidth = innerWidth; refresh(); }, 250);
    });
    await refresh();
    if (state.event) await openEvent(state.event, { push: false });
  }
  main().catch((err) => {
    document.querySelector("main").prepend(el("div", { class: "card wide empty", text: `Could not load the dashboard: ${err.message}` }));
  });
})();
