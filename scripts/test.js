#!/usr/bin/env node
// The project's test command (`npm test`): jest (unit + in-process n8n-core tests), then the
// real-n8n end-to-end tests (pinned n8n installs, installed on first use). Two more legs run
// on request: the queue-mode suite (PostgreSQL, Redis, main, workers, webhook process;
// e2e/queue) and the editor tests in a headless chromium (e2e/browser). Ends with one summary
// line "N passed, N failed" over every runner that ran.
//
//   node scripts/test.js                 jest + e2e (the default)
//   node scripts/test.js jest|e2e|queue|browser   one leg
//   node scripts/test.js all             every leg
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const work = join(root, '.tmp');
mkdirSync(work, { recursive: true });

const LEGS = ['jest', 'e2e', 'queue', 'browser'];
const DEFAULT_LEGS = ['jest', 'e2e'];
const wanted = process.argv[2];
if (wanted !== undefined && wanted !== 'all' && !LEGS.includes(wanted)) {
	console.error(`unknown test leg "${wanted}"; use one of ${LEGS.join(', ')}, or all`);
	process.exit(2);
}
const legs = wanted === 'all' ? LEGS : wanted ? [wanted] : DEFAULT_LEGS;
const runs = (leg) => legs.includes(leg);

function run(command, args) {
	const result = spawnSync(command, args, {
		cwd: root,
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024,
	});
	process.stdout.write(result.stdout ?? '');
	return { code: result.status ?? 1, stdout: result.stdout ?? '' };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

/** Runs set-up commands in order; false (and one failure counted) when one fails. */
function setUp(steps) {
	for (const [command, args] of steps) {
		if (run(command, args).code !== 0) {
			exitCode = 1;
			totals.failed += 1;
			return false;
		}
	}
	return true;
}

/** `node --test` with the spec reporter; its pass/fail/skip counts go into the totals. */
function nodeTests(args) {
	const result = run(process.execPath, args);
	const count = (label) =>
		Number((new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(result.stdout) ?? [])[1] ?? 0);
	totals.passed += count('pass');
	totals.failed += count('fail') + count('cancelled');
	totals.skipped += count('skipped');
	if (result.code !== 0) {
		exitCode = 1;
		if (count('fail') + count('cancelled') === 0) totals.failed += 1;
	}
}
const NODE_TEST = ['--test', '--test-concurrency=1', '--test-reporter=spec'];

if (runs('jest')) {
	const report = join(work, 'jest-results.json');
	rmSync(report, { force: true });
	const jest = spawnSync(
		process.execPath,
		[require.resolve('jest/bin/jest'), '--json', `--outputFile=${report}`],
		{ cwd: root, stdio: 'inherit' },
	);
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

const realN8n = ['e2e', 'queue', 'browser'].some(runs);
const installed =
	realN8n &&
	exitCode === 0 &&
	setUp([
		['npm', ['run', 'build']],
		[process.execPath, ['e2e/install.js', '--parallel']],
	]);

if (installed && runs('e2e')) nodeTests([...NODE_TEST, 'e2e/']);
// Its own run: it starts PostgreSQL and Redis (installing redis-server with apt-get as root).
if (installed && runs('queue')) nodeTests([...NODE_TEST, 'e2e/queue/queue-mode.e2e.js']);
if (installed && runs('browser')) {
	// Installs chromium when missing (with apt-get, as root).
	const browser = require('../e2e/browser/run');
	if (setUp(browser.setupSteps())) nodeTests(browser.testArgs());
}

console.log(
	`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(exitCode);
