// Roles in the care console, in Debian's headless Chromium driven by puppeteer-core (ConsoleIT runs it): the admin
// signs in and creates a viewer on the users page, signs out; the viewer signs in, sees the open alert without
// buttons, and tries to acknowledge it anyway and to open the users page, both of which the console must refuse
// (403). Prints one JSON line of what happened; exits non-zero, saying why, when a step fails.
//   CONSOLE_URL ADMIN_USER ADMIN_PASSWORD VIEWER_USER VIEWER_PASSWORD ALERT_ID  node console-viewer.mjs
import { env, launch } from './browser.mjs';

const url = env('CONSOLE_URL').replace(/\/$/, '');
const STEP_TIMEOUT_MS = 30_000;

const browser = await launch();

// Submits a form by clicking `button` and returns the HTTP status of the page it leads to.
async function submit(page, button) {
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'domcontentloaded' }),
    page.click(button),
  ]);
  return response.status();
}

async function signIn(page, user, password) {
  await page.goto(`${url}/login`, { waitUntil: 'domcontentloaded' });
  await page.type('#username', user);
  await page.type('#password', password);
  return submit(page, '#sign-in');
}

try {
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  // The console's policy allows no script on its pages; the hand-made request below is the test's, not the page's.
  await page.setBypassCSP(true);

  await signIn(page, env('ADMIN_USER'), env('ADMIN_PASSWORD'));
  await page.goto(`${url}/users`, { waitUntil: 'domcontentloaded' });
  const create = 'form[action$="/users"]';
  await page.type(`${create} input[name=username]`, env('VIEWER_USER'));
  await page.type(`${create} input[name=password]`, env('VIEWER_PASSWORD'));
  await page.select(`${create} select[name=role]`, 'VIEWER');
  await submit(page, `${create} button[type=submit]`);
  const created = await page.$eval('.message, .error', (p) => p.textContent.trim());
  await submit(page, 'form[action$="/logout"] button');

  await signIn(page, env('VIEWER_USER'), env('VIEWER_PASSWORD'));
  const row = `tr[data-alert-id="${env('ALERT_ID')}"]`;
  await page.waitForSelector(row);
  const seen = await page.$eval(row, (tr) => tr.querySelector('a').textContent.trim());
  // The page offers a viewer no buttons; the console must also refuse the request the form would have sent,
  // made by hand with the viewer's own session and CSRF token (from the sign-out form).
  const buttonsShown = (await page.$$(`${row} button[value=ACKNOWLEDGE]`)).length;
  const acknowledgeStatus = await page.evaluate(async (alertId) => {
    const token = document.querySelector('form[action$="/logout"] input[name=_csrf]').value;
    const body = new URLSearchParams({
      _csrf: token, action: 'ACKNOWLEDGE', revision: '2', severity: 'CRITICAL', note: 'a viewer trying', from: 'alerts',
    });
    const response = await fetch(`/alerts/${alertId}/actions`, { method: 'POST', body, redirect: 'manual' });
    return response.status;
  }, env('ALERT_ID'));
  const usersStatus = (await page.goto(`${url}/users`, { waitUntil: 'domcontentloaded' })).status();

  console.log(JSON.stringify({ created, seen, buttonsShown, acknowledgeStatus, usersStatus }));
} finally {
  await browser.close();
}
