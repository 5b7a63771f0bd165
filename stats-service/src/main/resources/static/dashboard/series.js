// Turns the API's rows into Chart.js data ({labels, datasets: [{label, data}]}), with no DOM and no fetching, so
// each chart shows exactly what the queries answered. Periods without rows are drawn as 0 downloads, not left out,
// so a quiet day reads as a dip rather than vanishing from the time axis.

/** The first day of every period from `from` to `to` (YYYY-MM-DD, UTC), as the API labels them. */
export function periods(from, to, granularity) {
  const end = parse(to);
  const labels = [];
  for (let day = periodStart(parse(from), granularity); day <= end; day = nextPeriod(day, granularity)) {
    labels.push(format(day));
  }
  return labels;
}

/** People's downloads and mirror syncs per period, as two datasets over the same periods. */
export function downloads(labels, people, mirrorSyncs) {
  return {
    labels,
    datasets: [
      {label: "People's downloads", data: perLabel(labels, people, row => row.period, row => row.downloads)},
      {label: "Mirror syncs", data: perLabel(labels, mirrorSyncs, row => row.period, row => row.downloads)},
    ],
  };
}

/** The top files in the API's order (most downloaded first). */
export function topFiles(rows) {
  return {
    labels: rows.map(row => row.path),
    datasets: [{label: "Downloads", data: rows.map(row => row.downloads)}],
  };
}

/**
 * One dataset per version, oldest first, of its share (0 to 1) of each day's downloads: 0 on a day with downloads of
 * other versions only, null on a day without any.
 */
export function adoption(days, rows) {
  const versions = [...new Set(rows.map(row => row.version))].sort((a, b) => a - b);
  const daysWithDownloads = new Set(rows.map(row => row.day));
  const share = new Map(rows.map(row => [`${row.day}|${row.version}`, row.share]));
  return {
    labels: days,
    datasets: versions.map(version => ({
      label: `version ${version}`,
      data: days.map(day => share.get(`${day}|${version}`) ?? (daysWithDownloads.has(day) ? 0 : null)),
    })),
  };
}

/** Bytes from peers, mirrors and the origin per period. */
export function sources(labels, rows) {
  const series = (label, member) => ({label, data: perLabel(labels, rows, row => row.period, row => row[member])});
  return {
    labels,
    datasets: [
      series("Peers", "bytesFromPeers"),
      series("HTTP mirrors", "bytesFromMirrors"),
      series("Origin", "bytesFromOrigin"),
    ],
  };
}

/** Downloads per region over all the periods of the rows, most first, equal counts by name. */
export function regions(rows) {
  const totals = new Map();
  for (const row of rows) {
    totals.set(row.region, (totals.get(row.region) ?? 0) + row.downloads);
  }
  const sorted = [...totals].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  return {
    labels: sorted.map(([region]) => region),
    datasets: [{label: "Downloads", data: sorted.map(([, count]) => count)}],
  };
}

/** The sum of a member over rows. */
export function total(rows, member) {
  return rows.reduce((sum, row) => sum + row[member], 0);
}

function perLabel(labels, rows, key, value) {
  const byKey = new Map(rows.map(row => [key(row), value(row)]));
  return labels.map(label => byKey.get(label) ?? 0);
}

function parse(text) {
  const [year, month, day] = text.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day));
}

function format(date) {
  return date.toISOString().slice(0, 10);
}

function periodStart(day, granularity) {
  if (granularity === "week") {
    return addDays(day, -((day.getUTCDay() + 6) % 7));
  }
  if (granularity === "month") {
    return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
  }
  return day;
}

function nextPeriod(day, granularity) {
  if (granularity === "week") {
    return addDays(day, 7);
  }
  if (granularity === "month") {
    return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1));
  }
  return addDays(day, 1);
}

function addDays(day, days) {
  return new Date(day.getTime() + days * 86_400_000);
}
