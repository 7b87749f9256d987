/**
 * Chat Session → Update through n8n-core's WorkflowExecute against the sandbox: one JSON Patch
 * document of `replace` operations per item, the entity after the update as output.
 */
import { expectNoSecrets } from './support';
import { API, run, sandbox } from './chatSessionSupport';
import type { Recorded } from './chatSessionSupport';

function patches(): Recorded[] {
	return sandbox.requestsFor('PATCH', /\/ChatSession\/\d+$/);
}

describe('Chat Session → Update', () => {
	it('sends the fields as one JSON Patch document and outputs the updated session', async () => {
		const ticket = sandbox.state.tickets.create(
			{ Title: 'Refund' },
			sandbox.state.associates[0],
			sandbox.state.nowString(),
		);

		const result = await run({
			operation: 'update',
			chatSessionId: 911,
			updateFields: {
				status: 'Finished',
				personId: 42,
				contactId: '4',
				requestId: ticket.TicketId,
			},
		});

		expect(result.error).toBeUndefined();
		expect(patches()).toHaveLength(1);
		const [sent] = patches();
		expect(sent.path).toBe(`${API}/ChatSession/911`);
		expect(sent.headers['content-type']).toMatch(/^application\/json/);
		expect(sent.body).toEqual([
			{ op: 'replace', path: '/Status', value: 'Finished' },
			{ op: 'replace', path: '/Person', value: { PersonId: 42 } },
			{ op: 'replace', path: '/Contact', value: { ContactId: 4 } },
			{ op: 'replace', path: '/Ticket', value: { TicketId: ticket.TicketId } },
		]);
		const stored = sandbox.getSession(911);
		expect(stored).toMatchObject({
			Status: 'Finished',
			Person: { PersonId: 42 },
			Contact: { ContactId: 4 },
			Ticket: { TicketId: ticket.TicketId },
		});
		const { SessionKey: _key, ...expected } = stored!;
		expect(result.items).toEqual([{ json: expected, pairedItem: { item: 0 } }]);
		expect(sandbox.requests).toHaveLength(1);
	});

	it('only the fields given; one PATCH per item, paired', async () => {
		const result = await run(
			{ operation: 'update', chatSessionId: '={{ $json.id }}', updateFields: { status: 'Closed' } },
			{ items: [{ json: { id: 912 } }, { json: { id: 913 } }] },
		);
		expect(result.error).toBeUndefined();
		expect(patches().map((r) => [r.path, r.body])).toEqual(
			expect.arrayContaining([
				[`${API}/ChatSession/912`, [{ op: 'replace', path: '/Status', value: 'Closed' }]],
				[`${API}/ChatSession/913`, [{ op: 'replace', path: '/Status', value: 'Closed' }]],
			]),
		);
		expect(result.items.map((i) => [i.json.ChatSessionId, i.json.Status, i.pairedItem])).toEqual([
			[912, 'Closed', { item: 0 }],
			[913, 'Closed', { item: 1 }],
		]);
	});

	it('refuses nothing to change, a bad status or id before any request (Continue On Fail)', async () => {
		const empty = await run(
			{ operation: 'update', chatSessionId: 911, updateFields: {} },
			{ continueOnFail: true },
		);
		expect(empty.items.map((i) => i.json)).toEqual([
			{
				error: 'Update of item 0 has nothing to change',
				chatSessionId: 911,
				description:
					'Add a field under Update Fields: Status, Person ID, Contact ID or Request ID.',
			},
		]);
		const result = await run(
			{
				operation: 'update',
				chatSessionId: 911,
				updateFields: { status: '={{ $json.status }}', personId: '={{ $json.personId }}' },
			},
			{
				items: [
					{ json: { status: 'Sleeping', personId: 1 } },
					{ json: { status: 'Finished', personId: 0 } },
				],
				continueOnFail: true,
			},
		);
		expect(result.items.map((i) => i.json.error)).toEqual([
			'Status of item 0 must be a chat session status, got "Sleeping"',
			'Person ID of item 1 must be a whole number from 1 to 2147483647, got 0',
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sandbox.requests).toHaveLength(0);
	});

	it("Continue On Fail: what SuperOffice refuses is the item's error, the next item goes on", async () => {
		const result = await run(
			{
				operation: 'update',
				chatSessionId: '={{ $json.id }}',
				updateFields: { requestId: 77 },
			},
			{ items: [{ json: { id: 999999 } }, { json: { id: 901 } }], continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(/^Could not update chat session 999999: not found \(HTTP 404\)/),
			chatSessionId: 999999,
		});
		expect(result.items[1].json).toMatchObject({
			error: expect.stringMatching(/^Could not update chat session 901: .*HTTP 400/),
			chatSessionId: 901,
		});
		expect(sandbox.getSession(901)?.Ticket).toBeNull();
	});

	it('without Continue On Fail the execution stops with a readable error and no secret', async () => {
		const result = await run(
			{ operation: 'update', chatSessionId: 999999, updateFields: { status: 'Finished' } },
			{ scheme: 'bearer' },
		);
		expect(result.error?.message).toMatch(
			/^Could not update chat session 999999: not found \(HTTP 404\)/,
		);
		expectNoSecrets(result.error);
	});

	it('an answer lost after the update arrived is retried (replace is idempotent) and ends in the same state', async () => {
		sandbox.faults.script([
			{ match: { method: 'PATCH' }, fault: { type: 'reset', when: 'after-body' } },
		]);
		const result = await run({
			operation: 'update',
			chatSessionId: 902,
			updateFields: { status: 'Finished' },
		});
		expect(result.error).toBeUndefined();
		expect(patches()).toHaveLength(2);
		expect(result.items[0].json.Status).toBe('Finished');
	});
});
