'use strict';
/**
 * The browser the editor tests drive: Debian's `chromium` package, never a downloaded build.
 * Missing: installed with apt-get when this runs as root (as in CI), else the one command to
 * run is named. Under CI=true a browser that is still missing is a failure, never a skip.
 */
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const INSTALL_COMMAND =
	'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium';

/** Flags that keep a headless chromium quiet and off the network on a small machine without GPU. */
const LAUNCH_ARGS = Object.freeze([
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
]);

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function aptGet(args, log) {
	log(`apt-get ${args.join(' ')}`);
	const r = spawnSync('apt-get', args, {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		timeout: 15 * 60_000,
	});
	if (r.status !== 0)
		throw new Error(
			`apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal ?? r.error?.message})`,
		);
}

/**
 * The chromium binary, installed first when missing and allowed.
 * @returns {{ path: string } | { missing: string }} missing: why there is no browser and how to get one
 */
function ensureChromium({ log = (s) => console.log(s) } = {}) {
	if (fs.existsSync(CHROMIUM)) return { path: CHROMIUM };
	if (!process.env.CHROMIUM_PATH && isRoot() && fs.existsSync('/usr/bin/apt-get')) {
		aptGet(['update'], log);
		aptGet(['install', '-y', '--no-install-recommends', 'chromium'], log);
		if (fs.existsSync(CHROMIUM)) return { path: CHROMIUM };
	}
	return { missing: `no chromium at ${CHROMIUM}; install it with: ${INSTALL_COMMAND}` };
}

module.exports = { CHROMIUM, INSTALL_COMMAND, LAUNCH_ARGS, ensureChromium };
