// A plain static server for the tests that prove the release (or an example
// host) stands alone: a few lines of Node, not scripts/serve.mjs, serving
// files under `root` (only those under one of `allowed`) with the strict CSP
// and the right types, and logging each request { method, url, status }.
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { CSP_HEADER } from "./browser.mjs";

const TYPES = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown",
};

/** Resolves to { origin, log, close() }. */
export async function plainServer(root, { allowed = [root] } = {}) {
  const log = [];
  const server = createServer((req, res) => {
    res.on("finish", () => log.push({ method: req.method, url: req.url, status: res.statusCode }));
    const file = join(root, normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)));
    const inside = allowed.some((dir) => file.startsWith(dir.endsWith("/") ? dir : `${dir}/`));
    if (!inside || !existsSync(file) || statSync(file).isDirectory()) return res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Content-Security-Policy": CSP_HEADER });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { origin: `http://127.0.0.1:${server.address().port}`, log, close: () => server.close() };
}
