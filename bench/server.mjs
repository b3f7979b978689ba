// The benchmark's one static server, on 127.0.0.1 (an ephemeral port by
// default), for all three pages, with compression so that bytes transferred
// are comparable:
//
//   /widget/…    bench/build/widget/ (the host page) then dist/ (the widget's files)
//   /static/…    bench/static/       (the static HTML floor)
//   /surveyjs/…  bench/build/surveyjs/ (SurveyJS, copied from node_modules)
//
// Every text or wasm response is compressed with brotli (quality 11) when the
// request accepts `br`, else gzip -9, else sent raw; compressed bodies are
// cached in memory, so compression time is never measured. `encodings`
// counts what was served. No caching headers (Cache-Control: no-store), as
// scripts/serve.mjs. No Content-Security-Policy: SurveyJS does not work under
// the widget's strict one, and the header has no measurable cost.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { extname, join, normalize, resolve, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  // The protocol data files (protocols/<id>.txt), text like the rest.
  ".txt": "text/plain; charset=utf-8",
};
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".txt"]);

export function brotli(buf) {
  return brotliCompressSync(buf, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      [constants.BROTLI_PARAM_LGWIN]: 24,
    },
  });
}
export function gzip(buf) {
  return gzipSync(buf, { level: 9 });
}

/** mounts: { "/widget/": [dir, dir…], … } (first directory holding the file wins). */
export function startServer({ mounts, port = 0, log = false }) {
  const cache = new Map(); // key -> { mtime, raw, br, gz }
  const encodings = { br: 0, gzip: 0, identity: 0 };
  const resolved = Object.entries(mounts).map(([prefix, dirs]) => [prefix, dirs.map((d) => resolve(d))]);

  async function find(path) {
    for (const [prefix, dirs] of resolved) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length) || "index.html";
      for (const root of dirs) {
        const file = normalize(join(root, rest));
        if (file !== root && !file.startsWith(root + sep)) return null;
        try {
          const s = await stat(file);
          if (s.isFile()) return { file, mtime: s.mtimeMs };
        } catch {
          /* next directory */
        }
      }
    }
    return null;
  }

  async function body(file, mtime, encoding) {
    let entry = cache.get(file);
    if (!entry || entry.mtime !== mtime) {
      entry = { mtime, raw: await readFile(file) };
      cache.set(file, entry);
    }
    if (encoding === "br") return (entry.br ??= brotli(entry.raw));
    if (encoding === "gzip") return (entry.gz ??= gzip(entry.raw));
    return entry.raw;
  }

  const server = createServer(async (req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405).end();
        return;
      }
      const path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
      const hit = await find(path);
      if (!hit) {
        res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
        if (log) console.log(`404 ${path}`);
        return;
      }
      const ext = extname(hit.file).toLowerCase();
      const accept = String(req.headers["accept-encoding"] ?? "");
      let encoding = "identity";
      if (COMPRESSIBLE.has(ext)) {
        if (/\bbr\b/.test(accept)) encoding = "br";
        else if (/\bgzip\b/.test(accept)) encoding = "gzip";
      }
      const data = await body(hit.file, hit.mtime, encoding);
      encodings[encoding]++;
      const headers = {
        "Content-Type": TYPES[ext] ?? "application/octet-stream",
        "Content-Length": data.length,
        "Cache-Control": "no-store",
        Vary: "Accept-Encoding",
      };
      if (encoding !== "identity") headers["Content-Encoding"] = encoding;
      res.writeHead(200, headers);
      res.end(req.method === "HEAD" ? undefined : data);
      if (log) console.log(`200 ${path} ${encoding} ${data.length}`);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });

  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolvePromise({
        url: `http://127.0.0.1:${actual}`,
        encodings,
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
