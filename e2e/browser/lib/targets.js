'use strict';
/**
 * Which n8n versions the editor tests run on and why they would not: like the e2e files'
 * packageTargets(), plus the browser. Under CI=true a missing part is a failing test, never a skip.
 */
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const assert = require('node:assert/strict');
const { packageTargets, REPO } = require('../../lib');
const { CHROMIUM } = require('./chromium');

/** Node type names of the package (package.json n8n.nodes, as built into dist/). */
function packageNodeFiles() {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
	return pkg.n8n?.nodes ?? [];
}

/** Display names of the package's nodes, read from the built node classes. */
function packageNodeDisplayNames() {
	return packageNodeFiles().map((file) => {
		const mod = require(path.join(REPO, file));
		const NodeClass = Object.values(mod).find((v) => typeof v === 'function');
		return new NodeClass().description.displayName;
	});
}

/**
 * @param {string} title  the test shown when the file cannot run
 * @param {string|false} [extraSkip]  another reason not to run (outside CI only)
 * @returns {{ versions: string[], chromiumPath: string|null, run: boolean }}
 */
function browserTargets(title, extraSkip = false) {
	const { versions, skip } = packageTargets();
	const noBrowser = fs.existsSync(CHROMIUM)
		? false
		: `no chromium at ${CHROMIUM}: run node e2e/browser/ensure-browser.js (or: sudo apt-get install -y chromium)`;
	const reason = extraSkip || skip || noBrowser;
	if (!reason) return { versions, chromiumPath: CHROMIUM, run: true };
	if (process.env.CI === 'true' && !extraSkip) {
		test(title, () => assert.fail(`CI=true and the editor tests cannot run: ${reason}`));
	} else {
		test(title, { skip: reason }, () => {});
	}
	return { versions: [], chromiumPath: null, run: false };
}

module.exports = { packageNodeFiles, packageNodeDisplayNames, browserTargets };
