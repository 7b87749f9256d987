'use strict';
/**
 * Drive a real, pinned n8n (installed by e2e/install.js) from tests:
 * community-package install, credential/workflow import, headless execution,
 * loaded node types, and the editor server with an owner account.
 *
 * Plain CommonJS, Node built-ins only.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const os = require('node:os');
const crypto = require('node:crypto');
const { runtimeFor } = require('./runtime');
const { run, start } = require('./proc');
const { n8nFetch } = require('./n8nFetch');
const { freePort, portTakenIn } = require('./ports');

const SINK = 'http://127.0.0.1:9'; // discard port on loopback: anything still calling out gets "connection refused"

/**
 * Environment that switches off every outbound call n8n 2.x makes on its own,
 * keeps every listener on 127.0.0.1 and keeps community packages loadable.
 */
const QUIET_ENV = Object.freeze({
	N8N_DIAGNOSTICS_ENABLED: 'false', // telemetry (RudderStack, PostHog)
	N8N_DIAGNOSTICS_POSTHOG_API_HOST: SINK,
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false', // api.n8n.io/api/versions
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENDPOINT: `${SINK}/versions/`,
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENDPOINT: `${SINK}/whats-new`,
	N8N_TEMPLATES_ENABLED: 'false', // api.n8n.io templates
	N8N_TEMPLATES_HOST: `${SINK}/`,
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false', // api.n8n.io/api/banners
	N8N_DYNAMIC_BANNERS_ENDPOINT: `${SINK}/banners`,
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false', // license.n8n.io
	N8N_LICENSE_DETACH_FLOATING_ON_SHUTDOWN: 'false',
	N8N_LICENSE_SERVER_URL: `${SINK}/license`,
	N8N_VERIFIED_PACKAGES_ENABLED: 'false', // vetted community-node list from api.n8n.io (strapi)
	N8N_REINSTALL_MISSING_PACKAGES: 'false', // would `npm install` from the registry at startup
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true', // keep the community-packages module (loads <userFolder>/.n8n/nodes)
	N8N_COMMUNITY_PACKAGES_PREVENT_LOADING: 'false',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true', // 2.41 warns its default will become false (UI installs of non-vetted packages)
	N8N_MCP_COMMUNITY_NODE_DISCOVERY_ENABLED: 'false', // 2.3x+: MCP node search against the registry
	N8N_AI_ENABLED: 'false',
	N8N_LISTEN_ADDRESS: '127.0.0.1',
	N8N_HOST: '127.0.0.1',
	N8N_PROTOCOL: 'http',
	N8N_SECURE_COOKIE: 'false',
	N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
	N8N_RUNNERS_MODE: 'internal',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
	DB_TYPE: 'sqlite',
	N8N_LOG_LEVEL: 'info',
	N8N_LOG_OUTPUT: 'console',
});

// Parent variables that would change n8n's behaviour behind the test's back.
const STRIP_ENV =
	/^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODES_|CREDENTIALS_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_OPTIONS$|NODE_TEST_CONTEXT$|NODE_PATH$)/;

const DEFAULT_OWNER = Object.freeze({
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
});

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

function randomId(len = 16) {
	const abc = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
	const bytes = crypto.randomBytes(len);
	return Array.from(bytes, (b) => abc[b % abc.length]).join('');
}

/**
 * Pull the JSON document n8n printed (JSON.stringify(x, null, 2)) out of
 * stdout that may also hold log lines (task broker, license SDK, ...).
 */
function extractJson(text) {
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== '{') continue;
		for (let j = lines.length - 1; j > i; j--) {
			if (lines[j] !== '}') continue;
			try {
				return JSON.parse(lines.slice(i, j + 1).join('\n'));
			} catch {}
		}
	}
	return null;
}

function summarizeRun(runJson) {
	const runData = runJson?.data?.resultData?.runData ?? {};
	const items = {};
	const outputs = {};
	for (const [nodeName, runs] of Object.entries(runData)) {
		const last = runs[runs.length - 1];
		const main = last?.data?.main ?? [];
		outputs[nodeName] = main.map((out) => (out ?? []).map((it) => it.json));
		items[nodeName] = outputs[nodeName][0] ?? [];
	}
	return { runData, items, outputs };
}

function errorFromText(stdout, stderr) {
	const text = `${stdout}\n${stderr}`;
	const m = text.match(/Execution error:\s*\n(?:=+\s*\n)?([^\n]+)/);
	if (m && !m[1].startsWith('{')) return m[1].trim();
	const lines = stderr.trim().split('\n').filter(Boolean);
	return lines.length ? lines[lines.length - 1] : null;
}

/**
 * A community package resolves `n8n-workflow` (a stripped peer dependency) through n8n's NODE_PATH, which
 * Node consults only after every node_modules folder above the package. A user folder inside a project
 * with its own node_modules/n8n-workflow would silently load that copy instead of n8n's.
 */
function assertNoAncestorNodeModules(userFolder) {
	let dir = path.resolve(userFolder);
	for (;;) {
		for (const shadow of ['n8n-workflow', 'n8n-core']) {
			const p = path.join(dir, 'node_modules', shadow);
			if (fs.existsSync(p)) {
				throw new Error(
					`user folder ${userFolder} lies under ${p}: community packages would load that copy instead of n8n's own. Use a folder outside any project (default: os.tmpdir()).`,
				);
			}
		}
		const parent = path.dirname(dir);
		if (parent === dir) return;
		dir = parent;
	}
}

function readEncryptionKey(userFolder) {
	try {
		return (
			JSON.parse(fs.readFileSync(path.join(userFolder, '.n8n', 'config'), 'utf8')).encryptionKey ||
			null
		);
	} catch {
		return null;
	}
}

/**
 * @param {object} opts
 * @param {string} opts.version            n8n version folder under e2e/n8n (must be installed)
 * @param {string} [opts.userFolder]       N8N_USER_FOLDER; default: a new folder in os.tmpdir() (removed by stop({ cleanup: true })).
 *                                         Must not lie under a node_modules that holds n8n-workflow/n8n-core (checked).
 * @param {object} [opts.env]              extra environment for every n8n process (wins over the defaults)
 * @param {number} [opts.timeoutMs=180000] default bound for each CLI call
 */
function n8nInstance({ version, userFolder, env = {}, timeoutMs = 180000 } = {}) {
	if (!version) throw new Error('n8nInstance: version is required');
	const rt = runtimeFor(version);
	if (!fs.existsSync(rt.n8nBin))
		throw new Error(`n8n ${version} is not installed; run: node e2e/install.js ${version}`);
	let ownsFolder = false;
	if (!userFolder) {
		// NOT inside the repository: Node's module resolution walks up from <userFolder>/.n8n/nodes/node_modules/<pkg>
		// and would find the repo's own node_modules/n8n-workflow before n8n's copy (NODE_PATH comes last).
		userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-e2e-${version}-`));
		ownsFolder = true;
	}
	userFolder = path.resolve(userFolder);
	fs.mkdirSync(userFolder, { recursive: true });
	assertNoAncestorNodeModules(userFolder);
	const n8nFolder = path.join(userFolder, '.n8n');
	const nodesDir = path.join(n8nFolder, 'nodes');
	const scratch = path.join(userFolder, '.e2e');
	const encryptionKey = readEncryptionKey(userFolder) || crypto.randomBytes(24).toString('hex');
	let server = null;
	let fileSeq = 0;

	const versionEnv = {};
	// n8n >= 2.3x: the mcp-registry module refreshes a server list from api.n8n.io right after start.
	// Module names are validated (unknown name = startup error), so only name it where it exists.
	if (fs.existsSync(path.join(rt.dir, 'node_modules', 'n8n', 'dist', 'modules', 'mcp-registry'))) {
		versionEnv.N8N_DISABLED_MODULES = 'mcp-registry';
	}

	function baseEnv(extra = {}) {
		const clean = {};
		for (const [k, v] of Object.entries(rt.env)) if (!STRIP_ENV.test(k)) clean[k] = v;
		return {
			...clean,
			...QUIET_ENV,
			...versionEnv,
			HOME: userFolder,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: encryptionKey,
			...env,
			...extra,
		};
	}

	/** Run `n8n <args>` to completion (bounded). */
	async function cli(args, { timeoutMs: t = timeoutMs, env: extra = {} } = {}) {
		const brokerPort = await freePort();
		return await run(rt.node, [rt.n8nBin, ...args], {
			cwd: userFolder,
			timeoutMs: t,
			env: baseEnv({ N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...extra }),
		});
	}

	function writeScratch(name, data) {
		fs.mkdirSync(scratch, { recursive: true });
		const file = path.join(scratch, `${++fileSeq}-${name}.json`);
		fs.writeFileSync(file, JSON.stringify(data, null, 2));
		return file;
	}

	function assertOk(what, r) {
		if (r.exitCode !== 0) {
			throw new Error(
				`${what} failed (exit ${r.exitCode}${r.timedOut ? ', timed out' : ''})\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`,
			);
		}
	}

	/**
	 * Install a community-package tarball (`npm pack` output) the way
	 * Settings > Community nodes does (n8n 2.x CommunityPackagesService.downloadPackage):
	 *  - <userFolder>/.n8n/nodes/package.json is the ledger {name: 'installed-nodes', private: true, dependencies: {<pkg>: <version>}}
	 *  - the tarball is unpacked with --strip-components=1 into <userFolder>/.n8n/nodes/node_modules/<pkg>
	 *  - devDependencies, peerDependencies and optionalDependencies are deleted from the unpacked package.json
	 *    (so n8n-workflow is NOT installed: the package resolves n8n's own copy through the NODE_PATH n8n sets)
	 *  - only if the package has runtime `dependencies`: `npm install --audit=false --fund=false --bin-links=false
	 *    --install-strategy=shallow --ignore-scripts=true --package-lock=false` inside the package folder (needs the registry)
	 * n8n also records the package in its database (installed_packages/installed_nodes) so it is listed in Settings;
	 * that row is not needed for loading and is not written here.
	 * @returns {Promise<{name: string, version: string, dir: string}>}
	 */
	async function installPackageTarball(tgzPath, { npmTimeoutMs = 300000 } = {}) {
		tgzPath = path.resolve(tgzPath);
		if (!fs.existsSync(tgzPath)) throw new Error(`no tarball at ${tgzPath}`);
		const peek = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pkg-'));
		let pkg;
		try {
			assertOk(
				'tar (peek)',
				await run('tar', ['-xzf', tgzPath, '-C', peek, 'package/package.json'], {
					timeoutMs: 60000,
				}),
			);
			pkg = JSON.parse(fs.readFileSync(path.join(peek, 'package', 'package.json'), 'utf8'));
		} finally {
			fs.rmSync(peek, { recursive: true, force: true });
		}
		const ledgerPath = path.join(nodesDir, 'package.json');
		fs.mkdirSync(nodesDir, { recursive: true });
		let ledger = null;
		try {
			ledger = JSON.parse(fs.readFileSync(ledgerPath, 'utf8'));
		} catch {}
		if (!ledger || typeof ledger.dependencies !== 'object' || !ledger.dependencies) {
			ledger = { name: 'installed-nodes', private: true, dependencies: {} };
		}
		const dir = path.join(nodesDir, 'node_modules', pkg.name);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		assertOk(
			'tar (unpack)',
			await run('tar', ['-xzf', tgzPath, '-C', dir, '--strip-components=1'], { timeoutMs: 120000 }),
		);
		const pjPath = path.join(dir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...kept } = JSON.parse(
			fs.readFileSync(pjPath, 'utf8'),
		);
		fs.writeFileSync(pjPath, JSON.stringify(kept, null, 2), 'utf-8');
		if (kept.dependencies && Object.keys(kept.dependencies).length > 0) {
			const r = await run(
				'npm',
				[
					'install',
					'--audit=false',
					'--fund=false',
					'--bin-links=false',
					'--install-strategy=shallow',
					'--ignore-scripts=true',
					'--package-lock=false',
				],
				{ cwd: dir, timeoutMs: npmTimeoutMs, env: { ...rt.env, NODE_ENV: 'production' } },
			);
			assertOk(`npm install of ${pkg.name}'s dependencies`, r);
		}
		ledger.dependencies[kept.name] = kept.version;
		fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2), 'utf-8');
		return { name: kept.name, version: kept.version, dir };
	}

	/**
	 * `n8n import:credentials`. Each entry: {id, name, type, data: {...plain...}}; n8n encrypts plain `data`
	 * with this instance's N8N_ENCRYPTION_KEY. Missing ids are generated.
	 * @returns {Promise<string[]>} the credential ids
	 */
	async function importCredentials(credentials) {
		const list = (Array.isArray(credentials) ? credentials : [credentials]).map((c) => ({
			id: c.id || randomId(),
			...c,
		}));
		const file = writeScratch('credentials', list);
		const r = await cli(['import:credentials', `--input=${file}`]);
		assertOk('n8n import:credentials', r);
		return list.map((c) => c.id);
	}

	/**
	 * `n8n import:workflow`. An `id` is added when missing so the caller knows it.
	 * @returns {Promise<string>} the workflow id
	 */
	async function importWorkflow(workflow) {
		const wf = { active: false, settings: {}, connections: {}, ...workflow };
		if (!wf.id) wf.id = randomId();
		if (!wf.name) wf.name = `e2e ${wf.id}`;
		const file = writeScratch('workflow', wf);
		const r = await cli(['import:workflow', `--input=${file}`]);
		assertOk('n8n import:workflow', r);
		return wf.id;
	}

	/**
	 * `n8n import:workflow` of several workflows in ONE CLI call (one file holding an array),
	 * which saves the ~5 s start-up of a call per workflow. Ids and names are added when missing.
	 * @returns {Promise<string[]>} the workflow ids, in the given order
	 */
	async function importWorkflows(workflows) {
		const list = workflows.map((workflow) => {
			const wf = { active: false, settings: {}, connections: {}, ...workflow };
			if (!wf.id) wf.id = randomId();
			if (!wf.name) wf.name = `e2e ${wf.id}`;
			return wf;
		});
		if (!list.length) return [];
		const file = writeScratch('workflows', list);
		const r = await cli(['import:workflow', `--input=${file}`]);
		assertOk('n8n import:workflow', r);
		return list.map((wf) => wf.id);
	}

	/**
	 * `n8n execute --id <id> [--rawOutput]`, headless, in a fresh process.
	 * @returns {Promise<{exitCode, signal, completed: boolean, timedOut, durationMs, stdout, stderr, run: object|null, status: string|null,
	 *   ok: boolean, runData: object, items: Record<string, object[]>, outputs: Record<string, object[][]>,
	 *   lastNodeExecuted: string|null, error: string|null, errorDetails: object|null}>}
	 *   items[node] = json of every item on the last run's first output; outputs[node][i] = json of output i.
	 */
	async function execute(id, { rawOutput = true, timeoutMs: t = timeoutMs, env: extra } = {}) {
		const args = ['execute', `--id=${id}`];
		if (rawOutput) args.push('--rawOutput');
		let r = await cli(args, { timeoutMs: t, env: extra });
		// A crash inside V8 itself (seen rarely with n8n 1.123 on Node 22: "Check failed" in the
		// garbage collector) is the runtime failing, not the workflow: run once more and say so.
		const runtimeCrash = v8FatalError(r);
		if (runtimeCrash) r = await cli(args, { timeoutMs: t, env: extra });
		const runJson = extractJson(r.stdout);
		const { runData, items, outputs } = summarizeRun(runJson);
		const err = runJson?.data?.resultData?.error ?? null;
		let error = null;
		if (err) error = err.message || err.description || JSON.stringify(err);
		else if (r.exitCode !== 0 || r.timedOut)
			error = r.timedOut ? `timed out after ${t} ms` : errorFromText(r.stdout, r.stderr);
		return {
			exitCode: r.exitCode,
			signal: r.signal ?? null,
			runtimeCrash,
			// The process ended after the run: exit code 0, or (n8n 1.123 on a loaded machine) a
			// signal after it printed the complete run.
			completed:
				r.exitCode === 0 || (r.exitCode === null && !!r.signal && !r.timedOut && runJson !== null),
			timedOut: r.timedOut,
			durationMs: r.durationMs,
			stdout: r.stdout,
			stderr: r.stderr,
			run: runJson,
			status: runJson?.status ?? null,
			ok: r.exitCode === 0 && !error && (runJson?.status ?? 'success') === 'success',
			runData,
			items,
			outputs,
			lastNodeExecuted: runJson?.data?.resultData?.lastNodeExecuted ?? null,
			error,
			errorDetails: err,
		};
	}

	const typesFile = path.join(userFolder, '.cache', 'n8n', 'public', 'types', 'nodes.json');

	async function httpJson(base, method, p, { body, cookie, browserId, timeoutMs: t = 30000 } = {}) {
		const headers = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (cookie) headers.cookie = cookie;
		if (browserId) headers['browser-id'] = browserId;
		const res = await n8nFetch(base + p, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			timeoutMs: t,
			redirect: 'manual',
		});
		const text = await res.text();
		let json = null;
		try {
			json = JSON.parse(text);
		} catch {}
		return {
			status: res.status,
			headers: res.headers,
			text,
			json,
			setCookie: res.headers.getSetCookie?.() ?? [],
		};
	}

	/**
	 * Start `n8n start` (editor + REST) on 127.0.0.1 and wait until it answers.
	 * owner: an object to set up (or log in as) the instance owner through /rest/owner/setup and /rest/login,
	 * or false to leave the instance without owner. Only one server per instance.
	 * Without a port it picks one, and picks again (up to 3 in all) when n8n finds it taken.
	 * @returns {Promise<{url, port, owner, cookie, browserId, request(method, path, body?), logs(), stop()}>}
	 */
	async function startServer(options = {}) {
		for (let attempt = 1; ; attempt++) {
			try {
				return await startServerOnce(options);
			} catch (error) {
				// something else bound the port between our pick and n8n's bind: pick another
				if (options.port || attempt >= 3 || !error.portTaken) throw error;
			}
		}
	}

	async function startServerOnce({
		port,
		owner = DEFAULT_OWNER,
		readyTimeoutMs = 120000,
		onLog,
		env: extra = {},
	}) {
		if (server) throw new Error('server already running');
		port = port || (await freePort());
		const brokerPort = await freePort();
		const url = `http://127.0.0.1:${port}`;
		fs.rmSync(typesFile, { force: true });
		const proc = start(rt.node, [rt.n8nBin, 'start'], {
			cwd: userFolder,
			env: baseEnv({
				N8N_PORT: String(port),
				N8N_RUNNERS_BROKER_PORT: String(brokerPort),
				N8N_EDITOR_BASE_URL: `${url}/`, // webhook URLs derive from N8N_PROTOCOL/N8N_HOST/N8N_PORT
				...extra,
			}),
			onStdout: onLog,
			onStderr: onLog,
		});
		const handle = { url, port, owner: null, cookie: null, browserId: randomId(21), proc };
		server = handle;
		const deadline = Date.now() + readyTimeoutMs;
		let exited = null;
		proc.exited.then((x) => (exited = x));
		let ready = false;
		while (Date.now() < deadline && !exited) {
			try {
				// /healthz answers before the REST controllers are mounted; /rest/settings (no auth) only after
				const r = await httpJson(url, 'GET', '/rest/settings', { timeoutMs: 2000 });
				if (r.status === 200 && fs.existsSync(typesFile)) {
					ready = true;
					break;
				}
			} catch {}
			await sleep(500);
		}
		if (!ready) {
			const { stdout, stderr } = proc.output();
			await stopServer();
			throw Object.assign(
				new Error(
					`n8n ${version} did not become ready on ${url} within ${readyTimeoutMs} ms${exited ? ` (exited ${exited.exitCode})` : ''}\n--- stdout\n${stdout.slice(-4000)}\n--- stderr\n${stderr.slice(-4000)}`,
				),
				{ portTaken: portTakenIn(stdout + stderr) },
			);
		}
		handle.request = async (method, p, body) =>
			await httpJson(url, method, p, { body, cookie: handle.cookie, browserId: handle.browserId });
		if (owner) {
			const setup = await httpJson(url, 'POST', '/rest/owner/setup', {
				body: owner,
				browserId: handle.browserId,
			});
			let cookieSrc = setup.setCookie;
			if (setup.status !== 200) {
				// already set up (reused user folder): log in instead
				const login = await httpJson(url, 'POST', '/rest/login', {
					body: { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password },
					browserId: handle.browserId,
				});
				if (login.status !== 200) {
					await stopServer();
					throw new Error(
						`owner setup (${setup.status}: ${setup.text.slice(0, 300)}) and login (${login.status}: ${login.text.slice(0, 300)}) both failed`,
					);
				}
				cookieSrc = login.setCookie;
			}
			const auth = cookieSrc.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
			handle.cookie = auth || null;
			handle.owner = { email: owner.email, password: owner.password };
		}
		handle.logs = () => proc.output();
		handle.stop = stopServer;
		return handle;
	}

	async function stopServer() {
		if (!server) return null;
		const s = server;
		server = null;
		return await s.proc.stop(15000);
	}

	/**
	 * Start another long-running n8n command (`worker`, `webhook`, ...) of this instance in its own
	 * process group, with this instance's environment and a free task-broker port. The caller waits
	 * for readiness and stops it (`proc.stop()`); it dies with the test process at the latest.
	 */
	async function startCommand(args, { env: extra = {}, onLog } = {}) {
		const brokerPort = await freePort();
		return start(rt.node, [rt.n8nBin, ...args], {
			cwd: userFolder,
			env: baseEnv({ N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...extra }),
			onStdout: onLog,
			onStderr: onLog,
		});
	}

	/** Node type descriptions n8n generated for the editor (types/nodes.json of a started server). */
	async function readNodeTypes({ readyTimeoutMs = 120000 } = {}) {
		const temporary = !server;
		if (temporary) await startServer({ owner: false, readyTimeoutMs });
		try {
			// the file is rewritten after every loader change: read until two reads agree
			let prev = null;
			const deadline = Date.now() + 30000;
			while (Date.now() < deadline) {
				let cur = null;
				try {
					cur = fs.readFileSync(typesFile, 'utf8');
					JSON.parse(cur);
				} catch {
					cur = null;
				}
				if (cur && cur === prev) return JSON.parse(cur);
				prev = cur;
				await sleep(300);
			}
			throw new Error(`could not read a stable ${typesFile}`);
		} finally {
			if (temporary) await stopServer();
		}
	}

	/**
	 * Names of every node type the instance loaded (e.g. 'n8n-nodes-base.code',
	 * 'n8n-nodes-superoffice.superOffice', 'n8n-nodes-superoffice.superOfficeTool').
	 * Starts `n8n start` briefly on a free 127.0.0.1 port unless a server is already running.
	 */
	async function listNodeTypes(opts) {
		return [...new Set((await readNodeTypes(opts)).map((t) => t.name))].sort();
	}

	/** Stop the server (if any); with cleanup, remove the user folder this instance created. */
	async function stop({ cleanup = false } = {}) {
		await stopServer();
		if (cleanup && ownsFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	}

	return {
		version,
		runtime: rt,
		userFolder,
		nodesDir,
		encryptionKey,
		env: baseEnv(),
		cli,
		installPackageTarball,
		importCredentials,
		importWorkflow,
		importWorkflows,
		execute,
		startCommand,
		readNodeTypes,
		listNodeTypes,
		startServer,
		stop,
		get server() {
			return server;
		},
	};
}

/** The first line of V8's own fatal error report in a process's stderr, or null. */
function v8FatalError(r) {
	if (r.exitCode === 0 || r.timedOut) return null;
	const m = /^# (Fatal error in .*)\n(?:#.*\n)*?# (Check failed: .*|.*)$/m.exec(r.stderr ?? '');
	return m ? `${m[1].trim()}: ${m[2].trim()}` : null;
}

/**
 * Fails the test unless `n8n execute` ended after its run (see `completed` above); a signal after
 * a complete run is reported as a diagnostic of test context `t`.
 */
function assertRunCompleted(t, r) {
	assert.ok(r.completed, `n8n execute ended with exit code ${r.exitCode}, signal ${r.signal}`);
	if (r.runtimeCrash)
		t.diagnostic(`the first n8n execute crashed in V8 and ran again: ${r.runtimeCrash}`);
	if (r.signal) t.diagnostic(`n8n execute ended by ${r.signal} after a complete run`);
}

module.exports = {
	n8nInstance,
	QUIET_ENV,
	DEFAULT_OWNER,
	freePort,
	extractJson,
	summarizeRun,
	assertRunCompleted,
};
