#!/usr/bin/env node
'use strict';
/**
 * `npm run start:queue`: like `npm start`, but n8n in queue mode: PostgreSQL and Redis started
 * for this run, `n8n start` (the editor on 127.0.0.1), two `n8n worker --concurrency=5` and an
 * `n8n webhook` process, each with this package installed in its own user folder; the SuperOffice
 * sandbox, a credential pointing at it and the example workflows, as in `npm start`.
 *
 *   npm run build && node scripts/start-queue.js [--port 5678] [--version 2.8.4] [--sandbox-port 0]
 *
 * Ctrl-C / SIGTERM stop every n8n process, PostgreSQL and Redis, and remove their folders.
 */
const path = require('node:path');
const { packRepo } = require('../e2e/lib');
const { createQueueCluster } = require('../e2e/lib/queue');
const { createSandbox } = require('../test/sandbox');
const { sandboxCredential } = require('../e2e/workflows/credentials');
const { ensureN8n, demoWorkflows, DEFAULT_VERSION } = require('./lib/setup');

const { OWNER, arg, port, assertPortFree, stopOnSignals } = require('./lib/cli');

const REPO = path.resolve(__dirname, '..');

let cluster = null;
let sandbox = null;
let stopping = false;

async function shutdown(reason, code) {
	if (stopping) return;
	stopping = true;
	console.log(
		`\n${reason}: stopping n8n (main, webhook, workers), PostgreSQL, Redis and the sandbox ...`,
	);
	if (cluster) await cluster.stop({ cleanup: true }).catch(() => undefined);
	if (sandbox) await sandbox.close().catch(() => undefined);
	console.log('stopped.');
	process.exit(code);
}

async function main() {
	const version = arg('version', DEFAULT_VERSION);
	const editorPort = port(arg('port', process.env.PORT || 5678), '--port');
	const sandboxPort = port(arg('sandbox-port', 0), '--sandbox-port');
	if (editorPort !== 0) await assertPortFree(editorPort);
	stopOnSignals((reason) => shutdown(reason, 0));

	await ensureN8n(version);
	const tgz = await packRepo();
	if (!tgz) throw new Error('dist/ is not built: run `npm run build` first');
	sandbox = await createSandbox({ port: sandboxPort, seed: 'default', wrongHostPort: false });
	console.log(`SuperOffice sandbox: ${sandbox.webClientUrl}`);
	cluster = await createQueueCluster({
		version,
		parentDir: path.join(REPO, '.tmp', 'queue'),
		log: (line) => console.log(line),
		exitOnSignal: false,
	});
	if (stopping) return;
	const main = await cluster.addProcess('main', { tgz });
	const hook = await cluster.addProcess('webhook', { tgz });
	const workers = [
		await cluster.addProcess('worker', { name: 'worker 1', tgz }),
		await cluster.addProcess('worker', { name: 'worker 2', tgz }),
	];
	console.log(
		`installed n8n-nodes-superoffice in 4 user folders (main, webhook, 2 workers), as Settings → Community Nodes does`,
	);

	const credential = sandboxCredential(sandbox.webClientUrl);
	await main.inst.importCredentials([credential]);
	const workflows = demoWorkflows({ id: credential.id, name: credential.name });
	await main.inst.importWorkflows(workflows.all);
	console.log(
		`imported credential "${credential.name}" and ${workflows.all.length} workflows; starting main (the editor on 127.0.0.1${editorPort ? `:${editorPort}` : ''}) ...`,
	);
	const server = await cluster.startMain(main, { owner: OWNER, port: editorPort });
	if (stopping) return;
	console.log('starting the webhook process and two workers ...');
	await Promise.all([
		cluster.startWebhook(hook),
		...workers.map((w) => cluster.startWorker(w, { concurrency: 5 })),
	]);
	if (stopping) return;
	console.log(
		[
			'',
			`n8n ${version} in queue mode with n8n-nodes-superoffice is running.`,
			'',
			`  editor      ${server.url}   (sign in: ${OWNER.email} / ${OWNER.password})`,
			`  workflow    ${server.url}/workflow/${workflows.runNow.workflow.id}`,
			`  webhooks    ${hook.url}/webhook/<path>   (production webhooks go to the webhook process)`,
			`  workers     2 × n8n worker --concurrency=5 (health: ${workers.map((w) => `http://127.0.0.1:${w.port}/healthz`).join(', ')})`,
			`  PostgreSQL  127.0.0.1:${cluster.pg.port} (database ${cluster.pg.database}),  Redis 127.0.0.1:${cluster.redis.port} (prefix ${cluster.env.QUEUE_BULL_PREFIX})`,
			'',
			'Manual executions run on main; production executions (active workflows, webhooks) on the workers.',
			'Ctrl-C stops everything.',
			'',
		].join('\n'),
	);
	const ended = await Promise.race(
		[main, hook, ...workers].map((m) => m.proc.exited.then((x) => ({ m, x }))),
	);
	if (!stopping) {
		console.error(
			`${ended.m.name} exited on its own (code ${ended.x.exitCode}, signal ${ended.x.signal})\n${ended.m.logs().slice(-3000)}`,
		);
		await shutdown(`${ended.m.name} exited`, 1);
	}
}

main().catch(async (e) => {
	console.error(`start:queue failed: ${e && e.message ? e.message : e}`);
	await shutdown('failed', 1);
});
