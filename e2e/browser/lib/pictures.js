'use strict';
/**
 * The README's pictures (docs/images/*.png), taken from a passing editor test run when
 * DOCS_IMAGES=1 (`npm run docs:images`); never edited by hand.
 */
const fs = require('node:fs');
const path = require('node:path');

const IMAGES_DIR = path.resolve(__dirname, '..', '..', '..', 'docs', 'images');
const enabled = () => process.env.DOCS_IMAGES === '1';

/**
 * Saves a picture of `target` (a page or a locator) as docs/images/<name>.png when enabled.
 * The page is given a moment so transitions and lazy icons have settled.
 */
async function picture(page, name, target = page) {
	if (!enabled()) return;
	fs.mkdirSync(IMAGES_DIR, { recursive: true });
	await page.mouse.move(0, 0); // no hover tooltips in the picture
	await page.waitForTimeout(600);
	await target.screenshot({ path: path.join(IMAGES_DIR, `${name}.png`), animations: 'disabled' });
}

module.exports = { IMAGES_DIR, picture };
