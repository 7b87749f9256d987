'use strict';
/** Polling with a bound, for what a test waits on in another process. */
const assert = require('node:assert/strict');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a truthy value, which it resolves to; fails the test, naming
 * `what`, after `timeoutMs`.
 */
async function waitFor(what, probe, { timeoutMs = 60_000, everyMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value) return value;
		assert.ok(Date.now() < deadline, `timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(everyMs);
	}
}

module.exports = { waitFor, sleep };
