'use strict';
/**
 * Free TCP ports for the processes the tests start (n8n, its task broker, PostgreSQL, Redis).
 *
 * A port from `listen(0)` comes out of the kernel's ephemeral range, the same range every outgoing
 * connection takes its local port from. n8n binds its port many seconds after we picked it, and the
 * tests open thousands of short connections meanwhile, so such a port can be taken by the time n8n
 * binds it ("port ... is already in use"). Ports are therefore picked at random below that range,
 * where only listeners live, and each is handed out once per process.
 */
const fs = require('node:fs');
const net = require('node:net');

const LOWEST = 20000;
const ATTEMPTS = 50;
const handedOut = new Set();

/** The lowest port of the kernel's ephemeral range (read once), or null when unknown. */
let rangeStart;
function ephemeralRangeStart() {
	if (rangeStart === undefined) rangeStart = readEphemeralRangeStart();
	return rangeStart;
}

function readEphemeralRangeStart() {
	try {
		const [low] = fs
			.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
			.trim()
			.split(/\s+/);
		const n = Number(low);
		if (Number.isInteger(n) && n > LOWEST + 1000) return n;
	} catch {}
	return null;
}

/** Bind `port` on every interface (as n8n does) and release it: resolves true when it was free. */
function canBind(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', () => resolve(false));
		srv.listen({ port, exclusive: true }, () => srv.close(() => resolve(true)));
	});
}

function kernelPickedPort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

async function freePort() {
	const ceiling = ephemeralRangeStart();
	if (ceiling) {
		for (let i = 0; i < ATTEMPTS; i++) {
			const port = LOWEST + Math.floor(Math.random() * (ceiling - LOWEST));
			if (handedOut.has(port)) continue;
			if (await canBind(port)) {
				handedOut.add(port);
				return port;
			}
		}
	}
	return await kernelPickedPort();
}

/** n8n's own words when its port was taken between our pick and its bind. */
function portTakenIn(output) {
	return /port \d+ is already in use|EADDRINUSE/i.test(output);
}

module.exports = { freePort, portTakenIn };
