'use strict';
/**
 * n8n in queue mode, for the queue tests (e2e/queue/) and `npm run start:queue`:
 * PostgreSQL and Redis for one run (./services), then n8n processes that share the database,
 * the queue and one encryption key, each with its OWN user folder (a package must be installed
 * on every process) and its own ports:
 *   main     `n8n start`   editor + REST, migrates the database; production webhooks are left to
 *                          the webhook process (N8N_DISABLE_PRODUCTION_MAIN_PROCESS), whose URL
 *                          is main's WEBHOOK_URL (what triggers register at the outside service)
 *   worker   `n8n worker --concurrency=N`   runs the queued executions; health check on its own port
 *   webhook  `n8n webhook` production webhooks → queue
 * stop() ends every process (workers first), then PostgreSQL and Redis, and removes the folders.
 */
const crypto = require('node:crypto');
const { n8nInstance, freePort } = require('./n8n');
const { startPostgres, startRedis } = require('./services');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Bull's stall handling, shortened so a killed worker's job is noticed in seconds, not in the
 * default 30 s. Same meaning as n8n's QUEUE_WORKER_* settings.
 */
const FAST_STALL_ENV = Object.freeze({
	QUEUE_WORKER_LOCK_DURATION: '6000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
	QUEUE_WORKER_STALLED_INTERVAL: '3000',
});

/** The environment every process of one cluster shares. */
function queueEnv({ pg, redis, encryptionKey, prefix }) {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: '',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_BULL_PREFIX: prefix,
		N8N_ENCRYPTION_KEY: encryptionKey,
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '30',
	};
}

async function waitFor(what, check, { timeoutMs, proc, logs }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			if (await check()) return;
		} catch {}
		const exited = proc && (proc.child.exitCode !== null || proc.child.signalCode !== null);
		if (exited || Date.now() > deadline) {
			const out = logs ? logs() : '';
			throw new Error(
				`${what} ${exited ? `exited (${proc.child.exitCode ?? proc.child.signalCode})` : `not ready within ${timeoutMs} ms`}\n${out.slice(-4000)}`,
			);
		}
		await sleep(300);
	}
}

async function httpOk(url) {
	const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
	await res.text();
	return res.status === 200;
}

/**
 * @param {object} opts
 * @param {string} opts.version              installed n8n version (e2e/n8n/<version>)
 * @param {string} opts.parentDir            where PostgreSQL's throw-away cluster goes (e.g. <repo>/.tmp/queue)
 * @param {object} [opts.env]                extra environment for every process (e.g. CREDENTIALS_OVERWRITE_DATA, FAST_STALL_ENV)
 * @param {(line: string) => void} [opts.log] progress messages
 */
async function createQueueCluster({
	version,
	parentDir,
	env: extra = {},
	log = () => undefined,
	exitOnSignal = true,
}) {
	// Ctrl-C of a test run: leave through process.exit, so every process group is killed (./proc).
	if (exitOnSignal) exitOnSignals();
	const cluster = { version, processes: [], pg: null, redis: null, env: null };
	try {
		log('starting PostgreSQL ...');
		cluster.pg = await startPostgres({ parentDir, log });
		log(`PostgreSQL on 127.0.0.1:${cluster.pg.port}; starting Redis ...`);
		cluster.redis = await startRedis({ log });
		log(`Redis on 127.0.0.1:${cluster.redis.port}`);
	} catch (e) {
		await stopCluster(cluster);
		throw e;
	}
	cluster.env = {
		...queueEnv({
			pg: cluster.pg,
			redis: cluster.redis,
			encryptionKey: crypto.randomBytes(24).toString('hex'),
			prefix: `so-${crypto.randomBytes(4).toString('hex')}`,
		}),
		...extra,
	};

	/**
	 * One n8n process's user folder, with the package installed from `tgz` (null: without it).
	 * @returns {Promise<{name, kind, inst, proc: object|null, port: number|null, logs: () => string}>}
	 */
	async function addProcess(kind, { name = kind, tgz = null, env = {} } = {}) {
		const inst = n8nInstance({ version, env: { ...cluster.env, ...env } });
		const member = {
			name,
			kind,
			inst,
			proc: null,
			port: null,
			url: null,
			server: null,
			exits: [],
			logs: () => '',
		};
		if (kind === 'webhook') {
			// known before main starts: main names it as WEBHOOK_URL where triggers register their URL
			member.port = await freePort();
			member.url = `http://127.0.0.1:${member.port}`;
		}
		cluster.processes.push(member);
		if (tgz) await inst.installPackageTarball(tgz);
		return member;
	}

	/** `n8n start` (migrates the database), the owner set up; production webhooks off on main. */
	async function startMain(member, { owner, port, readyTimeoutMs = 420_000 } = {}) {
		const webhook = cluster.processes.find((m) => m.kind === 'webhook');
		const env = {
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			...(webhook ? { WEBHOOK_URL: `${webhook.url}/` } : {}),
		};
		member.server = await member.inst.startServer({ owner, port, readyTimeoutMs, env });
		const proc = member.server.proc;
		member.proc = proc;
		member.port = member.server.port;
		member.logs = () => joined(proc);
		return member.server;
	}

	/** `n8n worker --concurrency=N`, ready when its health check answers and it says so in its log. */
	async function startWorker(member, { concurrency = 5, readyTimeoutMs = 300_000 } = {}) {
		const port = await freePort();
		const proc = await member.inst.startCommand(['worker', `--concurrency=${concurrency}`], {
			env: { QUEUE_HEALTH_CHECK_PORT: String(port) },
		});
		member.proc = proc;
		member.port = port;
		member.logs = () => joined(proc);
		await waitFor(
			`n8n worker ${member.name}`,
			async () =>
				(await httpOk(`http://127.0.0.1:${port}/healthz/readiness`)) &&
				/worker is now ready|Worker ready/i.test(joined(proc)),
			{
				timeoutMs: readyTimeoutMs,
				proc,
				logs: member.logs,
			},
		);
		return member;
	}

	/** `n8n webhook` on its own port: production webhooks, handed to the queue. */
	async function startWebhook(member, { readyTimeoutMs = 300_000 } = {}) {
		const proc = await member.inst.startCommand(['webhook'], {
			env: { N8N_PORT: String(member.port) },
		});
		member.proc = proc;
		member.logs = () => joined(proc);
		await waitFor(
			`n8n webhook ${member.name}`,
			async () => await httpOk(`${member.url}/healthz/readiness`),
			{ timeoutMs: readyTimeoutMs, proc, logs: member.logs },
		);
		return member;
	}

	/**
	 * Stop one process (SIGTERM to its group, or to the process alone with `onlyTheProcess`;
	 * SIGKILL to the group after graceMs); the log is kept in member.exits.
	 */
	async function stopProcess(member, graceMs = 40_000, { onlyTheProcess = false } = {}) {
		if (!member.proc) return null;
		const proc = member.proc;
		const result = await proc.stop(graceMs, { onlyTheProcess });
		member.exits.push({ ...result, logs: joined(proc) });
		if (member.server) await member.inst.stop();
		member.proc = null;
		member.server = null;
		return result;
	}

	cluster.addProcess = addProcess;
	cluster.startMain = startMain;
	cluster.startWorker = startWorker;
	cluster.startWebhook = startWebhook;
	cluster.stopProcess = stopProcess;
	cluster.stop = async ({ cleanup = true } = {}) => await stopCluster(cluster, { cleanup });
	return cluster;
}

let signalsHandled = false;
function exitOnSignals() {
	if (signalsHandled) return;
	signalsHandled = true;
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
		process.once(signal, () => process.exit(130));
}

function joined(proc) {
	const { stdout, stderr } = proc.output();
	return `${stdout}\n${stderr}`;
}

async function stopCluster(cluster, { cleanup = true } = {}) {
	const order = { worker: 0, webhook: 1, main: 2 };
	const members = [...cluster.processes].sort(
		(a, b) => (order[a.kind] ?? 3) - (order[b.kind] ?? 3),
	);
	await Promise.all(members.filter((m) => m.kind === 'worker').map((m) => m.proc?.stop(15_000)));
	for (const m of members) {
		if (m.proc) await m.proc.stop(15_000).catch(() => undefined);
		await m.inst.stop({ cleanup }).catch(() => undefined);
	}
	if (cluster.pg) await cluster.pg.stop().catch(() => undefined);
	if (cluster.redis) await cluster.redis.stop().catch(() => undefined);
}

module.exports = { createQueueCluster, queueEnv, FAST_STALL_ENV };
