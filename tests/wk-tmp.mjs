import { Builder, Capabilities, Key } from "selenium-webdriver";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
const port = 4444 + Math.floor(Math.random()*1000);
const drv = spawn("WebKitWebDriver", [`--port=${port}`], { stdio: "inherit", env: { ...process.env, ...(process.env.NOWASM ? { JSC_useWebAssembly: "false" } : {}) } });
await new Promise(r => setTimeout(r, 1000));
const caps = new Capabilities({ browserName: "MiniBrowser", "webkitgtk:browserOptions": { binary: "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser", args: ["--automation"] } });
const d = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities(caps).build();
try {
await d.get("http://127.0.0.1:8299/?protocol=devon-dcfp");
await new Promise(r => setTimeout(r, 2000));
console.log(await d.executeScript("return [typeof WebAssembly, innerWidth, innerHeight, outerWidth]"));
try { await d.manage().window().setRect({ width: 320, height: 640 }); } catch (e) { console.log("setRect", e.message); }
console.log("after rect", await d.executeScript("return [innerWidth, innerHeight, outerWidth, document.documentElement.clientWidth]"), await d.manage().window().getRect());
try { const pdf = await d.printPage({}); writeFileSync("/tmp/eng/wk.pdf", Buffer.from(pdf, "base64")); console.log("print ok", pdf.length); } catch (e) { console.log("print fails:", e.name, e.message.slice(0,200)); }
const h1 = await d.executeScript("return document.querySelector('[data-case-resolution]').shadowRoot.querySelector('h1')");
console.log("h1", await h1.getText());
const host = await d.findElement({ css: "[data-case-resolution]" });
const sr = await host.getShadowRoot();
const radio = await sr.findElement({ css: "input[name=cr-subject]" }).catch(e => e.message);
console.log("radio", typeof radio);
// keyboard
await d.actions().sendKeys(Key.TAB).perform();
console.log("focused", await d.executeScript("const a = document.activeElement; return [a?.tagName, a?.shadowRoot?.activeElement?.outerHTML?.slice(0,80)]"));
const fi = await d.executeScript("return document.querySelector('[data-case-resolution]').shadowRoot.querySelector('#cr-load-draft')");
console.log("file input", fi ? "found" : "none");
} catch (e) { console.log("ERR", e); }
await d.quit(); drv.kill();
