// The dashboard page: reads the filters, runs the queries with this tab's token, and draws the five charts. The
// status line says what the page is doing; its data-state (signed-out, no-collection, loading, ready, unauthorized,
// forbidden, error) and, once ready, data-loaded (the filters drawn) let a test wait for the charts it expects.

import {ApiError, allRows, forgetToken, get, setToken, takeFragment, token} from "./api.js";
import * as series from "./series.js";

const DAY = 86_400_000;
const DEFAULT_DAYS = 30;
const TOP_FILES = 10;

// Fixed colours for series with a meaning (mirror traffic is always grey); versions and regions take Chart.js's own.
const PEOPLE = solid("#2f6db5");
const MIRRORS = solid("#9a9a9a");
const MIRROR_SYNCS = {...MIRRORS, borderDash: [6, 4]};
const PEERS = solid("#2e8b57");
const ORIGIN = solid("#c0504d");

const element = id => document.getElementById(id);
const charts = new Map();
// Only the newest refresh draws: an older one still in flight when the filters change must not overwrite it.
let generation = 0;

start();

function start() {
  const collection = takeFragment();
  if (collection) {
    element("collection").value = collection;
  }
  const today = new Date();
  element("to").value = isoDay(today);
  element("from").value = isoDay(new Date(today.getTime() - (DEFAULT_DAYS - 1) * DAY));
  if (typeof Chart === "undefined") {
    setStatus("error", "Chart.js did not load, so no chart can be drawn.");
    return;
  }
  createCharts();
  element("filters").addEventListener("submit", event => {
    event.preventDefault();
    refresh();
  });
  element("token-form").addEventListener("submit", event => {
    event.preventDefault();
    setToken(element("token").value);
    element("token").value = "";
    refresh();
  });
  element("forget-token").addEventListener("click", () => {
    forgetToken();
    refresh();
  });
  refresh();
}

async function refresh() {
  const mine = ++generation;
  showToken();
  const filters = {
    collection: element("collection").value.trim(),
    from: element("from").value,
    to: element("to").value,
    granularity: element("granularity").value,
  };
  if (!token()) {
    clearCharts();
    setStatus("signed-out", "Enter a token with the read role to see the statistics.");
    return;
  }
  if (!filters.collection) {
    clearCharts();
    setStatus("no-collection", "Enter a collection's ossnet:// name and press Show.");
    return;
  }
  setStatus("loading", "Loading…");
  try {
    const answers = await query(filters);
    if (mine === generation) {
      draw(filters, answers);
      setStatus("ready", summary(filters, answers), loadedKey(filters));
    }
  } catch (error) {
    if (mine === generation) {
      clearCharts();
      refused(error);
    }
  }
}

/** Every query the charts need, in parallel. */
async function query({collection, from, to, granularity}) {
  const range = {collection, from, to};
  const [people, mirrorSyncs, top, adoption, sources, regions] = await Promise.all([
    allRows("/api/v1/downloads", {...range, granularity}),
    allRows("/api/v1/downloads", {...range, granularity, clientKind: "mirror"}),
    get("/api/v1/downloads/top", {...range, limit: TOP_FILES}),
    allRows("/api/v1/versions/adoption", range),
    allRows("/api/v1/bytes-by-source", {...range, granularity}),
    // Months keep the rows few; the chart sums the whole range anyway.
    allRows("/api/v1/downloads", {...range, granularity: "month", groupBy: "region"}),
  ]);
  return {people, mirrorSyncs, top: top.rows, adoption, sources, regions};
}

function draw({from, to, granularity}, answers) {
  const labels = series.periods(from, to, granularity);
  show("downloads-chart", series.downloads(labels, answers.people, answers.mirrorSyncs), [PEOPLE, MIRROR_SYNCS]);
  show("top-files-chart", series.topFiles(answers.top), [PEOPLE]);
  show("adoption-chart", series.adoption(series.periods(from, to, "day"), answers.adoption));
  show("sources-chart", series.sources(labels, answers.sources), [PEERS, MIRRORS, ORIGIN]);
  show("regions-chart", series.regions(answers.regions), [PEOPLE]);
}

function summary({collection, from, to}, answers) {
  const downloads = series.total(answers.people, "downloads");
  const syncs = series.total(answers.mirrorSyncs, "downloads");
  const bytes = series.total(answers.sources, "bytes");
  const spared = series.total(answers.sources, "bytesFromPeers") + series.total(answers.sources, "bytesFromMirrors");
  const share = bytes > 0 ? `; peers and mirrors served ${Math.round((100 * spared) / bytes)}% of the bytes` : "";
  return `${collection}, ${from} to ${to}: ${count(downloads, "download")} by people, ${count(syncs, "mirror sync")}${share}.`;
}

function count(number, noun) {
  return `${number} ${noun}${number === 1 ? "" : "s"}`;
}

function refused(error) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
    // The token cannot read statistics, so keeping it would only fail again: ask for another.
    forgetToken();
    showToken();
    if (error.status === 401) {
      setStatus("unauthorized", `The token was refused (401): ${error.message} Enter a token with the read role.`);
    } else {
      setStatus("forbidden", `This token lacks the read role (403): ${error.message} Enter a token with it.`);
    }
  } else if (error instanceof ApiError) {
    setStatus("error", `The query was refused (${error.status}): ${error.message}`);
  } else {
    setStatus("error", `The stats service could not be reached: ${error.message}`);
  }
}

function createCharts() {
  const time = {
    x: {ticks: {maxRotation: 0, autoSkip: true}},
    y: {beginAtZero: true, ticks: {precision: 0}},
  };
  create("downloads-chart", "line", {scales: time});
  create("top-files-chart", "bar", {
    indexAxis: "y",
    plugins: {legend: {display: false}},
    scales: {x: {beginAtZero: true, ticks: {precision: 0}}},
  });
  create("adoption-chart", "bar", {
    scales: {
      x: {stacked: true},
      y: {stacked: true, min: 0, max: 1, ticks: {callback: value => `${Math.round(value * 100)}%`}},
    },
    plugins: {tooltip: {callbacks: {label: item => `${item.dataset.label}: ${(item.raw * 100).toFixed(1)}%`}}},
  });
  create("sources-chart", "bar", {
    scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true, ticks: {callback: humanBytes}}},
  });
  create("regions-chart", "bar", {
    plugins: {legend: {display: false}},
    scales: {y: {beginAtZero: true, ticks: {precision: 0}}},
  });
}

function create(id, type, options) {
  const chart = new Chart(element(id), {
    type,
    data: {labels: [], datasets: []},
    options: {animation: false, responsive: true, maintainAspectRatio: false, ...options},
  });
  charts.set(id, chart);
}

/** Replaces a chart's data, styling each dataset with the style at its position, if any. */
function show(id, data, styles = []) {
  data.datasets.forEach((dataset, i) => Object.assign(dataset, styles[i]));
  const chart = charts.get(id);
  chart.data = data;
  chart.update();
}

function clearCharts() {
  for (const chart of charts.values()) {
    chart.data = {labels: [], datasets: []};
    chart.update();
  }
}

function showToken() {
  const present = Boolean(token());
  element("token-form").hidden = present;
  element("token-status").hidden = !present;
}

function setStatus(state, text, loaded = "") {
  const status = element("status");
  status.dataset.state = state;
  status.dataset.loaded = loaded;
  status.textContent = text;
}

/** What a ready page shows, for a test to wait on: collection, range and granularity. */
function loadedKey({collection, from, to, granularity}) {
  return `${collection} ${from} ${to} ${granularity}`;
}

function solid(colour) {
  return {borderColor: colour, backgroundColor: colour};
}

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function humanBytes(value) {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let scaled = value;
  let unit = 0;
  while (Math.abs(scaled) >= 1000 && unit < units.length - 1) {
    scaled /= 1000;
    unit++;
  }
  return `${Number(scaled.toFixed(1))} ${units[unit]}`;
}
