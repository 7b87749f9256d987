'use strict';
/**
 * What the queue suite needs before it can run, and where it leaves its measurements.
 * Missing parts (n8n install, dist/, PostgreSQL, Redis when it cannot be installed) make the
 * suite skip with the reason; under CI=true they are a failure instead.
 */
const fs = require('node:fs');
const path = require('node:path');
const { packageTargets, usePackedRepo, REPO } = require('../lib');
const { missingServices } = require('../lib/services');

const RESULTS = path.join(REPO, '.tmp', 'queue', 'results.json');

/** Node files the built package declares (package.json n8n.nodes): which optional tests can run. */
function packageNodes() {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
	return (pkg.n8n?.nodes ?? []).map((f) => path.basename(f, '.node.js'));
}

function queueTargets() {
	const base = packageTargets();
	const missing = missingServices();
	const skip = base.skip || (missing.length ? `missing: ${missing.join(', ')}` : false);
	return { ...base, skip };
}

/** The packed package (once per file); under CI=true a reason to skip fails instead. */
function usePackedQueueRepo({ skip, keep, title }) {
	if (skip && process.env.CI === 'true') {
		require('node:test')(title, () => {
			throw new Error(`the queue-mode suite cannot run under CI: ${skip}`);
		});
		return () => null;
	}
	return usePackedRepo({ skip, keep, title });
}

/** Merge measurements of one version into .tmp/queue/results.json (for BENCHMARKS.md). */
function writeQueueResult(version, values) {
	let all = {};
	try {
		all = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
	} catch {}
	all[version] = { ...all[version], ...values, at: new Date().toISOString() };
	fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
	fs.writeFileSync(RESULTS, `${JSON.stringify(all, null, 2)}\n`);
}

module.exports = { queueTargets, usePackedQueueRepo, writeQueueResult, packageNodes, RESULTS };
