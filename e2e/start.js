#!/usr/bin/env node
'use strict';
/**
 * Local n8n editor with this package installed as a community package.
 *
 *   node e2e/start.js [--version 2.41.1] [--port 5678] [--folder DIR] [--fresh]
 *
 * Packs the built dist/ (run `npm run build` first), installs the tarball into the
 * user folder the way the Community Nodes UI would, starts `n8n start` on 127.0.0.1,
 * sets up the owner account over REST and prints the login. Ctrl-C stops it.
 * The user folder (default: <tmp>/n8n-superoffice-dev-<version>) is kept between runs;
 * --fresh wipes it first.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { n8nInstance, installedVersions, packRepo, DEFAULT_OWNER } = require('./lib');

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main() {
	const versions = installedVersions();
	if (!versions.length) throw new Error('no n8n installed: run `node e2e/install.js` first');
	const version = arg('version', versions[versions.length - 1]);
	if (!versions.includes(version))
		throw new Error(`n8n ${version} is not installed (have ${versions.join(', ')})`);
	const port = Number(arg('port', process.env.N8N_PORT || 5678));
	const userFolder = path.resolve(
		arg('folder', path.join(os.tmpdir(), `n8n-superoffice-dev-${version}`)),
	);
	if (process.argv.includes('--fresh')) fs.rmSync(userFolder, { recursive: true, force: true });

	const tgz = await packRepo();
	const inst = n8nInstance({ version, userFolder });
	if (tgz) {
		const p = await inst.installPackageTarball(tgz);
		console.log(`installed ${p.name}@${p.version} into ${p.dir}`);
		fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	} else {
		console.warn(
			'dist/ has no built node: run `npm run build` first; starting n8n without the package',
		);
	}
	console.log(
		`starting n8n ${version} on node ${inst.runtime.nodeVersion} (user folder ${userFolder}) ...`,
	);
	const server = await inst.startServer({ port, readyTimeoutMs: 180000 });
	console.log(
		`\nn8n ${version} is up: ${server.url}\n  login: ${DEFAULT_OWNER.email}\n  password: ${DEFAULT_OWNER.password}\n\nCtrl-C to stop.`,
	);

	let stopping = false;
	const shutdown = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nstopping n8n ...');
		await inst.stop();
		process.exit(0);
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
	const r = await server.proc.exited;
	if (!stopping) {
		console.error(`n8n exited on its own (code ${r.exitCode}, signal ${r.signal})`);
		process.exit(1);
	}
}

main().catch((e) => {
	console.error(e && e.message ? e.message : e);
	process.exit(1);
});
