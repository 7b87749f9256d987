#!/usr/bin/env node
'use strict';
/**
 * `npm run docs:images`: regenerates the README's pictures (docs/images/*.png) from a passing run
 * of the editor tests on one n8n version (DOCS_IMAGES_VERSION, default 2.41.1). Pictures are
 * written only by tests that pass; a failing run exits non-zero.
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureChromium } = require('./lib/chromium');

const version = process.env.DOCS_IMAGES_VERSION || '2.41.1';
const repo = path.resolve(__dirname, '..', '..');

const browser = ensureChromium();
if (!browser.path) {
	console.error(browser.missing);
	process.exit(1);
}
const install = spawnSync(process.execPath, [path.join(repo, 'e2e', 'install.js'), version], {
	cwd: repo,
	stdio: 'inherit',
});
if (install.status !== 0) process.exit(install.status ?? 1);
const r = spawnSync(
	process.execPath,
	['--test', '--test-reporter=spec', path.join('e2e', 'browser', 'editor.spec.js')],
	{
		cwd: repo,
		stdio: 'inherit',
		env: { ...process.env, DOCS_IMAGES: '1', E2E_VERSIONS: version },
	},
);
if (r.status === 0) console.log(`docs/images/ regenerated from n8n ${version}`);
process.exit(r.status ?? 1);
