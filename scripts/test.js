#!/usr/bin/env node
// The project's test command (`npm test`): every leg side by side, each in its own process with
// its own ports, user folders and services, its output in .tmp/legs/<leg>.log (printed when the
// leg ends):
//   jest     unit + in-process n8n-core tests (starts at once, beside the build)
//   e2e      the real-n8n suites (e2e/all.e2e.js: one n8n per version per process), as two
//            processes: the newest pinned n8n, and the older ones
//   queue    queue mode: PostgreSQL, Redis, main, workers, webhook process (e2e/queue)
//   browser  n8n's editor in a headless chromium (e2e/browser)
// Most of the real-n8n legs' time is waiting (n8n start-up, polls, latency), so side by side they
// share 2 cores well. The pinned n8n releases are installed on first use. The output ends with
// what failed and why, one line per leg (counts and wall time), and one summary line
// "N passed, N failed" over every runner that ran.
//
//   node scripts/test.js                          every leg (the default)
//   node scripts/test.js jest|e2e|queue|browser   one leg
//
// TEST_LEGS_IN_SEQUENCE=1 runs the legs one after the other. The queue and editor legs run the 2.x
// versions (QUEUE_VERSIONS / BROWSER_VERSIONS, or E2E_VERSIONS for all legs, narrow them).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const {
	closeSync,
	createWriteStream,
	mkdirSync,
	openSync,
	readFileSync,
	rmSync,
} = require('node:fs');
const { join } = require('node:path');
const { listVersions } = require('../e2e/lib/runtime');

const root = join(__dirname, '..');
const work = join(root, '.tmp');
const legLogs = join(work, 'legs');
mkdirSync(legLogs, { recursive: true });

const LEGS = ['jest', 'e2e', 'queue', 'browser'];
const wanted = process.argv[2];
if (wanted !== undefined && wanted !== 'all' && !LEGS.includes(wanted)) {
	console.error(`unknown test leg "${wanted}"; use one of ${LEGS.join(', ')}, or all`);
	process.exit(2);
}
const legs = wanted && wanted !== 'all' ? [wanted] : LEGS;
const runs = (leg) => legs.includes(leg);

/** n8n versions of the queue and editor legs unless narrowed (1.x is covered by the e2e leg). */
const TWO_X_VERSIONS = '2.8.4,2.41.1';
/** The e2e leg's versions in two halves that run side by side: the newest, and the others. */
function e2eHalves() {
	const versions = listVersions(); // e2e/n8n/<version> folders, oldest first
	return [versions.slice(-1).join(','), versions.slice(0, -1).join(',')].filter(Boolean);
}
const NODE_TEST = ['--test', '--test-concurrency=1', '--test-reporter=spec'];
/** Every e2e suite in one process, so the suites of a version share one n8n (e2e/lib/stage.js). */
const E2E_ENTRY = 'e2e/all.e2e.js';

const totals = { passed: 0, failed: 0, skipped: 0 };
/** One line per leg that ran: its counts and wall time, repeated just above the summary line. */
const legLines = [];
const minutesSince = (started) => ((Date.now() - started) / 60_000).toFixed(1);
let exitCode = 0;
/** Per failed leg, the "failing tests" section of its output: printed again just before the
 * summary line, so the end of the output says what failed and why, whichever leg ended last. */
const failureDigests = [];
/** Lines of one leg's failure details to repeat at the end (the whole section stays in its log). */
const DIGEST_LINES = 120;

function runSync(command, args) {
	const result = spawnSync(command, args, {
		cwd: root,
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024,
	});
	process.stdout.write(result.stdout ?? '');
	return result.status ?? 1;
}

/** Runs set-up commands in order; false (and one failure counted) when one fails. */
function setUp(steps) {
	for (const [command, args] of steps) {
		if (runSync(command, args) !== 0) {
			exitCode = 1;
			totals.failed += 1;
			return false;
		}
	}
	return true;
}

/** Adds the pass/fail/skip counts of `node --test`'s spec reporter to the totals. */
function countNodeTests(leg, output, code) {
	const count = (label) =>
		Number((new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(output) ?? [])[1] ?? 0);
	const passed = count('pass');
	const failed = count('fail') + count('cancelled');
	totals.passed += passed;
	totals.failed += failed;
	totals.skipped += count('skipped');
	if (code !== 0) {
		exitCode = 1;
		if (failed === 0) totals.failed += 1;
	}
	return { passed, failed };
}

/** One `node --test` leg as a child process; its output goes to .tmp/legs/<leg>.log. */
function nodeTestLeg(leg, args, env) {
	const logFile = join(legLogs, `${leg.replace(/[^\w.-]+/g, '-')}.log`);
	const log = createWriteStream(logFile);
	const started = Date.now();
	let output = '';
	console.log(`== ${leg}: started (output: ${logFile})`);
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [...NODE_TEST, ...args], {
			cwd: root,
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout.on('data', (chunk) => {
			output += chunk;
			log.write(chunk);
		});
		child.stderr.on('data', (chunk) => log.write(chunk));
		child.on('close', (code) => {
			log.end();
			const minutes = minutesSince(started);
			const { passed, failed } = countNodeTests(leg, output, code ?? 1);
			legLines.push(`${leg}: ${passed} passed, ${failed} failed in ${minutes} min`);
			if (failed > 0 || code !== 0) failureDigests.push([leg, failingTestsSection(output)]);
			console.log(`\n== ${leg}: output\n${readFileSync(logFile, 'utf8')}`);
			console.log(`== ${leg}: ${passed} passed, ${failed} failed in ${minutes} min`);
			resolve();
		});
	});
}

/** The spec reporter's closing "failing tests" section (names and errors, no stack frames), shortened. */
function failingTestsSection(output) {
	const start = output.lastIndexOf('✖ failing tests:');
	if (start === -1)
		return '(no failing tests listed: the runner itself failed; see its output above)';
	// stack frames say little here and would push the next failure out of the digest
	const lines = output
		.slice(start)
		.split('\n')
		.filter((line) => !/^\s+at /.test(line));
	const kept = lines.slice(0, DIGEST_LINES);
	if (lines.length > DIGEST_LINES)
		kept.push(`… ${lines.length - DIGEST_LINES} more lines in the leg's log`);
	return kept.join('\n');
}

const versionsFor = (leg) =>
	process.env.E2E_VERSIONS ?? process.env[`${leg.toUpperCase()}_VERSIONS`] ?? TWO_X_VERSIONS;

const runStarted = Date.now();

/**
 * jest as a leg of its own, beside the build and the real-n8n legs (its output goes to its log
 * file through a file descriptor, so the set-up steps' synchronous runs cannot stall it).
 */
function jestLeg() {
	const started = Date.now();
	const report = join(work, 'jest-results.json');
	const logFile = join(legLogs, 'jest.log');
	rmSync(report, { force: true });
	console.log(`== jest: started (output: ${logFile})`);
	const out = openSync(logFile, 'w');
	const child = spawn(
		process.execPath,
		[require.resolve('jest/bin/jest'), '--json', `--outputFile=${report}`],
		{ cwd: root, stdio: ['ignore', out, out] },
	);
	return new Promise((resolve) => {
		child.on('close', (code) => {
			closeSync(out);
			console.log(`\n== jest: output\n${readFileSync(logFile, 'utf8')}`);
			let line;
			try {
				const results = JSON.parse(readFileSync(report, 'utf8'));
				const failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
				totals.passed += results.numPassedTests;
				totals.failed += failed;
				totals.skipped += results.numPendingTests;
				line = `jest: ${results.numPassedTests} passed, ${failed} failed in ${minutesSince(started)} min`;
				if (failed > 0) failureDigests.push(['jest', jestFailures(results)]);
			} catch {
				totals.failed += 1;
				line = `jest: no results (see its output above) after ${minutesSince(started)} min`;
				failureDigests.push(['jest', 'jest wrote no results: see its output above']);
			}
			if (code !== 0) exitCode = 1;
			legLines.push(line);
			console.log(`== ${line}`);
			resolve();
		});
	});
}

/** The first lines of a jest failure message (the assertion, expected and received), no colours. */
function firstLinesOf(message) {
	return message
		.replace(/\u001b\[[0-9;]*m/g, '')
		.split('\n')
		.filter((line) => line.trim() && !/^\s+at /.test(line))
		.slice(0, 4)
		.map((line) => `  ${line.trim()}`);
}

/** The failed jest tests' names and first message lines, for the digest at the end. */
function jestFailures(results) {
	const lines = [];
	for (const file of results.testResults)
		for (const t of file.assertionResults.filter((a) => a.status === 'failed'))
			lines.push(`✖ ${t.fullName}`, ...t.failureMessages.flatMap(firstLinesOf));
	return lines.slice(0, DIGEST_LINES).join('\n');
}

async function main() {
	const sequence = process.env.TEST_LEGS_IN_SEQUENCE === '1';
	const jestDone = runs('jest') ? jestLeg() : Promise.resolve();
	if (sequence) await jestDone;

	const realN8n = ['e2e', 'queue', 'browser'].filter(runs);
	const ready =
		realN8n.length > 0 &&
		setUp([
			['npm', ['run', 'build']],
			[process.execPath, ['e2e/install.js', '--parallel']],
		]);
	if (ready) {
		const browser = require('../e2e/browser/run');
		// Installs chromium when missing (with apt-get, as root); the queue leg installs its services itself.
		const browserReady = !runs('browser') || setUp([browser.browserStep()]);
		/** [leg, node --test arguments, environment] of each leg to run. */
		const legRuns = [];
		if (runs('queue'))
			legRuns.push([
				'queue',
				['e2e/queue/queue-mode.e2e.js'],
				{ E2E_VERSIONS: versionsFor('queue') },
			]);
		if (runs('browser') && browserReady)
			legRuns.push(['browser', browser.specFiles(), { E2E_VERSIONS: versionsFor('browser') }]);
		// The e2e leg in two halves, the newest n8n (2.41 waits for minute-long polls in the idle
		// trigger tests) next to the older releases, unless the versions are narrowed.
		if (runs('e2e') && process.env.E2E_VERSIONS) legRuns.push(['e2e', [E2E_ENTRY], {}]);
		else if (runs('e2e'))
			for (const versions of e2eHalves())
				legRuns.push([`e2e ${versions}`, [E2E_ENTRY], { E2E_VERSIONS: versions }]);
		if (sequence) for (const legRun of legRuns) await nodeTestLeg(...legRun);
		else await Promise.all(legRuns.map((legRun) => nodeTestLeg(...legRun)));
	}
	await jestDone;

	for (const [leg, digest] of failureDigests) console.log(`\n== ${leg}: what failed\n${digest}`);
	console.log(
		`\n== legs (wall time ${minutesSince(runStarted)} min in all)\n${legLines.join('\n')}`,
	);
	console.log(
		`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
	);
	process.exit(exitCode);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
