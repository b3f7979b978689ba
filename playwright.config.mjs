// Playwright end-to-end suite against the built dist/ (scripts/build.sh),
// served by scripts/serve.mjs with the strict CSP, in Debian's Chromium.
// Never downloads a browser (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 in set-up).
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 8181);

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
  "--headless=new",
];

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "target/playwright/results",
  reporter: [["list"], ["html", { outputFolder: "target/playwright/report", open: "never" }]],
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        browserName: "chromium",
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: CHROMIUM_ARGS,
        },
      },
    },
  ],
  webServer: {
    command: `node scripts/serve.mjs --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
