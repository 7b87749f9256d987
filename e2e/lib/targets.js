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

/** Under CI=true a missing part (n8n install, built dist/) fails the run instead of skipping. */
function strict() {
	return process.env.CI === 'true';
}

/** The versions asked for: E2E_VERSIONS (comma-separated) or every version folder. */
function wantedVersions() {
	return process.env.E2E_VERSIONS
		? process.env.E2E_VERSIONS.split(',')
				.map((s) => s.trim())
				.filter(Boolean)
		: listVersions();
}

/** Installed versions, narrowed by E2E_VERSIONS (comma-separated) when set. */
function selectedVersions() {
	const wanted = wantedVersions();
	return installedVersions().filter((v) => wanted.includes(v));
}

/** Why a wanted version cannot run (not a folder, not installed), or '' when all can. */
function missingVersions() {
	const installed = installedVersions();
	const missing = wantedVersions().filter((v) => !installed.includes(v));
	return missing.length
		? `n8n ${missing.join(', ')} not installed under e2e/n8n (folders: ${listVersions().join(', ') || 'none'}); run: node e2e/install.js`
		: '';
}

/**
 * A test that reports a missing part: skipped locally, failed under CI=true.
 * @param {string} title @param {string} reason
 */
function reportMissing(title, reason) {
	const test = require('node:test');
	if (strict()) {
		test(title, () => {
			throw new Error(`${reason} (CI=true: a missing part fails the run)`);
		});
	} else {
		test(title, { skip: reason }, () => {});
	}
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
 * removed after them unless `keep`; with `skip`, one test titled `title` says why: skipped, or
 * failed under CI=true.
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
	reportTargets({ skip, title });
	return () => tgz;
}

/**
 * The versions among `versions` that are the oldest or the newest pinned n8n (e2e/n8n/): where a
 * suite whose cases the in-process tests already cover spends its real-n8n time. The releases in
 * between differ from both only in ways other suites show.
 */
function releaseEdges(versions) {
	const all = listVersions(); // oldest first
	const edges = new Set([all[0], all[all.length - 1]]);
	return versions.filter((v) => edges.has(v));
}

/**
 * Says why a test file runs on fewer versions than wanted, or on none: one test titled `title`,
 * skipped locally and failed under CI=true.
 */
function reportTargets({ skip, title }) {
	if (skip) reportMissing(title, skip);
	// Some wanted versions run, others are not installed: say so (and fail under CI).
	else if (missingVersions())
		reportMissing(`${title}: every wanted n8n version installed`, missingVersions());
}

module.exports = {
	REPO,
	PKG,
	selectedVersions,
	missingVersions,
	distBuilt,
	packageTargets,
	usePackedRepo,
	reportTargets,
	releaseEdges,
	reportMissing,
	strict,
};
