// Every "Source" disclosure names the section and the anchor (the exact words
// of the passage), and, where the protocol has a web address, links to the
// partnership's own page with a text fragment that highlights the passage.
//
// For every protocol the demo offers, a run with immediate harm and one
// attempt (whose free text carries a marker) to the Next step page. Asserted:
// - the disclosures show the anchors in quotation marks;
// - each passage link is the protocol's own address (from its file) plus
//   `#:~:text=` and the anchors shown, encoded as the widget documents
//   (everything but letters, digits and `._~`), opening in a new tab with
//   rel="noopener noreferrer"; a protocol without an address (Leeds) has none;
// - no link carries anything the practitioner typed;
// - the widget never requests a passage's page itself.
import { test, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROTOCOLS, ROOT, answer, openDemo, skipUnlessOffered } from "./support/proof.mjs";

const MARK = "Zqxmark";

/** The web addresses a protocol file gives (`[source]` and `[[sources]]`). */
function addresses(id) {
  const text = readFileSync(join(ROOT, "protocols", `${id}.toml`), "utf8");
  return [...text.matchAll(/^url\s*=\s*"(https:[^"]+)"/gm)].map((m) => m[1]);
}

/** The widget's fragment encoding: UTF-8 bytes, all but [A-Za-z0-9._~] as %XX. */
function fragment(text) {
  let out = "";
  for (const byte of new TextEncoder().encode(text.split(/\s+/).filter(Boolean).join(" "))) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

for (const id of PROTOCOLS) {
  test(`${id}: Source disclosures show the anchor and link to the passage`, async ({ page, baseURL }) => {
    await skipUnlessOffered(page, id);
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    const { w } = await openDemo(page, id);
    await answer(
      w,
      { harm: "yes", attempt: { date: "2026-11-02", name: `${MARK} Jo`, notes: `${MARK} notes` } },
      "next-step",
    );
    const cites = w.host.locator(".cr-main details.cr-cite");
    expect(await cites.count()).toBeGreaterThan(2);
    // Every disclosure's passage line quotes at least one anchor.
    const lines = await cites.locator("p").allTextContents();
    for (const line of lines) expect(line, line).toMatch(/: “[^”]{5,}”/);

    const links = await w.host.locator("a.cr-cite__link").evaluateAll((as) =>
      as.map((a) => ({
        href: a.getAttribute("href"),
        target: a.getAttribute("target"),
        rel: a.getAttribute("rel"),
        text: a.textContent,
        // The passage's words, without the link's own (which may name the text).
        passage: a.closest("p").textContent.replace(a.textContent, ""),
      })),
    );
    const urls = addresses(id);
    if (urls.length === 0) {
      expect(links, "no address, no link").toEqual([]);
    } else {
      expect(links.length).toBeGreaterThan(2);
      const highlighted = links.filter((l) => l.href.includes("#:~:text="));
      expect(highlighted.length, "at least one link highlights its passage").toBeGreaterThan(0);
      for (const l of links) {
        const [base, directives] = l.href.split("#:~:");
        expect(urls, l.href).toContain(base);
        expect(l.target).toBe("_blank");
        expect(l.rel).toBe("noopener noreferrer");
        if (directives) {
          // On the partnership's site, or in another text it rests on.
          expect(l.text).toMatch(/^Read this passage (on .+’s site|in “.+”)/);
          const anchors = [...l.passage.matchAll(/“([^”]+)”/g)].map((m) => m[1]).slice(2);
          expect(directives).toBe(anchors.map((a) => `text=${fragment(a)}`).join("&"));
        }
      }
    }
    // Nothing typed reaches an address.
    const hrefs = await w.host.locator("a[href]").evaluateAll((as) => as.map((a) => a.href));
    for (const h of hrefs) expect(h.toLowerCase()).not.toContain(MARK.toLowerCase());
    // The widget fetched nothing from the partnerships' sites.
    const origin = new URL(baseURL).origin;
    expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith("data:"))).toEqual([]);
  });
}
