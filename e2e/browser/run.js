'use strict';
/**
 * How scripts/test.js runs the editor tests (`npm run test:browser`, and a leg of `npm test`):
 * the browser check, then `node --test` over the *.spec.js files here. They are named .spec.js
 * so that the e2e leg's `node --test e2e/` does not pick them up.
 */
const fs = require('node:fs');
const path = require('node:path');

const DIR = __dirname;

function specFiles() {
	return fs
		.readdirSync(DIR)
		.filter((f) => f.endsWith('.spec.js'))
		.sort()
		.map((f) => path.relative(process.cwd(), path.join(DIR, f)));
}

/** The [command, args] that must succeed before the tests (after the n8n installs): the browser. */
function browserStep() {
	return [process.execPath, [path.join(DIR, 'ensure-browser.js')]];
}

module.exports = { specFiles, browserStep };
