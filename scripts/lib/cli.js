'use strict';
/** What `npm start` and `npm run start:queue` share: the owner login, arguments, ports, signals. */
const net = require('node:net');

/** The editor's owner account (created on the first start of a throw-away instance). */
const OWNER = Object.freeze({
	email: 'demo@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'SuperOffice-Demo-1',
});

/** `--name value` or `--name=value` from the command line, else `fallback`. */
function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	if (i > 0 && process.argv[i + 1]) return process.argv[i + 1];
	const inline = process.argv.find((a) => a.startsWith(`--${name}=`));
	return inline ? inline.slice(name.length + 3) : fallback;
}

/** A port number (0 = any free port), or an error naming the option. */
function port(value, what) {
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0 || n > 65535)
		throw new Error(`${what} must be a port number, got ${value}`);
	return n;
}

async function assertPortFree(p) {
	await new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', (e) =>
			reject(
				new Error(
					e.code === 'EADDRINUSE'
						? `127.0.0.1:${p} is in use: stop what runs there or pass --port <other>`
						: `cannot listen on 127.0.0.1:${p}: ${e.message}`,
				),
			),
		);
		srv.listen(p, '127.0.0.1', () => srv.close(resolve));
	});
}

/**
 * Calls `shutdown(reason)` on Ctrl-C, SIGTERM or SIGHUP; a second signal leaves at once (the
 * process groups are killed on exit). Under npm, which forwards SIGTERM only to its `sh -c`
 * child, it also stops when the parent goes away (the process is re-parented).
 */
function stopOnSignals(shutdown) {
	let signals = 0;
	const onSignal = (signal) => {
		if (++signals > 1) process.exit(1);
		shutdown(signal);
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, onSignal);
	if (process.env.npm_lifecycle_event) {
		const parent = process.ppid;
		setInterval(() => {
			if (process.ppid !== parent) onSignal('parent process (npm) exited');
		}, 500).unref();
	}
}

module.exports = { OWNER, arg, port, assertPortFree, stopOnSignals };
