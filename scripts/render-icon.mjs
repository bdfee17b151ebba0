// Renders images/icon.svg to images/icon.png (256 px, the Marketplace icon) in Debian's Chromium.
// Run by hand after editing the SVG; CI does not run it (the PNG is committed).
//
//   node scripts/render-icon.mjs
import { chromium } from 'playwright-core';

const svg = new URL('../images/icon.svg', import.meta.url);
const png = new URL('../images/icon.png', import.meta.url);
const browser = await chromium.launch({
  executablePath: process.env.HELM_HOOKS_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 256, height: 256 } });
  await page.goto(svg.href);
  await page.screenshot({ path: png.pathname, omitBackground: true });
} finally {
  await browser.close();
}
console.log(`wrote ${png.pathname}`);
