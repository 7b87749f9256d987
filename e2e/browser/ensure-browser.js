#!/usr/bin/env node
'use strict';
/**
 * Makes sure the editor tests have their browser: Debian's chromium, installed with apt-get when
 * run as root. Otherwise prints the one command to install it; exits 1 under CI=true (a missing
 * browser fails CI), else 0 (the editor tests then skip and say why).
 */
const { ensureChromium } = require('./lib/chromium');

const result = ensureChromium();
if (result.path) {
	console.log(`editor tests: chromium at ${result.path}`);
} else if (process.env.CI === 'true') {
	console.error(`editor tests: ${result.missing}`);
	process.exit(1);
} else {
	console.log(`editor tests will be skipped: ${result.missing}`);
}
