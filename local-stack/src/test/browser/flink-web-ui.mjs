// The Flink web UI as a person sees it, in Debian's headless Chromium driven by puppeteer-core (StandaloneClusterIT
// runs it): the "Submit New Job" page lists the uploaded jar, the overview shows the running job. Waits for each
// on the page (the UI fills itself from its REST API), takes a screenshot of each into SCREENSHOT_DIR, and prints one
// JSON line of what the pages showed; exits non-zero, saying why, when a page never shows it.
//   WEB_UI JAR_NAME JOB_NAME SCREENSHOT_DIR  node flink-web-ui.mjs
import { env, launch } from './browser.mjs';
import path from 'node:path';

const webUi = env('WEB_UI').replace(/\/$/, '');
const screenshots = env('SCREENSHOT_DIR');
const STEP_TIMEOUT_MS = 60_000;

const browser = await launch();

// Opens a page of the UI and waits until its text holds every one of `expected`; returns that text.
async function visit(page, route, expected, screenshot) {
  await page.goto(`${webUi}/#/${route}`, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(
    (words) => words.every((word) => document.body.innerText.includes(word)),
    { timeout: STEP_TIMEOUT_MS, polling: 500 },
    expected,
  );
  await page.screenshot({ path: path.join(screenshots, screenshot) });
  return page.evaluate(() => document.body.innerText);
}

try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  const submit = await visit(page, 'submit', [env('JAR_NAME')], 'flink-web-ui-submit.png');
  const overview = await visit(page, 'overview', [env('JOB_NAME'), 'RUNNING'], 'flink-web-ui-overview.png');
  console.log(JSON.stringify({ submit, overview }));
} finally {
  await browser.close();
}
