#!/usr/bin/env node
// The project's test command (`npm test`): jest (unit + in-process n8n-core tests), then the
// real-n8n end-to-end tests (pinned n8n installs, installed on first use), then the editor
// tests in a headless chromium (e2e/browser). Ends with one summary line "N passed, N failed"
// over all runners.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const work = join(root, '.tmp');
mkdirSync(work, { recursive: true });
const only = process.argv[2]; // "jest", "e2e" or "browser" to run one part
const runs = (part) => !only || only === part;

function run(command, args) {
	const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
	process.stdout.write(result.stdout ?? '');
	return { code: result.status ?? 1, stdout: result.stdout ?? '' };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

if (runs('jest')) {
	const report = join(work, 'jest-results.json');
	rmSync(report, { force: true });
	const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--json', `--outputFile=${report}`], { cwd: root, stdio: 'inherit' });
	try {
		const results = JSON.parse(readFileSync(report, 'utf8'));
		totals.passed += results.numPassedTests;
		totals.failed += results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
		totals.skipped += results.numPendingTests;
	} catch {
		totals.failed += 1;
	}
	if (jest.status !== 0) exitCode = 1;
}

if (runs('e2e') && exitCode === 0) {
	const steps = [
		['npm', ['run', 'build']],
		[process.execPath, ['e2e/install.js', '--parallel']],
	];
	for (const [command, args] of steps) {
		if (run(command, args).code !== 0) {
			exitCode = 1;
			totals.failed += 1;
			break;
		}
	}
	if (exitCode === 0) {
		addNodeTestRun(run(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', 'e2e/']));
	}
}

if (runs('browser') && exitCode === 0) {
	// Builds (unless the e2e leg did), installs n8n and chromium when missing (chromium only as root).
	const browser = require('../e2e/browser/run');
	const steps = [...(runs('e2e') ? [] : [['npm', ['run', 'build']]]), ...browser.setupSteps()];
	for (const [command, args] of steps) {
		if (run(command, args).code !== 0) {
			exitCode = 1;
			totals.failed += 1;
			break;
		}
	}
	if (exitCode === 0) addNodeTestRun(run(process.execPath, browser.testArgs()));
}

/** Adds the counts of a `node --test --test-reporter=spec` run to the totals. */
function addNodeTestRun(result) {
	const count = (label) => Number((new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(result.stdout) ?? [])[1] ?? 0);
	totals.passed += count('pass');
	totals.failed += count('fail') + count('cancelled');
	totals.skipped += count('skipped');
	if (result.code !== 0) {
		exitCode = 1;
		if (count('fail') + count('cancelled') === 0) totals.failed += 1;
	}
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(exitCode);
