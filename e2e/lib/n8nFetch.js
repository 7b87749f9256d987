'use strict';
/**
 * fetch() for n8n's own server, riding out two transient answers as any client should:
 * - a kept-alive connection the server closes just as a request goes out ("other side closed",
 *   ECONNRESET): every request asks for its own connection (`connection: close`), so none is
 *   ever sent on one the server is closing;
 * - n8n's 503 "Database is not ready!": n8n answers it before any route runs while its database
 *   ping fails (SQLite busy on a loaded machine), so nothing was done: the request goes again
 *   every half second, for up to `notReadyForMs`.
 */
const NOT_READY = /Database is not ready/;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {string} url
 * @param {RequestInit & { timeoutMs?: number }} init `timeoutMs` bounds each attempt
 * @param {{ notReadyForMs?: number }} [options]
 * @returns {Promise<Response>}
 */
async function n8nFetch(url, init, { notReadyForMs = 30_000 } = {}) {
	const { timeoutMs = 30_000, ...rest } = init;
	const headers = { ...rest.headers, connection: 'close' };
	const until = Date.now() + notReadyForMs;
	for (;;) {
		const res = await fetch(url, { ...rest, headers, signal: AbortSignal.timeout(timeoutMs) });
		if (res.status !== 503 || Date.now() >= until) return res;
		if (!NOT_READY.test(await res.clone().text())) return res;
		await sleep(500);
	}
}

module.exports = { n8nFetch };
