'use strict';
/**
 * Loaded into the measured `n8n execute` process with `node --require bench/n8n-preload.js`
 * (bench only; never part of the package). Two jobs:
 *
 * 1. Memory statistics, written as JSON to $BENCH_STATS_FILE when the process exits:
 *    a time series (every 20 ms) of rss / heapUsed / external+arrayBuffers, and after every
 *    mark-compact GC the heap still in use (= live data, not garbage). The bench cuts these to
 *    the node's own execution window (its startTime / executionTime from n8n's run data).
 *
 *    With BENCH_GC_PROBE=1 (and node --expose-gc) it also forces a full GC every 250 ms and
 *    records the heap in use after it: the live data over time. That costs time, so the bench
 *    uses it only in separate memory-probe runs, never in the timed ones.
 *
 * 2. Only with BENCH_POOL_AGENTS=1, an EXPERIMENT, not a fix one can ship: n8n-core builds a new
 *    `http.Agent` (keepAlive off) for every request. Here a request given to such a throw-away
 *    agent is served by one shared keep-alive agent per distinct agent options, so requests reuse
 *    connections while n8n still picks the agent (proxy or direct) and its TLS options. It shows
 *    what n8n would gain if its request helpers cached their agents.
 */
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const { PerformanceObserver, constants } = require('node:perf_hooks');

const statsFile = process.env.BENCH_STATS_FILE;

if (process.env.BENCH_POOL_AGENTS === '1') {
	// Requests that n8n hands to a throw-away, non-keep-alive agent (a plain http(s).Agent, or
	// n8n 2.4x's EnvProxyHttp(s)Agent when it goes direct) are passed on to one shared keep-alive
	// agent per protocol and agent options. Agents that make their own connections (proxy
	// agents: they override createConnection/createSocket) are left alone.
	const POOLED = Symbol('benchPooledAgent');
	const pools = new Map();
	const originalAddRequest = http.Agent.prototype.addRequest;
	const ownConnections = (agent) =>
		agent.createConnection !== http.Agent.prototype.createConnection &&
		agent.createConnection !== https.Agent.prototype.createConnection;
	http.Agent.prototype.addRequest = function addRequest(req, options) {
		if (
			this.keepAlive ||
			this[POOLED] ||
			ownConnections(this) ||
			this.createSocket !== http.Agent.prototype.createSocket
		) {
			return originalAddRequest.call(this, req, options);
		}
		const secure = this instanceof https.Agent;
		const key = `${secure ? 'https' : 'http'} ${JSON.stringify(this.options)}`;
		let shared = pools.get(key);
		if (!shared) {
			shared = new (secure ? https.Agent : http.Agent)({ ...this.options, keepAlive: true });
			shared[POOLED] = true;
			pools.set(key, shared);
		}
		// ClientRequest decided "Connection: close" from the throw-away agent; headers are not
		// written yet, so it can still be switched to keep-alive.
		req.shouldKeepAlive = true;
		req._last = false;
		return originalAddRequest.call(shared, req, options);
	};
}

if (statsFile) {
	const samples = []; // [t, rss, heapUsed, external + arrayBuffers]
	const afterGc = []; // [t, heapUsed] after each mark-compact
	const gcs = []; // [t, duration ms, major 0|1]
	const MAX_SAMPLES = 30_000; // 10 minutes at 50 Hz: bounded
	const sample = () => {
		if (samples.length >= MAX_SAMPLES) return;
		const m = process.memoryUsage();
		samples.push([Date.now(), m.rss, m.heapUsed, m.external + m.arrayBuffers]);
	};
	const timer = setInterval(sample, 20);
	timer.unref();
	const live = []; // [t, heapUsed after a forced full GC] (BENCH_GC_PROBE=1 only)
	if (process.env.BENCH_GC_PROBE === '1' && typeof global.gc === 'function') {
		const probe = setInterval(() => {
			if (live.length >= MAX_SAMPLES) return;
			global.gc();
			live.push([Date.now(), process.memoryUsage().heapUsed]);
		}, 250);
		probe.unref();
	}
	const observer = new PerformanceObserver((list) => {
		const now = Date.now();
		for (const entry of list.getEntries()) {
			const kind = entry.detail ? entry.detail.kind : entry.kind;
			const major = kind === constants.NODE_PERFORMANCE_GC_MAJOR;
			if (gcs.length < MAX_SAMPLES) gcs.push([now, entry.duration, major ? 1 : 0]);
			if (major && afterGc.length < MAX_SAMPLES)
				afterGc.push([now, process.memoryUsage().heapUsed]);
		}
	});
	observer.observe({ entryTypes: ['gc'] });
	process.on('exit', () => {
		sample();
		try {
			fs.writeFileSync(
				statsFile,
				JSON.stringify({
					samples,
					afterGc,
					gcs,
					live,
					pooledAgents: process.env.BENCH_POOL_AGENTS === '1',
				}),
			);
		} catch {}
	});
}
