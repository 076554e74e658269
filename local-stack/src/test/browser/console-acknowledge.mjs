// A person at the care console, in Debian's headless Chromium driven by puppeteer-core (ConsoleIT runs it):
// signs in, finds the alert the job raised on the open alerts page, acknowledges it with a note, and opens the
// customer's page, where it sends a new high threshold (SETTINGS_HIGH). Screenshots of both pages go to
// SCREENSHOT_DIR. Prints one JSON line with what the pages showed;
// exits non-zero, saying why, when a step fails.
//   CONSOLE_URL CONSOLE_USER CONSOLE_PASSWORD ALERT_ID NOTE SETTINGS_HIGH SCREENSHOT_DIR  node console-acknowledge.mjs
import { env, launch } from './browser.mjs';
import path from 'node:path';

const url = env('CONSOLE_URL').replace(/\/$/, '');
const alertId = env('ALERT_ID');
const screenshots = env('SCREENSHOT_DIR');
const STEP_TIMEOUT_MS = 30_000;

const browser = await launch();
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.setViewport({ width: 1400, height: 900 });

  // Not signed in: the console answers with its sign-in page, whatever was asked for.
  await page.goto(`${url}/`, { waitUntil: 'domcontentloaded' });
  const redirectedTo = new URL(page.url()).pathname;
  await page.type('#username', env('CONSOLE_USER'));
  await page.type('#password', env('CONSOLE_PASSWORD'));
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#sign-in')]);

  const row = `tr[data-alert-id="${alertId}"]`;
  await page.waitForSelector(row);
  const before = await page.$eval(row, (tr) => ({
    severity: tr.querySelector('.sev').textContent.trim(),
    customer: tr.querySelector('a').textContent.trim(),
    state: tr.querySelector('.state').textContent.trim(),
    revision: tr.querySelector('input[name=revision]').value,
  }));
  await page.screenshot({ path: path.join(screenshots, 'console-open-alerts.png'), fullPage: true });

  await page.type(`${row} input[name=note]`, env('NOTE'));
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'domcontentloaded' }),
    page.click(`${row} button[value=ACKNOWLEDGE]`),
  ]);
  const message = await page.$eval('.message', (p) => p.textContent.trim());
  const after = await page.$eval(`${row} .state`, (td) => td.textContent.trim());

  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click(`${row} a`)]);
  await page.waitForSelector('svg.chart');
  const chart = await page.$eval('svg.chart', (svg) => ({
    lines: svg.querySelectorAll('polyline.avg').length,
    alerts: svg.querySelectorAll('rect.alert').length,
    thresholds: svg.querySelectorAll('line.threshold').length,
  }));
  await page.screenshot({ path: path.join(screenshots, 'console-customer.png'), fullPage: true });

  // A new high threshold through the settings form: the console sends it to the settings topic.
  await page.$eval('#highBpm', (input) => { input.value = ''; });
  await page.type('#highBpm', env('SETTINGS_HIGH'));
  await Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), page.click('#send-settings')]);
  const settings = await page.$eval('.message, .error', (p) => p.textContent.trim());

  console.log(JSON.stringify({ redirectedTo, before, message, after, chart, settings }));
} finally {
  await browser.close();
}
