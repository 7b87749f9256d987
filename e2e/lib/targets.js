'use strict';
/**
 * Which installed n8n versions a test file runs against, and why it would skip: the shared
 * preamble of the e2e test files (E2E_VERSIONS picks versions, E2E_KEEP=1 keeps user folders).
 */
const fs = require('node:fs');
const path = require('node:path');
const { installedVersions, listVersions } = require('./runtime');
const { packRepo } = require('./packages');

const REPO = path.resolve(__dirname, '..', '..');
const PKG = 'n8n-nodes-superoffice';

/** Installed versions, narrowed by E2E_VERSIONS (comma-separated) when set. */
function selectedVersions() {
	const wanted = process.env.E2E_VERSIONS ? process.env.E2E_VERSIONS.split(',').map((s) => s.trim()) : null;
	return installedVersions().filter((v) => !wanted || wanted.includes(v));
}

/** True when every node and credential file package.json names exists in dist/. */
function distBuilt() {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
	const files = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	return files.length > 0 && files.every((f) => fs.existsSync(path.join(REPO, f)));
}

/**
 * What a test file of the packed package needs: `{ versions, keep, skip }`, with `skip` the
 * reason it cannot run (no n8n installed, dist/ not built) or false.
 */
function packageTargets() {
	const versions = selectedVersions();
	const skip = !versions.length
		? `no n8n installed under e2e/n8n (folders: ${listVersions().join(', ') || 'none'}); run: node e2e/install.js`
		: !distBuilt()
			? 'dist/ is not built: run `npm run build`'
			: false;
	return { versions, keep: process.env.E2E_KEEP === '1', skip };
}

/**
 * The packed package for one test file (node:test hooks): packed once before its tests,
 * removed after them unless `keep`; with `skip`, one skipped test titled `title` says why.
 * Returns a getter of the tarball path (set once the file's `before` has run).
 */
function usePackedRepo({ skip, keep, title }) {
	const test = require('node:test');
	let tgz;
	test.before(async () => {
		if (!skip) tgz = await packRepo();
	});
	test.after(() => {
		if (tgz && !keep) fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	});
	if (skip) test(title, { skip }, () => {});
	return () => tgz;
}

module.exports = { REPO, PKG, selectedVersions, distBuilt, packageTargets, usePackedRepo };
