'use strict';
/**
 * The floor: the same N `POST {api}/ChatSession/{id}/Reset` calls without n8n, at a fixed
 * number of requests in flight. Runs in a worker thread of the bench process, so the client
 * has its own event loop (and core) and does not share one with the sandbox, just like the
 * n8n child process does not.
 *
 *   mode 'fetch'      Node's fetch (undici): one keep-alive pool, connections are reused.
 *   mode 'http-new-agent'  node:http with a new http.Agent per request (keepAlive off), which
 *                     is what n8n's request helpers do: one TCP connection per request.
 *   mode 'http-keep-alive' node:http with one shared keep-alive http.Agent (what n8n would do
 *                     if its request helpers reused their agents).
 *
 * Every loop is bounded: it issues exactly `ids.length` requests, each with a timeout.
 */
const { parentPort, workerData, Worker } = require('node:worker_threads');
const http = require('node:http');

const REQUEST_TIMEOUT_MS = 30_000;

async function fetchOne(url, headers) {
	const res = await fetch(url, {
		method: 'POST',
		headers,
		signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
	});
	const text = await res.text();
	if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
	return JSON.parse(text);
}

let sharedAgent = null;

function httpNewAgentOne(url, headers) {
	return httpOne(url, headers, new http.Agent()); // keepAlive false, like n8n-core's per-request agent
}

function httpKeepAliveOne(url, headers) {
	sharedAgent ??= new http.Agent({ keepAlive: true });
	return httpOne(url, headers, sharedAgent);
}

function httpOne(url, headers, agent) {
	return new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{
				method: 'POST',
				headers: { ...headers, 'Content-Length': '0' },
				agent,
				timeout: REQUEST_TIMEOUT_MS,
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					if (res.statusCode !== 200)
						return reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
					try {
						resolve(JSON.parse(text));
					} catch (e) {
						reject(e);
					}
				});
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		req.end();
	});
}

/** N requests, at most `concurrency` at once; returns wall time and how many came back. */
async function floorLoop({ mode, apiUrl, ids, concurrency, headers }) {
	const one = {
		fetch: fetchOne,
		'http-new-agent': httpNewAgentOne,
		'http-keep-alive': httpKeepAliveOne,
	}[mode];
	if (!one) throw new Error(`unknown floor mode ${mode}`);
	let next = 0;
	let ok = 0;
	const t0 = performance.now();
	const worker = async () => {
		while (next < ids.length) {
			const id = ids[next++];
			const entity = await one(`${apiUrl}/ChatSession/${id}/Reset`, headers);
			if (entity && entity.ChatSessionId === id) ok++;
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
	const wallMs = performance.now() - t0;
	// no connection is carried over to the next measurement
	sharedAgent?.destroy();
	sharedAgent = null;
	return { wallMs, ok };
}

/**
 * One worker thread for all floor runs (so it is warm after the first), each run bounded by
 * timeoutMs. `run(options)` → {wallMs, ok}; `close()` ends the thread.
 */
function floorWorker() {
	const w = new Worker(__filename, { workerData: { floorWorker: true } });
	let pending = null;
	w.on('message', (m) => {
		const p = pending;
		pending = null;
		if (!p) return;
		clearTimeout(p.timer);
		if (m.error) p.reject(new Error(m.error));
		else p.resolve(m);
	});
	w.on('error', (e) => {
		const p = pending;
		pending = null;
		if (p) {
			clearTimeout(p.timer);
			p.reject(e);
		}
	});
	return {
		run(options, timeoutMs = 120_000) {
			if (pending) return Promise.reject(new Error('one floor run at a time'));
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					pending = null;
					w.terminate();
					reject(new Error(`floor (${options.mode}) did not finish within ${timeoutMs} ms`));
				}, timeoutMs);
				pending = { resolve, reject, timer };
				w.postMessage(options);
			});
		},
		close: () => w.terminate(),
	};
}

if (parentPort && workerData && workerData.floorWorker) {
	parentPort.on('message', (options) => {
		floorLoop(options).then(
			(r) => parentPort.postMessage(r),
			(e) => parentPort.postMessage({ error: String(e && e.stack ? e.stack : e) }),
		);
	});
}

module.exports = { floorLoop, floorWorker };
