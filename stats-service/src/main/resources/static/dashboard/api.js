// The stats API as the dashboard uses it: the bearer token of this tab, and queries whose refusals come back as
// ApiError with the problem+json the service wrote, so the page can say what went wrong.

const TOKEN_KEY = "ossnet.stats.token";

/** A refused or failed query: the HTTP status and the problem's title, detail and field (when it names one). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(describe(status, problem));
    this.status = status;
    this.field = problem.field ?? null;
  }
}

function describe(status, problem) {
  const title = problem.title ?? `HTTP ${status}`;
  const field = problem.field ? ` (parameter ${problem.field})` : "";
  return problem.detail ? `${title}${field}: ${problem.detail}` : `${title}${field}`;
}

/**
 * Takes the token and collection from the URL fragment (#token=...&collection=...), which browsers never send, keeps
 * the token in sessionStorage (this tab only) and clears the fragment so the token leaves the address bar and
 * history. Returns the collection named there, if any.
 */
export function takeFragment() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const token = fragment.get("token");
  if (token) {
    setToken(token);
  }
  if (window.location.hash) {
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  return fragment.get("collection");
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value.trim());
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** GETs one query as JSON; throws ApiError on any answer but 200. */
export async function get(path, parameters) {
  const query = new URLSearchParams(parameters);
  const response = await fetch(`${path}?${query}`, {
    headers: {Accept: "application/json", Authorization: `Bearer ${token()}`},
    cache: "no-store",
  });
  if (!response.ok) {
    throw new ApiError(response.status, await problem(response));
  }
  return response.json();
}

/** The rows of every page of a paged query, asking page after page until the total is reached. */
export async function allRows(path, parameters) {
  const rows = [];
  for (let page = 0; ; page++) {
    const answer = await get(path, {...parameters, page});
    rows.push(...answer.rows);
    if (answer.rows.length === 0 || rows.length >= answer.total) {
      return rows;
    }
  }
}

async function problem(response) {
  const type = response.headers.get("Content-Type") ?? "";
  if (type.startsWith("application/problem+json") || type.startsWith("application/json")) {
    try {
      return await response.json();
    } catch {
      // Fall through to the bare status.
    }
  }
  return {title: `HTTP ${response.status} ${response.statusText}`.trim()};
}
