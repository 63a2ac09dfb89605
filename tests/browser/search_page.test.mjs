// Browser test of the search page, in Debian's headless Chromium driven by playwright-core.
//
// Run by `cargo test --test browser`, which starts `trouvaille serve` on an index of ./corpus
// and passes its address in TROUVAILLE_BASE_URL. By hand:
//   TROUVAILLE_BASE_URL=http://127.0.0.1:8080 node --test tests/browser/search_page.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const BASE_URL = process.env.TROUVAILLE_BASE_URL;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOT = process.env.TROUVAILLE_SCREENSHOT ||
  fileURLToPath(new URL('../../docs/search-page.png', import.meta.url));
const TIMEOUT = 15_000;

const JIQ_2012 = 'JIQ 2012 – Le gouvernement ouvert en Colombie-Britannique';

let browser;

before(async () => {
  assert.ok(BASE_URL, 'TROUVAILLE_BASE_URL must give the address of a running `trouvaille serve`');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      // No network beyond the test server: without these, Chromium's own connections fail.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** A page that fails the test on any script error or console error (a CSP violation, say). */
async function newPage(options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'fr-CA',
    ...options,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return { context, page, problems };
}

const countText = (page) => page.locator('#result-count').textContent();

/** Waits until the live region says something other than `previous`, and returns it. */
async function countChangedFrom(page, previous) {
  await page.waitForFunction(
    (text) => document.getElementById('result-count')?.textContent !== text,
    previous,
  );
  return countText(page);
}

test('search as you type, facet toggle, URL state and Back', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await newPage();
  await page.goto(`${BASE_URL}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const initialCount = await countText(page);
  assert.match(initialCount, /^\d+ articles?/, 'the empty query lists the articles');

  // French quotation marks hold no-break spaces (U+00A0).
  // Keyboard typing, as a person would: each key fires its events.
  await page.locator('#q').click();
  await page.keyboard.type('donnees ouvertes', { delay: 35 });
  await page.waitForURL((url) => url.searchParams.get('q') === 'donnees ouvertes');
  await page.waitForFunction(() =>
    /donnees ouvertes/.test(document.getElementById('result-count').textContent));
  const firstHit = page.locator('#results .hit').first();
  await firstHit.locator('.hit-title', { hasText: JIQ_2012 }).waitFor();

  const marks = (await firstHit.locator('mark').allTextContents()).map((text) => text.toLowerCase());
  assert.ok(marks.includes('données'), `"données" is marked in the first result: ${marks}`);
  assert.ok(marks.some((text) => text.startsWith('ouvert')), `"ouvert…" is marked: ${marks}`);
  const searchedCount = await countText(page);
  assert.match(searchedCount, /^2 résultats pour «\u00a0donnees ouvertes\u00a0»$/);
  assert.equal(await page.title(), '«\u00a0donnees ouvertes\u00a0» — Trouvaille');

  // Tick a category: the results, the count and the URL follow, without a page load.
  const documentId = await page.evaluate(() => (window.__sameDocument = Math.random()));
  const category = page.getByRole('checkbox', { name: /Médias sociaux/ });
  await category.check();
  const filteredCount = await countChangedFrom(page, searchedCount);
  assert.match(filteredCount, /^1 résultat pour «\u00a0donnees ouvertes\u00a0»$/);
  await page.waitForURL((url) => url.searchParams.getAll('category').includes('Médias sociaux'));
  assert.match(page.url(), /category=/);
  assert.equal(await page.locator('#results .hit').count(), 1);
  assert.ok(await page.getByRole('checkbox', { name: /Médias sociaux/ }).isChecked());
  assert.equal(
    await page.evaluate(() => document.activeElement?.getAttribute('data-key')),
    'category:Médias sociaux',
    'the focus stays on the ticked checkbox after the swap',
  );
  assert.equal(await page.evaluate(() => window.__sameDocument), documentId, 'no reload');

  // Back: the URL, the count and the checkbox are restored.
  await page.goBack();
  await page.waitForURL((url) => !url.searchParams.has('category'));
  assert.equal(new URL(page.url()).searchParams.get('q'), 'donnees ouvertes');
  assert.equal(await countChangedFrom(page, filteredCount), searchedCount);
  assert.equal(await page.getByRole('checkbox', { name: /Médias sociaux/ }).isChecked(), false);
  assert.equal(await page.locator('#q').inputValue(), 'donnees ouvertes');
  await firstHit.locator('.hit-title', { hasText: JIQ_2012 }).waitFor();

  // One history entry for the whole typing burst: Back again returns to the empty search.
  await page.goBack();
  await page.waitForURL((url) => !url.searchParams.has('q'));
  assert.equal(await countChangedFrom(page, searchedCount), initialCount);
  assert.equal(await page.locator('#q').inputValue(), '');
  await page.goForward();
  await page.waitForURL((url) => url.searchParams.get('q') === 'donnees ouvertes');
  await firstHit.locator('.hit-title', { hasText: JIQ_2012 }).waitFor();
  await page.waitForFunction(() => !document.getElementById('results').hasAttribute('aria-busy'));

  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });

  assert.deepEqual(problems, []);
  await context.close();
});

test('suggestions are a keyboard-operable combobox', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await newPage();
  await page.goto(`${BASE_URL}/`);
  const input = page.locator('#q');
  assert.equal(await input.getAttribute('role'), 'combobox');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.equal(await input.getAttribute('aria-controls'), 'suggestions');
  assert.equal(await page.locator('#suggestions').getAttribute('role'), 'listbox');

  await input.click();
  await page.keyboard.type('quebe', { delay: 35 });
  const options = page.locator('#suggestions [role="option"]');
  await options.first().waitFor();
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  assert.equal(await options.first().textContent(), 'québec');
  assert.equal(await input.getAttribute('aria-activedescendant'), null);

  await page.keyboard.press('ArrowDown');
  const firstId = await options.nth(0).getAttribute('id');
  assert.equal(await input.getAttribute('aria-activedescendant'), firstId);
  assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await input.getAttribute('aria-activedescendant'), await options.nth(1).getAttribute('id'));
  assert.equal(await options.nth(0).getAttribute('aria-selected'), 'false');
  await page.keyboard.press('ArrowUp');
  assert.equal(await input.getAttribute('aria-activedescendant'), firstId);

  // Escape closes the list and keeps the text; ArrowDown opens it again.
  await page.keyboard.press('Escape');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#suggestions').isHidden(), true);
  assert.equal(await input.inputValue(), 'quebe');
  await page.keyboard.press('ArrowDown');
  assert.equal(await input.getAttribute('aria-expanded'), 'true');
  assert.equal(await input.getAttribute('aria-activedescendant'), firstId);

  // Enter chooses the active option and searches it.
  await page.keyboard.press('Enter');
  assert.equal(await input.inputValue(), 'québec');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  await page.waitForURL((url) => url.searchParams.get('q') === 'québec');
  await page.waitForFunction(() =>
    /résultats? pour «\u00a0québec\u00a0»/.test(document.getElementById('result-count').textContent));

  assert.deepEqual(problems, []);
  await context.close();
});

test('pagination, years and sort load in place', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await newPage();
  await page.goto(`${BASE_URL}/?per_page=3`);
  const documentId = await page.evaluate(() => (window.__sameDocument = Math.random()));
  const firstPage = await countText(page);
  assert.match(firstPage, /^10 articles — page 1 sur 4$/);

  await page.getByRole('link', { name: 'Suivante ›' }).click();
  await page.waitForURL((url) => url.searchParams.get('page') === '2');
  assert.match(await countChangedFrom(page, firstPage), /— page 2 sur 4$/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus on the results');

  const secondPage = await countText(page);
  await page.locator('#facets a.year-link', { hasText: '2013' }).click();
  await page.waitForURL((url) => url.searchParams.get('from') === '2013-01-01');
  assert.equal(new URL(page.url()).searchParams.get('to'), '2013-12-31');
  assert.equal(new URL(page.url()).searchParams.has('page'), false, 'a new filter starts at page 1');
  assert.equal(await countChangedFrom(page, secondPage), '2 articles');
  assert.equal(await page.locator('#from').inputValue(), '2013-01-01');

  await page.locator('#sort').selectOption('date');
  await page.waitForURL((url) => url.searchParams.get('sort') === 'date');
  await page.locator('#results .hit').first().locator('time[datetime="2013-02-18"]').waitFor();

  assert.equal(await page.evaluate(() => window.__sameDocument), documentId, 'no reload');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the page works without JavaScript', { timeout: 60_000 }, async () => {
  const { context, page, problems } = await newPage({ javaScriptEnabled: false });
  await page.goto(`${BASE_URL}/`);
  assert.equal(await page.locator('#q').getAttribute('role'), null, 'no combobox without script');
  await page.locator('#q').fill('ludification');
  await Promise.all([page.waitForURL(/q=ludification/), page.locator('.search-button').click()]);
  assert.equal(new URL(page.url()).searchParams.get('q'), 'ludification');
  await page.locator('#results .hit-title', { hasText: 'Infopresse' }).waitFor();
  assert.match(await countText(page), /^1 résultat pour «\u00a0ludification\u00a0»$/);
  assert.ok((await page.locator('#results mark').allTextContents()).includes('ludification'));

  // Facets apply with the form's button; the year links are plain links.
  await page.getByRole('checkbox', { name: /Médias sociaux/ }).check();
  await Promise.all([
    page.waitForURL(/category=/),
    page.getByRole('button', { name: 'Appliquer les filtres' }).click(),
  ]);
  assert.ok(await page.getByRole('checkbox', { name: /Médias sociaux/ }).isChecked());
  await page.locator('#results .hit-title', { hasText: 'Infopresse' }).waitFor();

  await page.goto(`${BASE_URL}/?q=jiq`);
  const year = page.locator('#facets a.year-link', { hasText: '2012' });
  await Promise.all([page.waitForURL(/from=2012-01-01/), year.click()]);
  assert.match(page.url(), /to=2012-12-31/);
  assert.equal(await page.locator('#facets a.year-link[aria-current="true"]').count(), 1);
  await page.locator('#results .hit-title', { hasText: 'JIQ 2012' }).waitFor();

  // A bad parameter: the page, in French, with status 400.
  const response = await page.goto(`${BASE_URL}/?q=jiq&from=2013-13-45`);
  assert.equal(response.status(), 400);
  assert.match(await page.locator('[role="alert"]').textContent(), /n’est pas valide/);
  assert.equal(await page.locator('#q').inputValue(), 'jiq');

  assert.deepEqual(problems.filter((problem) => !/status of 400/.test(problem)), []);
  await context.close();
});
