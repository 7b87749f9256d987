#!/usr/bin/env node
'use strict';
/**
 * The single-process counterpart of the queue suite's 40-execution run (e2e/queue): the same
 * workflow (Webhook → Reset, answering at once), the same 40 POSTs sent at once, the same 200 ms
 * sandbox latency, but one `n8n start` in regular mode (SQLite) running every execution itself.
 * Prints the time from the first POST to the last execution's end; the queue number comes from
 * .tmp/queue/results.json, written by the suite. BENCHMARKS.md ("Queue mode") shows both.
 *
 *   npm run build && node bench/webhook-single.js [--version 2.41.1] [--n 40] [--latency 200]
 */
const path = require('node:path');
const { n8nInstance, packRepo } = require('../e2e/lib');
const { createSandbox } = require('../test/sandbox');
const { sandboxCredential } = require('../e2e/workflows/credentials');
const { resetByWebhook } = require('../e2e/queue/workflows');
const { restClient } = require('../e2e/queue/rest');

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main() {
	const version = arg('version', '2.41.1');
	const n = Number(arg('n', 40));
	const latencyMs = Number(arg('latency', 200));
	const tgz = await packRepo();
	if (!tgz) throw new Error('dist/ is not built: run `npm run build` first');
	const sandbox = await createSandbox({ port: 0 });
	const inst = n8nInstance({ version });
	try {
		await inst.installPackageTarball(tgz);
		const credential = sandboxCredential(sandbox.webClientUrl);
		await inst.importCredentials([credential]);
		const hookPath = 'so-bench-single';
		const [id] = await inst.importWorkflows([
			resetByWebhook('bench: Reset by webhook', hookPath, credential),
		]);
		const server = await inst.startServer({ readyTimeoutMs: 300_000 });
		const api = restClient(server, inst.runtime.dir);
		const url = `${server.url}/webhook/${hookPath}`;
		await api.activate(id, url);
		const ids = [...sandbox.sessions.keys()]
			.filter((x) => x < 900)
			.sort((a, b) => a - b)
			.slice(0, n);
		sandbox.faults.latency({ fixedMs: latencyMs });
		const t0 = Date.now();
		await Promise.all(
			ids.map((sid) =>
				fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ id: sid }),
				}).then((r) => r.text()),
			),
		);
		const done = await api.waitForExecutions(id, n, { timeoutMs: 300_000 });
		const seconds = (Math.max(...done.map((e) => Date.parse(e.stoppedAt))) - t0) / 1000;
		const ok = done.filter((e) => e.status === 'success').length;
		const resets = sandbox.requestsFor('POST', /\/ChatSession\/\d+\/Reset$/).length;
		console.log(
			JSON.stringify({
				version,
				mode: 'single process (regular, SQLite)',
				executions: n,
				succeeded: ok,
				resets,
				latencyMs,
				seconds: Number(seconds.toFixed(2)),
				perSecond: Number((n / seconds).toFixed(1)),
			}),
		);
	} finally {
		await inst.stop({ cleanup: true });
		await sandbox.close();
		require('node:fs').rmSync(path.dirname(tgz), { recursive: true, force: true });
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
