#!/usr/bin/env node
'use strict';
/**
 * `node bench/idle-poll.js`: what one poll of the SuperOffice Idle Chat Trigger costs, in
 * requests and time, at N active sessions, before and after the poll became constant-cost, in
 * one run. Results and their reading: BENCHMARKS.md ("Idle Chat Trigger, requests per poll";
 * `--write` refreshes its generated section).
 *
 * Each poll is the trigger's poll() in n8n-core's PollContext (test/harness/poll.ts: real request
 * helpers, real static data) against a sandbox (test/sandbox) in this process with a fixed
 * latency per request; requests are counted per endpoint by the sandbox. Three variants:
 *   - before: the trigger's source at `--before` (default 1e001b9, the last commit that read every
 *     active session in full: one archive search, then one GET per active session), taken with
 *     `git archive` into bench/.work/ and loaded from its TypeScript, like the current one,
 *   - after: the current source (archive ids, one GET ChatSession/ForCurrentUser, and reads only
 *     of the sessions that list lacks), with the user a member of the sessions' topic,
 *   - after, not a member: the same, with the user not a member of the sessions' topic, so every
 *     session is missing from ForCurrentUser and read one by one (the worst case).
 * The N sessions are active bot sessions (topic 2) idle 4 to 13 minutes; every poll is the first
 * of a fresh workflow (each emits all N). Poll time is the wall time of poll(); medians over
 * `--reps`. TypeScript is transpiled on load (typescript's transpileModule, no type check).
 *
 *   node bench/idle-poll.js [--n 10,100,1000] [--reps 3] [--latency 20] [--concurrency 5]
 *                           [--before <git rev>] [--write] [--json FILE]
 *
 * Traffic goes to 127.0.0.1 only; every loop is bounded in count, every poll by the sandbox's
 * fixed latency and the node's own timeout.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(__dirname, '.work');
const TYPE = 'n8n-nodes-superoffice.superOfficeIdleChatTrigger';
const MINUTE = 60_000;

function parseArgs(argv) {
	const args = {
		n: [10, 100, 1000],
		reps: 3,
		latency: 20,
		concurrency: 5,
		before: '1e001b9',
		write: false,
		json: null,
	};
	for (let i = 0; i < argv.length; i++) {
		const key = argv[i];
		const value = () => {
			if (i + 1 >= argv.length) throw new Error(`${key} needs a value`);
			return argv[++i];
		};
		if (key === '--n') args.n = value().split(',').map(Number);
		else if (key === '--reps') args.reps = Number(value());
		else if (key === '--latency') args.latency = Number(value());
		else if (key === '--concurrency') args.concurrency = Number(value());
		else if (key === '--before') args.before = value();
		else if (key === '--write') args.write = true;
		else if (key === '--json') args.json = value();
		else throw new Error(`unknown option ${key}`);
	}
	if (!args.n.every((n) => Number.isInteger(n) && n > 0 && n <= 10_000))
		throw new Error('--n: whole numbers from 1 to 10000');
	if (!(Number.isInteger(args.reps) && args.reps >= 1 && args.reps <= 20))
		throw new Error('--reps: 1 to 20');
	if (!/^[0-9a-zA-Z._/-]+$/.test(args.before)) throw new Error('--before: a git revision');
	return args;
}

/** Loads .ts files by transpiling them (no type check): the harness and both versions of the node. */
function registerTypeScript() {
	require.extensions['.ts'] = (module, filename) => {
		const source = fs.readFileSync(filename, 'utf8');
		const { outputText } = ts.transpileModule(source, {
			fileName: filename,
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
				resolveJsonModule: true,
			},
		});
		module._compile(outputText, filename);
	};
}

/** The node's source at `rev`, extracted under bench/.work/ (inside the repository, so its imports resolve). */
function extractBefore(rev) {
	const commit = execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], {
		cwd: ROOT,
		encoding: 'utf8',
	}).trim();
	const dir = path.join(WORK, `idle-before-${commit.slice(0, 12)}`);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const tar = execFileSync('git', ['archive', '--format=tar', commit, 'nodes', 'credentials'], {
		cwd: ROOT,
		maxBuffer: 64 * 1024 * 1024,
	});
	execFileSync('tar', ['-x', '-C', dir], { input: tar });
	return { commit, dir };
}

function sessions(n) {
	return Array.from({ length: n }, (_v, index) => ({
		ChatSessionId: 10_001 + index,
		Status: index % 2 === 0 ? 'CustomerLast' : 'UserLast',
		ChatbotIsActive: true,
		TopicId: 2,
		WhenIdle: new Date(Date.now() - (4 + (index % 10)) * MINUTE),
	}));
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main() {
	const args = parseArgs(process.argv.slice(2));
	process.env.N8N_HARNESS_NO_AUTO_TEARDOWN = 'true';
	process.env.N8N_LOG_LEVEL ??= 'silent';
	registerTypeScript();
	const before = extractBefore(args.before);
	const { runPoll, teardownHarness } = require(path.join(ROOT, 'test', 'harness'));
	const { createSandbox, SANDBOX_DEFAULTS } = require(path.join(ROOT, 'test', 'sandbox'));
	const { SuperOfficeApi } = require(path.join(ROOT, 'credentials', 'SuperOfficeApi.credentials'));
	const nodeFile = ['nodes', 'SuperOfficeIdleChatTrigger', 'SuperOfficeIdleChatTrigger.node.ts'];
	const Before = require(path.join(before.dir, ...nodeFile)).SuperOfficeIdleChatTrigger;
	const After = require(path.join(ROOT, ...nodeFile)).SuperOfficeIdleChatTrigger;

	const sandbox = await createSandbox({ port: 0, seed: 'empty', wrongHostPort: false });
	const variants = [
		{
			key: 'before',
			label: `before (${before.commit.slice(0, 7)}: every active session read in full)`,
			Node: Before,
			member: true,
		},
		{ key: 'after', label: 'after, user a member of the topic', Node: After, member: true },
		{
			key: 'after-not-member',
			label: 'after, user not a member of the topic (worst case)',
			Node: After,
			member: false,
		},
	];
	const loadStart = os.loadavg();
	const started = new Date();
	const results = [];
	try {
		for (const n of args.n) {
			for (const variant of variants) {
				const times = [];
				let counts = null;
				let emitted = 0;
				for (let rep = 0; rep < args.reps; rep++) {
					sandbox.reseed(sessions(n));
					sandbox.setNotMemberOfTopics(variant.member ? [] : [2]);
					sandbox.faults.clear();
					sandbox.faults.latency({ fixedMs: args.latency });
					sandbox.clearRequests();
					const t0 = process.hrtime.bigint();
					const result = await runPoll({
						nodeTypes: { [TYPE]: new variant.Node() },
						credentialTypes: [new SuperOfficeApi()],
						credentials: {
							superOfficeApi: {
								id: '1',
								name: 'SuperOffice sandbox',
								data: {
									baseUrl: sandbox.webClientUrl,
									authScheme: 'basic',
									username: SANDBOX_DEFAULTS.username,
									password: SANDBOX_DEFAULTS.password,
								},
							},
						},
						node: {
							type: TYPE,
							parameters: {
								authentication: 'superOfficeApi',
								idleMinutes: 3,
								botOnly: true,
								options: { concurrency: args.concurrency },
							},
						},
					});
					times.push(Number(process.hrtime.bigint() - t0) / 1e6);
					counts = sandbox.requestCounts();
					emitted = result.result ? result.result[0].length : 0;
				}
				const requests = Object.values(counts).reduce((a, b) => a + b, 0);
				const row = {
					n,
					variant: variant.key,
					label: variant.label,
					requests,
					counts,
					emitted,
					pollMs: Math.round(median(times)),
					times: times.map(Math.round),
				};
				results.push(row);
				process.stderr.write(
					`N=${n} ${variant.key}: ${requests} requests, ${row.pollMs} ms (${row.times.join(', ')}), emitted ${emitted}\n`,
				);
				if (emitted !== n)
					throw new Error(`N=${n} ${variant.key}: emitted ${emitted} of ${n} idle sessions`);
			}
		}
	} finally {
		await sandbox.close();
		await teardownHarness();
		fs.rmSync(before.dir, { recursive: true, force: true });
	}
	const meta = {
		date: started.toISOString().slice(0, 10),
		cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`,
		node: process.version,
		loadavg: {
			start: loadStart.map((l) => l.toFixed(2)),
			end: os.loadavg().map((l) => l.toFixed(2)),
		},
		latencyMs: args.latency,
		concurrency: args.concurrency,
		reps: args.reps,
		before: before.commit,
	};
	const table = render(results, meta);
	process.stdout.write(`${table}\n`);
	if (args.json) fs.writeFileSync(args.json, JSON.stringify({ meta, results }, null, 2));
	if (args.write) writeSection(table);
}

function render(results, meta) {
	const fmt = (x) => x.toLocaleString('en-US');
	const lines = [
		`<!-- bench:idle:begin (generated by \`node bench/idle-poll.js --write\` on ${meta.date}; do not edit by hand) -->`,
		'',
		`${meta.cpu}, Node ${meta.node}, sandbox latency ${meta.latencyMs} ms per request, concurrency ${meta.concurrency}, medians of ${meta.reps} polls; load average (1/5/15 min) ${meta.loadavg.start.join(' / ')} at the start, ${meta.loadavg.end.join(' / ')} at the end (the machine is shared).`,
		'',
		'| N active sessions | variant | requests per poll | of them: archive pages · ForCurrentUser · one by one | poll ms |',
		'| ---: | --- | ---: | --- | ---: |',
	];
	for (const r of results) {
		const c = r.counts;
		const split = `${c['GET ChatSession'] ?? 0} · ${c['GET ChatSession/ForCurrentUser'] ?? 0} · ${c['GET ChatSession/{id}'] ?? 0}`;
		lines.push(`| ${fmt(r.n)} | ${r.label} | ${fmt(r.requests)} | ${split} | ${fmt(r.pollMs)} |`);
	}
	lines.push('', '<!-- bench:idle:end -->');
	return lines.join('\n');
}

function writeSection(table) {
	const file = path.join(ROOT, 'BENCHMARKS.md');
	const text = fs.readFileSync(file, 'utf8');
	const re = /<!-- bench:idle:begin[\s\S]*?<!-- bench:idle:end -->/;
	fs.writeFileSync(
		file,
		re.test(text) ? text.replace(re, table) : `${text.trimEnd()}\n\n${table}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
