// Starts the example host app. The widget's files (stylesheets, protocols/,
// the on-demand modules) are a release's, served from ../../dist/ here.
import init, { start } from "./leptos-host.js";

await init();
start(new URL("../../dist/", import.meta.url).href, "darlington");
