'use strict';
/**
 * How scripts/test.js runs the editor tests (`npm run test:browser`, and the last leg of `npm test`):
 * the set-up commands, then `node --test` over the *.spec.js files here. They are named .spec.js so
 * that the e2e leg's `node --test e2e/` does not pick them up.
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

/** [command, args] pairs that must succeed before the tests: n8n installs, then the browser. */
function setupSteps() {
	return [
		[process.execPath, [path.join(DIR, '..', 'install.js'), '--parallel']],
		[process.execPath, [path.join(DIR, 'ensure-browser.js')]],
	];
}

function testArgs() {
	return ['--test', '--test-concurrency=1', '--test-reporter=spec', ...specFiles()];
}

module.exports = { specFiles, setupSteps, testArgs };
