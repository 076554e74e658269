// What the browser scripts here share: their settings from the environment, and Debian's headless Chromium
// (CHROMIUM, else /usr/bin/chromium) driven by puppeteer-core, which downloads no browser of its own.
import puppeteer from 'puppeteer-core';

// The environment variable `name`; fails naming it when it is not set.
export const env = (name) => {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
};

export const launch = () => puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
