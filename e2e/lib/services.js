'use strict';
/**
 * The services n8n's queue mode needs, started for one run and removed afterwards:
 *  - PostgreSQL (Debian's `postgresql`): `initdb` into a throw-away folder, `postgres` on
 *    127.0.0.1 and a free port. As root it runs as the `postgres` user (PostgreSQL refuses root).
 *    Missing and running as root: installed with apt-get; otherwise the error names the command.
 *  - Redis (Debian's `redis-server`): `--bind 127.0.0.1 --port <free> --save ''`, nothing on disk.
 *    Missing and running as root: installed with apt-get; otherwise the error names the command.
 * Both are process groups of ./proc, so they die with the test process at the latest.
 */
const fs = require('node:fs');
const path = require('node:path');
const net = require('node:net');
const { run, start } = require('./proc');
const { freePort } = require('./n8n');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The newest PostgreSQL server binaries Debian installed (/usr/lib/postgresql/<major>/bin), or null. */
function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return null;
	const majors = fs
		.readdirSync(base)
		.filter((d) => /^\d+$/.test(d) && fs.existsSync(path.join(base, d, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(base, majors[0], 'bin') : null;
}

function redisServerBin() {
	for (const dir of (process.env.PATH || '').split(':').concat(['/usr/bin', '/usr/sbin'])) {
		const p = path.join(dir || '.', 'redis-server');
		if (dir && fs.existsSync(p)) return p;
	}
	return null;
}

/** Answers a TCP connect within the time? */
async function portOpen(port, host = '127.0.0.1') {
	return await new Promise((resolve) => {
		const s = net.connect({ port, host });
		const done = (ok) => {
			s.destroy();
			resolve(ok);
		};
		s.setTimeout(1000, () => done(false));
		s.once('connect', () => done(true));
		s.once('error', () => done(false));
	});
}

/** What a missing service means: under CI=true a failure, otherwise a reason to skip. */
function missingServices() {
	const missing = [];
	if (!postgresBinDir() && !isRoot())
		missing.push('PostgreSQL server (sudo apt-get install -y postgresql)');
	if (!redisServerBin() && !isRoot())
		missing.push('redis-server (sudo apt-get install -y redis-server)');
	return missing;
}

/** apt-get update, then install `pkg` (Debian's package): only as root, as in CI. */
async function aptInstall(pkg, log) {
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	log(`${pkg} is missing: apt-get update && apt-get install -y ${pkg} ...`);
	for (const args of [['update'], ['install', '-y', '--no-install-recommends', pkg]]) {
		const step = await run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
			env,
			timeoutMs: 10 * 60_000,
		});
		if (step.exitCode !== 0)
			throw new Error(
				`apt-get ${args.join(' ')} failed (exit ${step.exitCode}):\n${step.stderr.slice(-2000)}`,
			);
	}
}

/**
 * redis-server on PATH; as root, install Debian's package when it is missing (apt-get update first).
 * @returns {Promise<string>} path of redis-server
 */
async function ensureRedis({ log = () => undefined } = {}) {
	let bin = redisServerBin();
	if (bin) return bin;
	if (!isRoot())
		throw new Error('redis-server is not installed: run `sudo apt-get install -y redis-server`');
	await aptInstall('redis-server', log);
	// Debian's package starts a system redis on 6379; this run uses its own, so leave that one alone.
	bin = redisServerBin();
	if (!bin) throw new Error('apt-get installed redis-server, but it is not on PATH');
	return bin;
}

/**
 * The PostgreSQL server binaries; as root, install Debian's `postgresql` when they are missing.
 * @returns {Promise<string>} the folder of initdb and postgres
 */
async function ensurePostgres({ log = () => undefined } = {}) {
	let bin = postgresBinDir();
	if (bin) return bin;
	if (!isRoot())
		throw new Error(
			'PostgreSQL is not installed (no /usr/lib/postgresql/<major>/bin/initdb): run `sudo apt-get install -y postgresql`',
		);
	await aptInstall('postgresql', log);
	// The package starts a system cluster on 5432; this run uses its own, so leave that one alone.
	bin = postgresBinDir();
	if (!bin) throw new Error('apt-get installed postgresql, but no /usr/lib/postgresql/<major>/bin');
	return bin;
}

/**
 * Redis for one run, nothing persisted.
 * @returns {Promise<{host, port, stop: () => Promise<void>, logs: () => string}>}
 */
async function startRedis({ log } = {}) {
	const bin = await ensureRedis({ log });
	const port = await freePort();
	const proc = start(
		bin,
		[
			'--bind',
			'127.0.0.1',
			'--port',
			String(port),
			'--save',
			'',
			'--appendonly',
			'no',
			'--protected-mode',
			'yes',
		],
		{},
	);
	const deadline = Date.now() + 20_000;
	while (!(await portOpen(port))) {
		const { stdout, stderr } = proc.output();
		if (Date.now() > deadline || proc.child.exitCode !== null) {
			await proc.stop(2000);
			throw new Error(
				`redis-server did not listen on 127.0.0.1:${port}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`,
			);
		}
		await sleep(100);
	}
	return {
		host: '127.0.0.1',
		port,
		proc,
		logs: () => proc.output().stdout,
		stop: async () => {
			await proc.stop(5000);
		},
	};
}

/** Run a PostgreSQL binary as the owner of the data folder (the `postgres` user when we are root). */
function asPostgresUser(bin, args) {
	return isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

/**
 * PostgreSQL for one run: a fresh cluster under `parentDir` (removed by stop()), trust
 * authentication on 127.0.0.1 only, one database `n8n` owned by the superuser `n8n`.
 * Durability is switched off (fsync, synchronous_commit): the data is thrown away anyway.
 * @returns {Promise<{host, port, user, database, dataDir, stop: () => Promise<void>, logs: () => string}>}
 */
async function startPostgres({ parentDir, log }) {
	const bin = await ensurePostgres({ log });
	fs.mkdirSync(parentDir, { recursive: true });
	removeStaleClusters(parentDir);
	const root = fs.mkdtempSync(path.join(parentDir, 'pg-'));
	// Even when the run is cut short: the process groups die on exit (./proc), and so does the folder.
	const removeOnExit = () => fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 });
	process.on('exit', removeOnExit);
	const dataDir = path.join(root, 'data');
	const socketDir = path.join(root, 'sock');
	fs.mkdirSync(socketDir);
	if (isRoot()) {
		const { uid, gid } = postgresIds();
		for (const p of [root, socketDir]) fs.chownSync(p, uid, gid);
	}
	const user = 'n8n';
	const remove = () => fs.rmSync(root, { recursive: true, force: true });
	const [initCmd, initArgs] = asPostgresUser(path.join(bin, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		user,
		'--auth=trust',
		'-E',
		'UTF8',
		'--locale=C',
		'--no-sync',
	]);
	const init = await run(initCmd, initArgs, { timeoutMs: 120_000, cwd: root });
	if (init.exitCode !== 0) {
		remove();
		throw new Error(
			`initdb failed (exit ${init.exitCode}):\n${init.stdout.slice(-1500)}\n${init.stderr.slice(-1500)}`,
		);
	}
	const port = await freePort();
	const settings = [
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=100',
		'-c',
		'shared_buffers=32MB',
	];
	const [pgCmd, pgArgs] = asPostgresUser(path.join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-h',
		'127.0.0.1',
		'-p',
		String(port),
		'-k',
		socketDir,
		...settings,
	]);
	const proc = start(pgCmd, pgArgs, { cwd: root });
	const stop = async () => {
		// SIGTERM to the group: "smart" would wait for n8n's pooled connections; SIGINT = fast shutdown
		if (proc.child.exitCode === null && proc.child.signalCode === null) {
			try {
				process.kill(-proc.pid, 'SIGINT');
			} catch {}
		}
		await Promise.race([proc.exited, sleep(10_000)]);
		await proc.stop(2000);
		remove();
		process.off('exit', removeOnExit);
	};
	const psql = path.join(bin, 'psql');
	const query = async (sql, database = 'postgres') => {
		const r = await run(
			psql,
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(port),
				'-U',
				user,
				'-d',
				database,
				'-At',
				'-v',
				'ON_ERROR_STOP=1',
				'-c',
				sql,
			],
			{ timeoutMs: 30_000 },
		);
		if (r.exitCode !== 0)
			throw new Error(`psql failed (exit ${r.exitCode}): ${r.stderr.slice(-1000)}`);
		return r.stdout.trim();
	};
	const deadline = Date.now() + 60_000;
	for (;;) {
		try {
			await query('SELECT 1');
			break;
		} catch (e) {
			if (Date.now() > deadline || proc.child.exitCode !== null) {
				const { stdout, stderr } = proc.output();
				await stop();
				throw new Error(
					`PostgreSQL did not accept connections on 127.0.0.1:${port}: ${e.message}\n${stdout.slice(-1500)}\n${stderr.slice(-1500)}`,
				);
			}
			await sleep(200);
		}
	}
	const database = 'n8n';
	await query(`CREATE DATABASE ${database}`);
	return {
		host: '127.0.0.1',
		port,
		user,
		database,
		dataDir,
		query: (sql) => query(sql, database),
		logs: () => proc.output().stderr,
		stop,
	};
}

/** Folders of earlier runs that were killed before they could clean up (their postmaster is gone). */
function removeStaleClusters(parentDir) {
	for (const name of fs.readdirSync(parentDir).filter((n) => n.startsWith('pg-'))) {
		const dir = path.join(parentDir, name);
		let pid = null;
		try {
			pid = Number(
				fs.readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0],
			);
		} catch {}
		let alive = false;
		if (pid) {
			try {
				process.kill(pid, 0);
				alive = true;
			} catch {}
		}
		if (!alive && Date.now() - fs.statSync(dir).mtimeMs > 60_000)
			fs.rmSync(dir, { recursive: true, force: true });
	}
}

function postgresIds() {
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line)
		throw new Error('there is no `postgres` user to run PostgreSQL as (root may not run it)');
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

module.exports = {
	startPostgres,
	startRedis,
	ensureRedis,
	ensurePostgres,
	postgresBinDir,
	redisServerBin,
	missingServices,
	portOpen,
};
