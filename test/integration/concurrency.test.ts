/**
 * The item runner (nodes/SuperOffice/execution/items.ts) and the execution's one request limiter
 * (nodes/shared/transport/limiter.ts) through n8n-core: never more requests at once than the
 * Concurrency option, Get Many's full reads of several items included, really in parallel above 1,
 * output in input order with pairedItem = index, each session reset once; Continue On Fail
 * keeps error items at their indexes; without it the earliest failed item (in input order)
 * is the one reported.
 */
import { useSandbox } from '../support/sandboxLifecycle';
import { expectNoSecrets } from './support';
import { attemptsFor, runNode, sessionIdOf } from './resilienceSupport';

const TEST_TIMEOUT_MS = 20_000;

const sandbox = useSandbox();

/** `count` seeded session ids, in a shuffled but fixed order (so input order ≠ id order). */
function seededIds(count: number): number[] {
	const ids = [...sandbox.sessions.keys()].sort((a, b) => a - b).slice(0, count);
	expect(ids).toHaveLength(count);
	// A fixed permutation: every 7th, wrapping (7 and count are co-prime for the counts used).
	return ids.map((_id, i) => ids[(i * 7) % count]);
}

function resetPaths() {
	return sandbox.requests.filter((r) => r.method === 'POST' && /\/Reset$/.test(r.path));
}

describe('Concurrency option: bounded, parallel, ordered', () => {
	it.each([1, 3, 8])(
		'concurrency %i: 40 items, at most that many requests at once, output in input order, each reset once',
		async (concurrency) => {
			sandbox.faults.latency({ fixedMs: 20 });
			const ids = seededIds(40);

			const result = await runNode({ sandbox, ids, options: { concurrency } });

			expect(result.error).toBeUndefined();
			expect(sandbox.maxInFlight).toBeLessThanOrEqual(concurrency);
			if (concurrency > 1) expect(sandbox.maxInFlight).toBeGreaterThan(1);
			else expect(sandbox.maxInFlight).toBe(1);

			expect(result.items).toHaveLength(ids.length);
			expect(result.items.map((i) => i.json.ChatSessionId)).toEqual(ids);
			expect(result.items.map((i) => i.pairedItem)).toEqual(ids.map((_id, item) => ({ item })));
			for (const item of result.items)
				expect(item.json).toMatchObject({ Status: 'InQueue', ChatbotIsActive: false });

			const sent = resetPaths().map(sessionIdOf);
			expect(sent).toHaveLength(ids.length);
			expect([...sent].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
			for (const id of ids) expect(attemptsFor(sandbox, id)).toHaveLength(1);
			// One at a time, the requests arrive exactly in input order.
			if (concurrency === 1) expect(sent).toEqual(ids);
			expectNoSecrets(result.items);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'Get Many with full sessions, 3 items at concurrency 5: at most 5 requests at once in the whole execution',
		async () => {
			sandbox.faults.latency({ fixedMs: 20 });
			const limit = 12;
			expect(sandbox.sessions.size).toBeGreaterThanOrEqual(limit);

			const result = await runNode({
				sandbox,
				ids: [1, 2, 3],
				options: { concurrency: 5 },
				parameters: { operation: 'getMany', limit, fullEntities: true },
			});

			expect(result.error).toBeUndefined();
			// Each input item's search, then its sessions read in full: all paired with that item.
			expect(result.items).toHaveLength(3 * limit);
			expect(result.items.map((i) => i.pairedItem)).toEqual(
				[0, 1, 2].flatMap((item) => Array.from({ length: limit }, () => ({ item }))),
			);
			const reads = sandbox.requests.filter(
				(r) => r.method === 'GET' && /\/ChatSession\/\d+$/.test(r.path),
			);
			expect(reads).toHaveLength(3 * limit);
			// One limiter per execution: the items' pool and each item's reads share it.
			expect(sandbox.maxInFlight).toBeLessThanOrEqual(5);
			expect(sandbox.maxInFlight).toBeGreaterThan(1);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'Continue On Fail at concurrency 8: 404 ids become error items at their own indexes; order and pairing kept',
		async () => {
			// Jitter so requests finish out of input order.
			sandbox.faults.latency({ fixedMs: 5, jitterMs: 40 });
			const good = seededIds(32);
			const missing = (i: number) => 990_000 + i;
			const failingIndexes = new Set([0, 3, 9, 10, 17, 24, 31, 39]);
			let next = 0;
			const ids = Array.from({ length: 40 }, (_v, i) =>
				failingIndexes.has(i) ? missing(i) : good[next++],
			);

			const result = await runNode({
				sandbox,
				ids,
				options: { concurrency: 8 },
				continueOnFail: true,
			});

			expect(result.error).toBeUndefined();
			expect(sandbox.maxInFlight).toBeLessThanOrEqual(8);
			expect(sandbox.maxInFlight).toBeGreaterThan(1);
			expect(result.items).toHaveLength(40);
			expect(result.items.map((i) => i.pairedItem)).toEqual(ids.map((_id, item) => ({ item })));
			result.items.forEach((item, i) => {
				if (failingIndexes.has(i)) {
					expect(item.json).toMatchObject({ chatSessionId: ids[i], httpCode: '404' });
					expect(item.json.error).toMatch(
						new RegExp(`^Could not reset chat session ${ids[i]}: not found \\(HTTP 404\\)`),
					);
					expect(item.json.ChatSessionId).toBeUndefined();
				} else {
					expect(item.json.error).toBeUndefined();
					expect(item.json).toMatchObject({
						ChatSessionId: ids[i],
						Status: 'InQueue',
						ChatbotIsActive: false,
					});
				}
			});

			// Every id was sent exactly once (404 is not retried).
			for (const id of ids) expect(attemptsFor(sandbox, id)).toHaveLength(1);
			// The test means something: the server finished the requests in another order than the input.
			const finished = [...resetPaths()]
				.sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0))
				.map(sessionIdOf);
			expect(finished).not.toEqual(ids);
			expectNoSecrets(result.items);
		},
		TEST_TIMEOUT_MS,
	);

	it(
		'without Continue On Fail at concurrency 4: stops with the error of the earliest failed item in input order',
		async () => {
			const ids = seededIds(20);
			// Item 5 fails slowly (404 after 400 ms); items 6 and 7 fail at once. 5 is in flight
			// with 6 and 7 (concurrency 4), so it fails last but must be the one reported.
			ids[5] = 990_005;
			ids[6] = 990_006;
			ids[7] = 990_007;
			sandbox.faults.script([
				{
					match: { method: 'POST', path: /\/ChatSession\/990005\/Reset$/ },
					fault: { type: 'slow', delayMs: 400 },
				},
			]);

			const result = await runNode({ sandbox, ids, options: { concurrency: 4 } });

			expect(result.status).toBe('error');
			expect(result.error?.message).toMatch(
				/^Could not reset chat session 990005: not found \(HTTP 404\)/,
			);
			expect((result.error as { httpCode?: string } | undefined)?.httpCode).toBe('404');
			expect(
				(result.error as { context?: { itemIndex?: number } } | undefined)?.context?.itemIndex,
			).toBe(5);

			// The later items really failed first.
			const [slow] = attemptsFor(sandbox, 990_005);
			const [fast] = attemptsFor(sandbox, 990_006);
			expect(slow.status).toBe(404);
			expect(fast.status).toBe(404);
			expect(fast.endedAt!).toBeLessThan(slow.endedAt!);
			// No new item was started after the first failure: at most the ones in flight then.
			const sent = resetPaths().map(sessionIdOf);
			expect(sent.length).toBeLessThan(ids.length);
			expect([...sent].sort((a, b) => a - b)).toEqual(
				ids.slice(0, sent.length).sort((a, b) => a - b),
			);
			expect(sent.length).toBeLessThanOrEqual(7 + 4);
			expectNoSecrets(result.error);
		},
		TEST_TIMEOUT_MS,
	);
});
