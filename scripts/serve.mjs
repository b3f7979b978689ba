#!/usr/bin/env node
// Zero-dependency static server for dist/ on 127.0.0.1, with the strict
// Content Security Policy the widget promises to work under, correct MIME
// types (application/wasm for streaming compilation) and no caching.
//
//   node scripts/serve.mjs [--port N] [--root DIR]     (or PORT=N; default 8080)
//
// Also a module: `startServer(options)` is the same server for a test
// harness (tests/engines/), which can log every request it answers (the
// network proof in engines whose driver reports no network events), serve
// its own files beside dist/ and add one script to the head of each page.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
export const DEFAULT_ROOT = resolve(join(here, "..", "dist"));

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".toml": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

const BASE_HEADERS = {
  "Cache-Control": "no-store, no-cache, must-revalidate",
  Pragma: "no-cache",
  Expires: "0",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/**
 * Starts the server. Options:
 * - root: the directory served (default dist/);
 * - port (0: any free one), host (127.0.0.1);
 * - csp: the Content-Security-Policy header (default CSP);
 * - onRequest({ method, url, status, type }): called for every request answered;
 * - routes: { "/path": handler(req, res, body) } answered before the files
 *   (body: the request body, for POST);
 * - headScript: a same-origin script URL added as the first element of every
 *   HTML page's <head> (a classic script, so it runs before the page's own).
 * Resolves to { server, port, origin, close() }.
 */
export function startServer({ root = DEFAULT_ROOT, port = 0, host = "127.0.0.1", csp = CSP, onRequest, routes = {}, headScript } = {}) {
  root = resolve(root);
  const headers = { "Content-Security-Policy": csp, ...BASE_HEADERS };
  const send = (res, status, body, type = "text/plain; charset=utf-8") => {
    res.writeHead(status, { ...headers, "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  };
  const server = createServer(async (req, res) => {
    res.on("finish", () => {
      onRequest?.({ method: req.method, url: req.url, status: res.statusCode, type: res.getHeader("Content-Type") ?? "" });
      if (process.env.SERVE_LOG) console.log(`${req.method} ${req.url} ${res.statusCode}`);
    });
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    } catch {
      return send(res, 400, "bad request\n");
    }
    const route = routes[path];
    if (route) {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      return route(req, res, Buffer.concat(chunks), send);
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      return send(res, 405, "method not allowed\n");
    }
    if (path.includes("\0")) return send(res, 400, "bad request\n");
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return send(res, 403, "forbidden\n");
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      let body = await readFile(file);
      const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
      if (headScript && type.startsWith("text/html")) {
        body = Buffer.from(body.toString("utf8").replace(/<head>/i, (h) => `${h}<script src="${headScript}"></script>`));
      }
      res.writeHead(200, { ...headers, "Content-Type": type, "Content-Length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      send(res, 404, "not found\n");
    }
  });
  return new Promise((resolveStart, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolveStart({
        server,
        port: actual,
        origin: `http://${host}:${actual}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i !== -1 && i + 1 < process.argv.length) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(arg("root") ?? DEFAULT_ROOT);
  const port = Number(arg("port") ?? process.env.PORT ?? 8080);
  startServer({ root, port }).then(({ origin }) => console.log(`Serving ${root} at ${origin}/`));
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => process.exit(0));
  }
}
