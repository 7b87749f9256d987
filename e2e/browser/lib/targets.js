'use strict';
/**
 * Which n8n versions the editor tests run on and why they would not: like the e2e files'
 * packageTargets(), plus the browser. Under CI=true a missing part is a failing test, never a skip.
 */
const fs = require('node:fs');
const path = require('node:path');
const test = require('node:test');
const assert = require('node:assert/strict');
const { packageTargets, REPO, cmpSemver } = require('../../lib');
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
 * @returns {{ versions: string[], chromiumPath: string|null, run: boolean }}
 */
function browserTargets(title) {
	const { versions, skip } = packageTargets();
	const noBrowser = fs.existsSync(CHROMIUM)
		? false
		: `no chromium at ${CHROMIUM}: run node e2e/browser/ensure-browser.js (or: sudo apt-get install -y chromium)`;
	const reason = skip || noBrowser;
	if (!reason) return { versions, chromiumPath: CHROMIUM, run: true };
	if (process.env.CI === 'true') {
		test(title, () => assert.fail(`CI=true and the editor tests cannot run: ${reason}`));
	} else {
		test(title, { skip: reason }, () => {});
	}
	return { versions: [], chromiumPath: null, run: false };
}

/** Where a test runs: on every version the leg was given, or only on the newest of them. */
const RELEASES = Object.freeze({ all: 'all', newest: 'newest' });

/**
 * Whether a test marked `releases` runs on `version`, of the `versions` the leg was given
 * (E2E_VERSIONS, installed). A test whose behaviour and texts are the same in every release runs
 * once, on the newest; a test of what differs between releases runs on each. README.md lists them.
 * @param {'all'|'newest'} releases @param {string} version @param {string[]} versions
 */
function runsOn(releases, version, versions) {
	if (releases === RELEASES.all) return true;
	if (releases !== RELEASES.newest)
		throw new Error(`releases: "${releases}" is not one of ${Object.values(RELEASES).join(', ')}`);
	const newest = [...versions].sort(cmpSemver).at(-1);
	return version === newest;
}

module.exports = {
	packageNodeFiles,
	packageNodeDisplayNames,
	browserTargets,
	RELEASES,
	runsOn,
};
