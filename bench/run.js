#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` (= `npm run build && node bench/run.js`): Chat Session → Reset of N sessions
 * through a real n8n, compared with n8n's own HTTP Request node and a raw Node client.
 * Results and their reading: BENCHMARKS.md (`--write` refreshes its generated section).
 *
 * In one run, on one SuperOffice sandbox (in this process) with a fixed latency per request:
 *   - the SuperOffice node at its default concurrency (5) and at concurrency C (options.concurrency),
 *   - n8n's HTTP Request node (v4.2, predefined credential `superOfficeApi`, same POSTs) with
 *     options.batching.batch = { batchSize: C, batchInterval: 0 },
 *   - an experiment: the node at C with n8n-core's per-request agents pooled (keep-alive), see
 *     n8n-preload.js; it shows what keep-alive would bring, it is not something the node can ship,
 *   - the floor (floor.js): a raw client in a worker thread of this process, at 5 and at C requests
 *     in flight: `fetch` (keep-alive), node:http with one keep-alive Agent, node:http with a new
 *     Agent per request (no keep-alive, as n8n does). Measured after the n8n runs, not beside them.
 * Also, in the same run: Get Many with Return Full Chat Sessions over FE_N active sessions at
 * FE_LATENCY ms per request (the reroute example's every-5-minutes read), one entity GET per
 * session, sequential (concurrency 1, how the node read them before) beside concurrency 5 and C.
 * It has its own generated section in BENCHMARKS.md; `--only getmany-1,getmany-5` runs just it.
 * Each n8n run is a fresh `n8n execute --id … --rawOutput` child. The node's wall time is n8n's own
 * `executionTime` of that node (run data); the CLI total (start-up included) is reported apart.
 * Peak RSS is VmHWM of the n8n process (/proc/<pid>/status, sampled every 20 ms); N and N/2 runs
 * give the peak-RSS growth per 1,000 items. CPU of n8n, of this process (sandbox) and of everything
 * else on the machine is cut to the node's execution window. Separate, untimed memory-probe runs
 * force a full GC every 250 ms to show the live heap the node really keeps. Medians over the
 * repetitions. TCP connections are counted from the sandbox server's 'connection' events.
 *
 *   node bench/run.js [--n 2000] [--reps 3] [--concurrency 10] [--latencies 0,10] [--version 2.8.4]
 *                     [--no-growth] [--write] [--json FILE] [--quick] [--only KEY,KEY] [--timeline]
 *                     [--n8n-node-args "--max-semi-space-size=32"] [--fe-n 100] [--fe-latency 100]
 *   --write   replace the generated section of BENCHMARKS.md with this run's tables
 *   --quick   N=200, 1 repetition, latency 0: a smoke test of the bench itself
 *   --only    variant/floor keys (node-5, node-C, http-C, node-C-pooled, fetch-5, keepalive-C, …,
 *             getmany-1, getmany-5, getmany-C)
 *   --fe-n, --fe-latency  active sessions and sandbox latency (ms) of the Get Many full-entities runs
 *   --timeline  log requests started per 250 ms for every n8n run
 *   --n8n-node-args  extra flags for the node binary that runs n8n (V8 tuning experiments)
 *
 * Traffic goes to 127.0.0.1 only; every loop is bounded in count and every child in time.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const {
	n8nInstance,
	installedVersions,
	packRepo,
	freePort,
	extractJson,
	summarizeRun,
	start,
} = require(path.join(ROOT, 'e2e', 'lib'));
const { createSandbox, SANDBOX_DEFAULTS } = require(path.join(ROOT, 'test', 'sandbox'));
const { defaultAuthorization } = require(path.join(ROOT, 'test', 'sandbox', 'testing'));
const { floorWorker } = require('./floor');

// ---------------------------------------------------------------------------------------------
// options

function parseArgs(argv) {
	const o = {
		n: 2000,
		reps: 3,
		concurrency: 10,
		latencies: [0, 10],
		version: '2.8.4',
		growth: true,
		write: false,
		json: null,
		only: null,
		timeline: false,
		nodeArgs: [],
		feN: 100,
		feLatency: 100,
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const val = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			return v;
		};
		if (a === '--n') o.n = Number(val());
		else if (a === '--reps') o.reps = Number(val());
		else if (a === '--concurrency') o.concurrency = Number(val());
		else if (a === '--latencies') o.latencies = val().split(',').map(Number);
		else if (a === '--version') o.version = val();
		else if (a === '--no-growth') o.growth = false;
		else if (a === '--only') o.only = val().split(',');
		else if (a === '--timeline') o.timeline = true;
		else if (a === '--n8n-node-args') o.nodeArgs = val().split(/\s+/).filter(Boolean);
		else if (a === '--write') o.write = true;
		else if (a === '--json') o.json = val();
		else if (a === '--fe-n') o.feN = Number(val());
		else if (a === '--fe-latency') o.feLatency = Number(val());
		else if (a === '--quick') Object.assign(o, { n: 200, reps: 1, latencies: [0], feN: 20 });
		else throw new Error(`unknown option ${a}`);
	}
	for (const [k, v] of [
		['n', o.n],
		['reps', o.reps],
		['concurrency', o.concurrency],
		['fe-n', o.feN],
	]) {
		if (!Number.isInteger(v) || v < 1 || v > 100000)
			throw new Error(`--${k} must be a whole number ≥ 1`);
	}
	if (o.n % 2 !== 0) throw new Error('--n must be even (N/2 is the small run for RSS growth)');
	if (!o.latencies.every((l) => Number.isInteger(l) && l >= 0 && l <= 1000))
		throw new Error('--latencies: whole ms, 0..1000');
	if (!Number.isInteger(o.feLatency) || o.feLatency < 0 || o.feLatency > 1000)
		throw new Error('--fe-latency: whole ms, 0..1000');
	return o;
}

const OPT = parseArgs(process.argv.slice(2));
const C = OPT.concurrency;
const DEFAULT_C = 5; // the node's DEFAULT_CONCURRENCY
const FIRST_ID = 10001;
const RUN_TIMEOUT_MS = Number(process.env.BENCH_RUN_TIMEOUT_MS) || 180_000; // one `n8n execute`
const TOTAL_BUDGET_MS = 30 * 60_000; // the whole bench stops itself after this, whatever happens
const NODE = 'Reset'; // name of the node under test in every workflow

const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---------------------------------------------------------------------------------------------
// workflows

function itemsCode(n) {
	// ids are embedded, so the Code node does no lookups
	return `const ids = Array.from({ length: ${n} }, (_, i) => ${FIRST_ID} + i);\nreturn Array.from({ length: ${n} }, (_, i) => ({ json: { id: ids[i] } }));`;
}

function workflow(name, n, resetNode) {
	return {
		name,
		nodes: [
			{
				parameters: {},
				id: 'b0000000-0000-4000-8000-000000000001',
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
			},
			{
				parameters: { jsCode: itemsCode(n) },
				id: 'b0000000-0000-4000-8000-000000000002',
				name: 'Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
			},
			{ id: 'b0000000-0000-4000-8000-000000000003', name: NODE, position: [440, 0], ...resetNode },
		],
		connections: {
			Manual: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

const CREDENTIAL = { id: 'benchSuperOffice01', name: 'SuperOffice sandbox (bench)' };

function superOfficeNode(concurrency) {
	return {
		type: 'n8n-nodes-superoffice.superOffice',
		typeVersion: 1,
		parameters: {
			authentication: 'superOfficeApi',
			resource: 'chatSession',
			operation: 'reset',
			chatSessionId: '={{ $json.id }}',
			options: concurrency === undefined ? {} : { concurrency },
		},
		credentials: { superOfficeApi: CREDENTIAL },
	};
}

function httpRequestNode(apiUrl, batchSize) {
	return {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `=${apiUrl}/ChatSession/{{ $json.id }}/Reset`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'superOfficeApi',
			options: { batching: { batch: { batchSize, batchInterval: 0 } } },
		},
		credentials: { superOfficeApi: CREDENTIAL },
	};
}

const GET_MANY_NODE = 'Get Many'; // name of the node under test in the full-entities workflows

/** Manual trigger (one item) → Get Many of every active session, each read in full. */
function getManyWorkflow(name, concurrency) {
	return {
		name,
		nodes: [
			{
				parameters: {},
				id: 'c0000000-0000-4000-8000-000000000001',
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
			},
			{
				id: 'c0000000-0000-4000-8000-000000000002',
				name: GET_MANY_NODE,
				position: [220, 0],
				type: 'n8n-nodes-superoffice.superOffice',
				typeVersion: 1,
				parameters: {
					authentication: 'superOfficeApi',
					resource: 'chatSession',
					operation: 'getMany',
					returnAll: true,
					fullEntities: true,
					filters: { status: ['active'] },
					options: { concurrency },
				},
				credentials: { superOfficeApi: CREDENTIAL },
			},
		],
		connections: { Manual: { main: [[{ node: GET_MANY_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** Get Many full-entities variants: sequential (how the node read sessions before) and concurrent. */
function getManyVariants() {
	return [...new Set([1, DEFAULT_C, C])].map((concurrency) => ({
		key: `getmany-${concurrency}`,
		concurrency,
		label:
			concurrency === 1
				? 'Get Many, full entities, concurrency 1 (sequential: how the node read them before)'
				: `Get Many, full entities, concurrency ${concurrency}${concurrency === DEFAULT_C ? ' (default)' : ''}`,
	}));
}

/** The n8n variants; `floorKey` names the floor row at the same concurrency. */
function variants(apiUrl) {
	return [
		{
			key: 'node-5',
			label: `SuperOffice node, concurrency ${DEFAULT_C} (default)`,
			concurrency: DEFAULT_C,
			floorKey: `fetch-${DEFAULT_C}`,
			node: () => superOfficeNode(undefined),
		},
		{
			key: `node-${C}`,
			label: `SuperOffice node, concurrency ${C}`,
			concurrency: C,
			floorKey: `fetch-${C}`,
			node: () => superOfficeNode(C),
		},
		{
			key: `http-${C}`,
			label: `HTTP Request node, batchSize ${C}, batchInterval 0 (no cap on requests in flight)`,
			concurrency: C,
			floorKey: `fetch-${C}`,
			node: () => httpRequestNode(apiUrl, C),
		},
		{
			key: `node-${C}-pooled`,
			label: `experiment: SuperOffice node, concurrency ${C}, n8n's agents pooled (keep-alive)`,
			concurrency: C,
			floorKey: `fetch-${C}`,
			node: () => superOfficeNode(C),
			poolAgents: true,
			noGrowth: !OPT.only, // in the full run only timed at N; with --only it gets the N/2 runs too
		},
	];
}

function floors() {
	const list = [];
	for (const c of [...new Set([DEFAULT_C, C])]) {
		list.push({
			key: `fetch-${c}`,
			mode: 'fetch',
			concurrency: c,
			label: `floor: fetch (keep-alive; connections from the warm-up pass reused), ${c} in flight`,
		});
		list.push({
			key: `keepalive-${c}`,
			mode: 'http-keep-alive',
			concurrency: c,
			label: `floor: node:http, one keep-alive Agent, ${c} in flight`,
		});
		list.push({
			key: `newagent-${c}`,
			mode: 'http-new-agent',
			concurrency: c,
			label: `floor: node:http, new Agent per request (as n8n), ${c} in flight`,
		});
	}
	return list;
}

// ---------------------------------------------------------------------------------------------
// measurement helpers

function readProcStatus(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (k) => Number((new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(text) ?? [])[1] ?? NaN);
		return { hwmKb: kb('VmHWM'), rssKb: kb('VmRSS') };
	} catch {
		return null;
	}
}

const CLK_TCK = 100; // USER_HZ on Linux

/** CPU ms used so far by one process (utime + stime of all its threads). */
function readProcCpuMs(pid) {
	try {
		const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK;
	} catch {
		return NaN;
	}
}

/** Busy and total CPU ms of the whole machine (all cores), from /proc/stat. */
function readMachineCpuMs() {
	try {
		const f = fs
			.readFileSync('/proc/stat', 'utf8')
			.split('\n')[0]
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
		const idle = f[3] + f[4];
		return { busy: ((total - idle) * 1000) / CLK_TCK, total: (total * 1000) / CLK_TCK };
	} catch {
		return { busy: NaN, total: NaN };
	}
}

/** Linear interpolation of a cumulative series [[t, v], ...] at time t. */
function at(series, t) {
	if (!series.length) return NaN;
	if (t <= series[0][0]) return series[0][1];
	for (let i = 1; i < series.length; i++) {
		if (series[i][0] >= t) {
			const [t0, v0] = series[i - 1];
			const [t1, v1] = series[i];
			return t1 === t0 ? v1 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
		}
	}
	return series[series.length - 1][1];
}

const PRELOAD = path.join(__dirname, 'n8n-preload.js');
let statsSeq = 0;

/**
 * `n8n execute --id … --rawOutput` with the instance's environment (plus the bench preload),
 * sampling the child's peak RSS (VmHWM) and CPU, the bench process's CPU and the machine's.
 */
async function executeMeasured(
	inst,
	workflowId,
	{ poolAgents = false, gcProbe = false, nodeName = NODE } = {},
) {
	const brokerPort = await freePort();
	const rt = inst.runtime;
	const work = path.join(__dirname, '.work');
	fs.mkdirSync(work, { recursive: true });
	const statsFile = path.join(work, `n8n-stats-${process.pid}-${++statsSeq}.json`);
	fs.rmSync(statsFile, { force: true });
	const t0 = performance.now();
	const nodeArgs = [...OPT.nodeArgs, ...(gcProbe ? ['--expose-gc'] : [])];
	const p = start(
		rt.node,
		[...nodeArgs, '--require', PRELOAD, rt.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'],
		{
			cwd: inst.userFolder,
			env: {
				...inst.env,
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				BENCH_STATS_FILE: statsFile,
				BENCH_POOL_AGENTS: poolAgents ? '1' : '0',
				BENCH_GC_PROBE: gcProbe ? '1' : '0',
			},
		},
	);
	let peakKb = 0;
	const cpu = { n8n: [], bench: [], busy: [], total: [] };
	const sample = () => {
		const now = Date.now();
		const s = p.pid && readProcStatus(p.pid);
		if (s) peakKb = Math.max(peakKb, s.hwmKb || 0, s.rssKb || 0);
		const n8nCpu = p.pid ? readProcCpuMs(p.pid) : NaN;
		if (Number.isFinite(n8nCpu)) cpu.n8n.push([now, n8nCpu]);
		const u = process.cpuUsage();
		cpu.bench.push([now, (u.user + u.system) / 1000]);
		const m = readMachineCpuMs();
		cpu.busy.push([now, m.busy]);
		cpu.total.push([now, m.total]);
	};
	sample();
	const poll = setInterval(sample, 20);
	let timedOut = false;
	const killer = setTimeout(() => {
		timedOut = true;
		p.stop(5000);
	}, RUN_TIMEOUT_MS);
	const exit = await p.exited;
	clearInterval(poll);
	clearTimeout(killer);
	const cliMs = performance.now() - t0;
	const { stdout, stderr } = p.output();
	const runJson = extractJson(stdout);
	const summary = summarizeRun(runJson);
	let stats = null;
	try {
		stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
	} catch {}
	fs.rmSync(statsFile, { force: true });

	// the node's own window, from n8n's run data
	const nodeRun = summary.runData?.[nodeName]?.[0];
	const w0 = nodeRun?.startTime;
	const w1 = w0 + nodeRun?.executionTime;
	const win = {};
	if (Number.isFinite(w0) && Number.isFinite(w1)) {
		const d = (series) => at(series, w1) - at(series, w0);
		win.n8nCpuMs = d(cpu.n8n);
		win.benchCpuMs = d(cpu.bench);
		win.otherCpuMs = d(cpu.busy) - win.n8nCpuMs - win.benchCpuMs;
		win.machineMs = d(cpu.total);
		if (stats) {
			const inWin = stats.samples.filter(([t]) => t >= w0 && t <= w1);
			const before = stats.samples.filter(([t]) => t <= w0).pop() ?? stats.samples[0];
			win.rssStartMb = before ? before[1] / 2 ** 20 : NaN;
			win.rssPeakMb = Math.max(...inWin.map((x) => x[1]), before ? before[1] : 0) / 2 ** 20;
			win.heapStartMb = before ? before[2] / 2 ** 20 : NaN;
			win.heapPeakMb = Math.max(...inWin.map((x) => x[2]), before ? before[2] : 0) / 2 ** 20;
			const gcIn = stats.gcs.filter(([t]) => t >= w0 && t <= w1 + 50);
			win.gcMs = gcIn.reduce((a, [, dms]) => a + dms, 0);
			win.majorGcs = gcIn.filter((g) => g[2]).length;
			// live heap right after the node: the first mark-compact after it ended, if any
			const after = stats.afterGc.find(([t]) => t > w1);
			win.liveHeapAfterMb = after ? after[1] / 2 ** 20 : NaN;
			if (stats.live.length) {
				// live heap (after a forced full GC) just before the node and right after it
				const liveBefore = stats.live.filter(([t]) => t <= w0).pop();
				const liveAfter = stats.live.find(([t]) => t >= w1);
				win.liveStartMb = liveBefore ? liveBefore[1] / 2 ** 20 : NaN;
				win.liveEndMb = liveAfter ? liveAfter[1] / 2 ** 20 : NaN;
				const inside = stats.live.filter(([t]) => t >= w0 && t <= w1).map((x) => x[1]);
				win.livePeakMb = inside.length ? Math.max(...inside) / 2 ** 20 : NaN;
			}
		}
	}
	return {
		exitCode: exit.exitCode,
		timedOut,
		cliMs,
		peakKb,
		stdout,
		stderr,
		runJson,
		...summary,
		win,
		stats: !!stats,
	};
}

const median = (xs) => {
	const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
	if (!s.length) return NaN;
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function seedSessions(sb, n) {
	const sessions = Array.from({ length: n }, (_, i) => ({
		ChatSessionId: FIRST_ID + i,
		Status: i % 2 ? 'UserLast' : 'CustomerLast',
		ChatbotIsActive: true,
		TopicId: 2,
		CustomerName: `Bench customer ${i}`,
	}));
	sb.reseed(sessions);
}

/** Check the run did what it should: N items out, in order, each a reset entity; N POSTs seen. */
function checkRun(r, n, sb, conns) {
	const problems = [];
	if (r.timedOut) problems.push('timed out');
	if (r.exitCode !== 0) problems.push(`exit code ${r.exitCode}`);
	const err = r.runJson?.data?.resultData?.error;
	if (err) problems.push(`n8n error: ${err.message ?? JSON.stringify(err).slice(0, 300)}`);
	const out = r.items?.[NODE] ?? [];
	if (out.length !== n) problems.push(`${out.length} output items, expected ${n}`);
	else {
		const bad = out.findIndex(
			(j, i) =>
				j.ChatSessionId !== FIRST_ID + i || j.Status !== 'InQueue' || j.ChatbotIsActive !== false,
		);
		if (bad >= 0)
			problems.push(
				`output item ${bad} is not the reset session ${FIRST_ID + bad}: ${JSON.stringify(out[bad]).slice(0, 200)}`,
			);
	}
	const posts = sb.requestsFor('POST', /\/ChatSession\/\d+\/Reset$/);
	const non200 = posts.filter((q) => q.status !== 200).length;
	if (posts.length !== n) problems.push(`${posts.length} POSTs reached the sandbox, expected ${n}`);
	if (non200) problems.push(`${non200} POSTs did not answer 200`);
	const connHeader = {};
	for (const q of posts) {
		const h = String(q.headers.connection ?? '(none)').toLowerCase();
		connHeader[h] = (connHeader[h] ?? 0) + 1;
	}
	return { problems, posts: posts.length, connHeader, conns };
}

/** Requests started per 250 ms, and the longest pauses between request starts (--timeline). */
function timeline(sb) {
	const starts = sb
		.requestsFor('POST', /\/Reset$/)
		.map((q) => q.startedAt)
		.sort((a, b) => a - b);
	if (!starts.length) return 'no requests';
	const t0 = starts[0];
	const buckets = [];
	for (const t of starts)
		buckets[Math.floor((t - t0) / 250)] = (buckets[Math.floor((t - t0) / 250)] ?? 0) + 1;
	const gaps = starts
		.slice(1)
		.map((t, i) => [t - starts[i], i + 1])
		.sort((a, b) => b[0] - a[0])
		.slice(0, 5);
	return `requests per 250 ms: ${Array.from(buckets, (b) => b ?? 0).join(' ')} | longest pauses (ms @ request #): ${gaps.map(([g, i]) => `${g}@${i}`).join(', ')}`;
}

// ---------------------------------------------------------------------------------------------
// Get Many, Return Full Chat Sessions

const FE_FIRST_ID = 20001;

/** FE_N active sessions (CustomerLast / UserLast) among as many closed ones; returns the active ids. */
function seedActiveSessions(sb, n) {
	const sessions = Array.from({ length: 2 * n }, (_, i) => ({
		ChatSessionId: FE_FIRST_ID + i,
		Status: i % 2 ? 'Closed' : i % 4 ? 'UserLast' : 'CustomerLast',
		TopicId: 2,
		CustomerName: `Bench customer ${i}`,
	}));
	sb.reseed(sessions);
	return sessions.filter((x) => x.Status !== 'Closed').map((x) => x.ChatSessionId);
}

/** The run read every active session once, in order: one archive page, then one GET per session. */
function checkGetManyRun(r, activeIds, sb) {
	const problems = [];
	if (r.timedOut) problems.push('timed out');
	if (r.exitCode !== 0) problems.push(`exit code ${r.exitCode}`);
	const err = r.runJson?.data?.resultData?.error;
	if (err) problems.push(`n8n error: ${err.message ?? JSON.stringify(err).slice(0, 300)}`);
	const out = (r.items?.[GET_MANY_NODE] ?? []).map((j) => j.ChatSessionId);
	if (JSON.stringify(out) !== JSON.stringify(activeIds))
		problems.push(
			`output ids ${JSON.stringify(out.slice(0, 10))}… are not the ${activeIds.length} active sessions in order`,
		);
	const pages = sb.requestsFor('GET', /\/ChatSession$/).length;
	const gets = sb.requestsFor('GET', /\/ChatSession\/\d+$/);
	if (pages !== 1) problems.push(`${pages} archive requests, expected 1`);
	if (gets.length !== activeIds.length)
		problems.push(`${gets.length} entity GETs, expected ${activeIds.length}`);
	if (gets.some((q) => q.status !== 200)) problems.push('an entity GET did not answer 200');
	// From the first request's start to the last one's end: the node's time on the wire.
	const all = sb.requestsFor('GET', /\/ChatSession/);
	const spanMs = all.length
		? Math.max(...all.map((q) => q.endedAt ?? NaN)) - Math.min(...all.map((q) => q.startedAt))
		: NaN;
	return { problems, gets: gets.length, spanMs };
}

/** Times each Get Many variant FE_N sessions at FE_LATENCY ms, repetitions outermost. */
async function runGetManyFullEntities(inst, sb, selected) {
	const wfIds = {};
	for (const v of selected)
		wfIds[v.key] = await inst.importWorkflow(
			getManyWorkflow(`bench ${v.key} full entities`, v.concurrency),
		);
	sb.faults.clear();
	if (OPT.feLatency > 0) sb.faults.latency({ fixedMs: OPT.feLatency, jitterMs: 0 });
	const raw = {};
	for (let rep = 0; rep < OPT.reps; rep++) {
		for (const v of selected) {
			const activeIds = seedActiveSessions(sb, OPT.feN);
			sb.clearRequests();
			sb.resetStats();
			const r = await executeMeasured(inst, wfIds[v.key], { nodeName: GET_MANY_NODE });
			const check = checkGetManyRun(r, activeIds, sb);
			const entry = {
				wallMs: r.runData?.[GET_MANY_NODE]?.[0]?.executionTime,
				cliMs: r.cliMs,
				maxInFlight: sb.maxInFlight,
				gets: check.gets,
				spanMs: check.spanMs,
				n8nCpuMs: r.win.n8nCpuMs,
				problems: check.problems,
			};
			(raw[v.key] ??= []).push(entry);
			log(
				`full entities, ${OPT.feN} sessions at ${OPT.feLatency} ms, rep ${rep + 1}/${OPT.reps}, ${v.key}: node ${f0(entry.wallMs)} ms, ` +
					`requests ${f0(entry.spanMs)} ms, CLI ${f0(entry.cliMs)} ms, in flight ≤ ${entry.maxInFlight}, ${entry.gets} GETs${check.problems.length ? `  PROBLEMS: ${check.problems.join('; ')}` : ''}`,
			);
		}
	}
	sb.faults.clear();
	const result = {};
	for (const v of selected) {
		const runs = raw[v.key];
		const wallMs = median(runs.map((e) => e.wallMs));
		result[v.key] = {
			key: v.key,
			label: v.label,
			concurrency: v.concurrency,
			wallMs,
			sessionsPerS: (OPT.feN / wallMs) * 1000,
			cliMs: median(runs.map((e) => e.cliMs)),
			maxInFlight: Math.max(...runs.map((e) => e.maxInFlight)),
			gets: median(runs.map((e) => e.gets)),
			spanMs: median(runs.map((e) => e.spanMs)),
			n8nCpuMsPerSession: median(runs.map((e) => e.n8nCpuMs / OPT.feN)),
			runs: runs.map((e) => e.wallMs),
			problems: runs.flatMap((e) => e.problems),
		};
	}
	return result;
}

// ---------------------------------------------------------------------------------------------
// formatting

const f0 = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');

function markdown(results) {
	const { meta, byLatency, memoryProbe } = results;
	const n = meta.n;
	const lines = [];
	const row = (cells) => lines.push(`| ${cells.join(' | ')} |`);
	lines.push(
		`<!-- bench:begin (generated by \`node bench/run.js --write\` on ${meta.date}; do not edit by hand) -->`,
	);
	lines.push('');
	lines.push(
		`Generated ${meta.date} in ${meta.durationS} s. Machine: ${meta.cpus} × ${meta.cpuModel}, ${meta.memGb} GB RAM, Linux ${meta.kernel}; load average ${meta.loadAvgAtStart} at start, ${meta.loadAvgAtEnd} at end. ` +
			`Bench process (sandbox, floor): Node ${meta.benchNode}. n8n ${meta.n8nVersion} on Node ${meta.n8nNode} (\`n8n execute\`, SQLite, internal task runner). ` +
			`N = ${n} resets per run; ${meta.reps} repetition(s), medians; C = ${meta.concurrency}; fixed sandbox latency, no jitter.`,
	);
	lines.push('');
	for (const lat of meta.latencies) {
		const L = byLatency[String(lat)];
		const httpWall = L.variants[`http-${meta.concurrency}`]?.wallMs;
		lines.push(`#### Time, latency ${lat} ms, N = ${n}`);
		lines.push('');
		const best = (c) => {
			const walls = Object.values(L.floors)
				.filter((x) => x.concurrency === c)
				.map((x) => x.wallMs);
			return walls.length ? Math.min(...walls) : NaN;
		};
		row([
			'Variant',
			'max in flight',
			'wall ms (node)',
			'items/s',
			'× floor (fetch, same in-flight)',
			'× fastest raw client, same in-flight',
			'× HTTP Request node',
			'CLI total ms',
			'n8n CPU ms/item',
			'sandbox CPU ms/item',
			'other load, % of a core',
			'TCP connections',
			'`Connection:` sent',
		]);
		row([
			'---',
			'---:',
			'---:',
			'---:',
			'---:',
			'---:',
			'---:',
			'---:',
			'---:',
			'---:',
			'---:',
			'---:',
			'---',
		]);
		for (const v of Object.values(L.variants)) {
			const floor = L.floors[v.floorKey]?.wallMs;
			row([
				v.label,
				f0(v.maxInFlight),
				f0(v.wallMs),
				f0(v.itemsPerS),
				f2(v.wallMs / floor),
				f2(v.wallMs / best(v.concurrency)),
				f2(v.wallMs / httpWall),
				f0(v.cliMs),
				f2(v.n8nCpuMsPerItem),
				f2(v.sandboxCpuMsPerItem),
				f0(v.otherLoadPct),
				f0(v.conns),
				v.connHeader,
			]);
		}
		for (const fl of Object.values(L.floors)) {
			row([
				fl.label,
				f0(fl.maxInFlight),
				f0(fl.wallMs),
				f0(fl.itemsPerS),
				f2(fl.wallMs / L.floors[`fetch-${fl.concurrency}`]?.wallMs),
				f2(fl.wallMs / best(fl.concurrency)),
				f2(fl.wallMs / httpWall),
				'–',
				'–',
				'–',
				'–',
				f0(fl.conns),
				fl.connHeader,
			]);
		}
		lines.push('');
	}
	lines.push(`#### Memory of the n8n process, N/2 = ${n / 2} vs N = ${n}`);
	lines.push('');
	row([
		'Variant',
		'latency ms',
		`peak RSS (VmHWM) MB, N/2`,
		`peak RSS MB, N`,
		'peak RSS growth MB / 1,000 items',
		'RSS added during the node MB, N/2 → N',
		'its growth MB / 1,000 items',
	]);
	row(['---', '---:', '---:', '---:', '---:', '---:', '---:']);
	for (const lat of meta.latencies) {
		for (const v of Object.values(byLatency[String(lat)].variants)) {
			if (!Number.isFinite(v.peakMbSmall)) continue;
			row([
				v.label,
				String(lat),
				f1(v.peakMbSmall),
				f1(v.peakMb),
				f1(v.growthMbPer1000),
				`${f1(v.rssAddedMbSmall)} → ${f1(v.rssAddedMb)}`,
				f1(((v.rssAddedMb - v.rssAddedMbSmall) / (n / 2)) * 1000),
			]);
		}
	}
	lines.push('');
	if (Object.keys(memoryProbe).length) {
		lines.push(
			'Live heap (after a forced full GC every 250 ms; separate untimed runs, latency 0, one run each): what the node execution really keeps, without the garbage V8 has not collected yet.',
		);
		lines.push('');
		row(['Variant', `live heap growth during the node MB, N/2`, 'N', 'MB / 1,000 items']);
		row(['---', '---:', '---:', '---:']);
		for (const m of Object.values(memoryProbe))
			row([m.label, f1(m.liveGrowthMbSmall), f1(m.liveGrowthMb), f1(m.liveMbPer1000)]);
		lines.push('');
	}
	lines.push(
		`Per-run wall ms: ${meta.latencies
			.map((lat) => {
				const L = byLatency[String(lat)];
				return `${lat} ms: ${[...Object.values(L.variants), ...Object.values(L.floors)].map((v) => `${v.key} [${v.runs.map((x) => f0(x)).join(', ')}]`).join('; ')}`;
			})
			.join(' — ')}.`,
	);
	lines.push('');
	lines.push('<!-- bench:end -->');
	return lines.join('\n');
}

/** The Get Many full-entities table, its own generated section. */
function getManyMarkdown(meta, variants) {
	const lines = [];
	const row = (cells) => lines.push(`| ${cells.join(' | ')} |`);
	const sequential = Object.values(variants).find((v) => v.concurrency === 1)?.wallMs;
	lines.push(
		`<!-- bench:getmany:begin (generated by \`node bench/run.js --write\` on ${meta.date}; do not edit by hand) -->`,
	);
	lines.push('');
	lines.push(
		`#### Get Many, Return Full Chat Sessions: ${meta.feN} active sessions, latency ${meta.feLatency} ms`,
	);
	lines.push('');
	lines.push(
		`Generated ${meta.date}; n8n ${meta.n8nVersion} on Node ${meta.n8nNode}; load average ${meta.loadAvgAtStart} at start of the bench. ` +
			`One input item; one archive page, then one GET per session (${meta.feN} GETs); ${meta.reps} repetition(s), medians.`,
	);
	lines.push('');
	const sequentialSpan = Object.values(variants).find((v) => v.concurrency === 1)?.spanMs;
	row([
		'Variant',
		'max in flight',
		'wall ms (node)',
		'sessions/s',
		'× sequential',
		'requests ms (first start → last end)',
		'× sequential',
		'entity GETs',
		'CLI total ms',
		'n8n CPU ms/session',
	]);
	row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);
	for (const v of Object.values(variants)) {
		row([
			v.label,
			f0(v.maxInFlight),
			f0(v.wallMs),
			f1(v.sessionsPerS),
			f2(v.wallMs / sequential),
			f0(v.spanMs),
			f2(v.spanMs / sequentialSpan),
			f0(v.gets),
			f0(v.cliMs),
			f2(v.n8nCpuMsPerSession),
		]);
	}
	lines.push('');
	lines.push(
		`Per-run wall ms: ${Object.values(variants)
			.map((v) => `${v.key} [${v.runs.map((x) => f0(x)).join(', ')}]`)
			.join('; ')}.`,
	);
	lines.push('');
	lines.push('<!-- bench:getmany:end -->');
	return lines.join('\n');
}

/** Replaces one generated section (between its markers) of BENCHMARKS.md, or appends it. */
function writeBenchmarksMd(section, marker = 'bench') {
	const file = path.join(ROOT, 'BENCHMARKS.md');
	let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n\n';
	const re = new RegExp(`<!-- ${marker}:begin[\\s\\S]*?<!-- ${marker}:end -->`);
	text = re.test(text) ? text.replace(re, section) : `${text.trimEnd()}\n\n${section}\n`;
	fs.writeFileSync(file, text);
	log(`wrote the generated ${marker} section of ${path.relative(ROOT, file)}`);
}

// ---------------------------------------------------------------------------------------------
// main

async function main() {
	const tStart = Date.now();
	const loadAvgAtStart = os
		.loadavg()
		.map((x) => x.toFixed(2))
		.join(' ');
	const budget = setTimeout(() => {
		log(`the bench exceeded its ${TOTAL_BUDGET_MS / 60000} min budget: stopping`);
		process.exit(2);
	}, TOTAL_BUDGET_MS);
	budget.unref();

	if (!installedVersions().includes(OPT.version))
		throw new Error(`n8n ${OPT.version} is not installed: node e2e/install.js ${OPT.version}`);
	const tgz = await packRepo();
	if (!tgz) throw new Error('dist/ is not built: npm run build');
	const inst = n8nInstance({ version: OPT.version, timeoutMs: RUN_TIMEOUT_MS });
	const sb = await createSandbox({ seed: 'empty' });
	// Count TCP connections the sandbox accepts (its http.Server is internal: listen to it from here).
	let conns = 0;
	const server = sb._p && sb._p.server;
	if (server) server.on('connection', () => conns++);
	else log('sandbox http.Server not reachable: TCP connections are not counted');

	try {
		log(`n8n ${OPT.version}: installing ${path.basename(tgz)} into ${inst.userFolder}`);
		await inst.installPackageTarball(tgz);
		await inst.importCredentials([
			{
				...CREDENTIAL,
				type: 'superOfficeApi',
				data: {
					baseUrl: sb.webClientUrl,
					authScheme: 'basic',
					username: SANDBOX_DEFAULTS.username,
					password: SANDBOX_DEFAULTS.password,
				},
			},
		]);
		const vs = variants(sb.apiUrl).filter((v) => !OPT.only || OPT.only.includes(v.key));
		const floorList = floors().filter((fl) => !OPT.only || OPT.only.includes(fl.key));
		const getManySelected = getManyVariants().filter((v) => !OPT.only || OPT.only.includes(v.key));
		const resetSelected = vs.length + floorList.length > 0;
		const sizes = OPT.growth ? [OPT.n, OPT.n / 2] : [OPT.n];
		const wfIds = {};
		for (const n of sizes) {
			for (const v of vs)
				if (n === OPT.n || !v.noGrowth)
					wfIds[`${v.key}@${n}`] = await inst.importWorkflow(
						workflow(`bench ${v.key} N=${n}`, n, v.node()),
					);
		}
		const n8nNode = inst.runtime.nodeVersion;
		log(`imported ${Object.keys(wfIds).length} workflows; sandbox ${sb.webClientUrl}`);

		const headers = { Authorization: defaultAuthorization('basic'), Accept: 'application/json' };
		const byLatency = {};
		for (const lat of resetSelected ? OPT.latencies : []) {
			sb.faults.clear();
			if (lat > 0) sb.faults.latency({ fixedMs: lat, jitterMs: 0 });
			const raw = {}; // key -> [{...}]
			// n8n runs: repetitions outermost, variants interleaved so drift hits all alike
			for (let rep = 0; rep < OPT.reps; rep++) {
				for (const n of sizes) {
					for (const v of vs) {
						if (!wfIds[`${v.key}@${n}`]) continue;
						seedSessions(sb, n);
						sb.clearRequests();
						sb.resetStats();
						conns = 0;
						const r = await executeMeasured(inst, wfIds[`${v.key}@${n}`], {
							poolAgents: !!v.poolAgents,
						});
						const check = checkRun(r, n, sb, conns);
						if (OPT.timeline) log(timeline(sb));
						const nodeRun = r.runData?.[NODE]?.[0];
						const entry = {
							n,
							wallMs: nodeRun?.executionTime,
							cliMs: r.cliMs,
							peakMb: r.peakKb / 1024,
							maxInFlight: sb.maxInFlight,
							conns: check.conns,
							connHeader: check.connHeader,
							problems: check.problems,
							...r.win,
						};
						(raw[`${v.key}@${n}`] ??= []).push(entry);
						log(
							`latency ${lat} ms, rep ${rep + 1}/${OPT.reps}, N=${n}, ${v.key}: node ${f0(entry.wallMs)} ms, CLI ${f0(entry.cliMs)} ms, peak RSS ${f1(entry.peakMb)} MB, ` +
								`in flight ≤ ${entry.maxInFlight}, ${entry.conns} TCP conns; during the node: n8n CPU ${f0(entry.n8nCpuMs)} ms, sandbox CPU ${f0(entry.benchCpuMs)} ms, ` +
								`other processes ${f0(entry.otherCpuMs)} ms, RSS ${f1(entry.rssStartMb)}→${f1(entry.rssPeakMb)} MB, heap ${f1(entry.heapStartMb)}→${f1(entry.heapPeakMb)} MB, ` +
								`GC ${f0(entry.gcMs)} ms (${entry.majorGcs} major), live heap after ${f1(entry.liveHeapAfterMb)} MB` +
								`${check.problems.length ? `  PROBLEMS: ${check.problems.join('; ')}` : ''}`,
						);
						if (check.problems.length) {
							fs.mkdirSync(path.join(__dirname, '.work'), { recursive: true });
							fs.writeFileSync(
								path.join(__dirname, '.work', `failed-${v.key}-${n}.log`),
								`${r.stdout.slice(-20000)}\n--- stderr\n${r.stderr.slice(-20000)}`,
							);
						}
					}
				}
			}
			// floor runs: afterwards, so they never compete with n8n for the 2 cores
			const ids = Array.from({ length: OPT.n }, (_, i) => FIRST_ID + i);
			const floorRaw = {};
			const fw = floorWorker();
			// warm-up (not measured): JIT, undici, the worker itself
			for (const fl of floorList) {
				seedSessions(sb, OPT.n);
				await fw.run({
					mode: fl.mode,
					apiUrl: sb.apiUrl,
					ids: ids.slice(0, Math.min(200, ids.length)),
					concurrency: fl.concurrency,
					headers,
				});
			}
			for (let rep = 0; rep < OPT.reps; rep++) {
				for (const fl of floorList) {
					seedSessions(sb, OPT.n);
					sb.clearRequests();
					sb.resetStats();
					conns = 0;
					const r = await fw.run({
						mode: fl.mode,
						apiUrl: sb.apiUrl,
						ids,
						concurrency: fl.concurrency,
						headers,
					});
					const posts = sb.requestsFor('POST', /\/Reset$/);
					const connHeader = {};
					for (const q of posts) {
						const h = String(q.headers.connection ?? '(none)').toLowerCase();
						connHeader[h] = (connHeader[h] ?? 0) + 1;
					}
					const problems = r.ok === OPT.n ? [] : [`${r.ok} of ${OPT.n} resets came back`];
					(floorRaw[fl.key] ??= []).push({
						wallMs: r.wallMs,
						maxInFlight: sb.maxInFlight,
						conns,
						connHeader,
						problems,
					});
					log(
						`latency ${lat} ms, rep ${rep + 1}/${OPT.reps}, ${fl.key}: ${f0(r.wallMs)} ms, in flight ≤ ${sb.maxInFlight}, ${conns} TCP conns${problems.length ? `  PROBLEMS: ${problems.join('; ')}` : ''}`,
					);
				}
			}
			await fw.close();

			const headerText = (runs) => {
				const h = runs[runs.length - 1].connHeader;
				return Object.entries(h)
					.map(([k, c]) => `${k} ×${c}`)
					.join(', ');
			};
			const L = { variants: {}, floors: {} };
			for (const v of vs) {
				const big = raw[`${v.key}@${OPT.n}`];
				const small = raw[`${v.key}@${OPT.n / 2}`];
				const wallMs = median(big.map((e) => e.wallMs));
				const peakMb = median(big.map((e) => e.peakMb));
				L.variants[v.key] = {
					key: v.key,
					label: v.label,
					concurrency: v.concurrency,
					floorKey: v.floorKey,
					wallMs,
					itemsPerS: (OPT.n / wallMs) * 1000,
					cliMs: median(big.map((e) => e.cliMs)),
					peakMb,
					peakMbSmall: small ? median(small.map((e) => e.peakMb)) : NaN,
					growthMbPer1000: small
						? ((peakMb - median(small.map((e) => e.peakMb))) / (OPT.n / 2)) * 1000
						: NaN,
					maxInFlight: Math.max(...big.map((e) => e.maxInFlight)),
					conns: median(big.map((e) => e.conns)),
					connHeader: headerText(big),
					n8nCpuMsPerItem: median(big.map((e) => e.n8nCpuMs / OPT.n)),
					sandboxCpuMsPerItem: median(big.map((e) => e.benchCpuMs / OPT.n)),
					// CPU of everything else on the machine during the node, as % of one core
					otherLoadPct: median(big.map((e) => (100 * Math.max(0, e.otherCpuMs)) / e.wallMs)),
					rssAddedMb: median(big.map((e) => e.rssPeakMb - e.rssStartMb)),
					rssAddedMbSmall: small ? median(small.map((e) => e.rssPeakMb - e.rssStartMb)) : NaN,
					gcMs: median(big.map((e) => e.gcMs)),
					runs: big.map((e) => e.wallMs),
					raw: { big, small },
					problems: [...big, ...(small ?? [])].flatMap((e) => e.problems),
				};
			}
			for (const fl of floorList) {
				const rs = floorRaw[fl.key];
				const wallMs = median(rs.map((e) => e.wallMs));
				L.floors[fl.key] = {
					key: fl.key,
					label: fl.label,
					concurrency: fl.concurrency,
					wallMs,
					itemsPerS: (OPT.n / wallMs) * 1000,
					maxInFlight: Math.max(...rs.map((e) => e.maxInFlight)),
					conns: median(rs.map((e) => e.conns)),
					connHeader: headerText(rs),
					runs: rs.map((e) => e.wallMs),
					problems: rs.flatMap((e) => e.problems),
				};
			}
			byLatency[String(lat)] = L;
		}

		// Memory probe (separate, untimed runs): live heap after forced full GCs, latency 0.
		const memoryProbe = {};
		if (OPT.growth) {
			sb.faults.clear();
			// the two variants at equal concurrency C (node-5 behaves like node-C here)
			for (const v of vs.filter((x) => x.key === `node-${C}` || x.key === `http-${C}`)) {
				const per = {};
				for (const n of sizes) {
					seedSessions(sb, n);
					sb.clearRequests();
					sb.resetStats();
					conns = 0;
					const r = await executeMeasured(inst, wfIds[`${v.key}@${n}`], { gcProbe: true });
					const check = checkRun(r, n, sb, conns);
					per[n] = check.problems.length
						? { liveStartMb: NaN, livePeakMb: NaN, liveEndMb: NaN, problems: check.problems }
						: {
								liveStartMb: r.win.liveStartMb,
								livePeakMb: r.win.livePeakMb,
								liveEndMb: r.win.liveEndMb,
								problems: [],
							};
					log(
						`memory probe, N=${n}, ${v.key}: live heap (after forced full GC) ${f1(r.win.liveStartMb)} MB before the node, ` +
							`≤ ${f1(r.win.livePeakMb)} MB during it, ${f1(r.win.liveEndMb)} MB after it${check.problems.length ? `  PROBLEMS: ${check.problems.join('; ')}` : ''}`,
					);
				}
				const grow = (x) => x.livePeakMb - x.liveStartMb;
				memoryProbe[v.key] = {
					label: v.label,
					per,
					liveGrowthMb: grow(per[OPT.n]),
					liveGrowthMbSmall: grow(per[OPT.n / 2]),
					liveMbPer1000: ((grow(per[OPT.n]) - grow(per[OPT.n / 2])) / (OPT.n / 2)) * 1000,
					problems: Object.values(per).flatMap((x) => x.problems),
				};
			}
		}

		const getMany = getManySelected.length
			? await runGetManyFullEntities(inst, sb, getManySelected)
			: {};

		const results = {
			meta: {
				feN: OPT.feN,
				feLatency: OPT.feLatency,
				date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
				n: OPT.n,
				reps: OPT.reps,
				concurrency: C,
				latencies: OPT.latencies,
				n8nVersion: OPT.version,
				n8nNode,
				benchNode: process.version,
				cpus: os.cpus().length,
				cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown CPU',
				memGb: Math.round(os.totalmem() / 2 ** 30),
				kernel: os.release(),
				durationS: Math.round((Date.now() - tStart) / 1000),
				loadAvgAtStart,
				loadAvgAtEnd: os
					.loadavg()
					.map((x) => x.toFixed(2))
					.join(' '),
			},
			byLatency,
			memoryProbe,
			getMany,
		};
		const md = resetSelected ? markdown(results) : '';
		const getManyMd = getManySelected.length ? getManyMarkdown(results.meta, getMany) : '';
		console.log([md, getManyMd].filter(Boolean).join('\n\n'));
		const problems = [
			...Object.values(byLatency).flatMap((L) =>
				[...Object.values(L.variants), ...Object.values(L.floors)].flatMap((v) => v.problems),
			),
			...Object.values(getMany).flatMap((v) => v.problems),
		];
		// a failed memory-probe run only leaves its cells n/a
		const warnings = Object.values(memoryProbe).flatMap((m) => m.problems);
		if (warnings.length)
			log(`memory probe warnings (cells left n/a): ${[...new Set(warnings)].join('; ')}`);
		if (OPT.json) fs.writeFileSync(OPT.json, JSON.stringify(results, null, 2));
		fs.mkdirSync(path.join(__dirname, '.work'), { recursive: true });
		fs.writeFileSync(
			path.join(__dirname, '.work', 'last-run.json'),
			JSON.stringify(results, null, 2),
		);
		log(
			`done in ${results.meta.durationS} s${problems.length ? `, with ${problems.length} problem(s): ${[...new Set(problems)].join('; ')}` : ''}`,
		);
		if (OPT.write) {
			if (problems.length) log('not writing BENCHMARKS.md: the run had problems');
			else {
				if (md) writeBenchmarksMd(md);
				if (getManyMd) writeBenchmarksMd(getManyMd, 'bench:getmany');
			}
		}
		return problems.length ? 1 : 0;
	} finally {
		await sb.close();
		await inst.stop({ cleanup: true });
		fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(e && e.stack ? e.stack : e);
		process.exit(1);
	},
);
