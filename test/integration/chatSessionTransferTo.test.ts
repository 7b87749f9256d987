/**
 * Chat Session → Transfer To through n8n-core's WorkflowExecute against the sandbox.
 */
import { expectNoSecrets } from './support';
import { API, run, sandbox } from './chatSessionSupport';
import type { Recorded } from './chatSessionSupport';

describe('Chat Session → Transfer To', () => {
	function transferRequests(): Recorded[] {
		return sandbox.requestsFor('POST', /\/TransferTo\//);
	}

	it('by user name: POST /ChatSession/{id}/TransferTo/{user} and the session now has TransferTo', async () => {
		expect(sandbox.getSession(911)?.TransferTo).toBeNull();
		const result = await run({
			operation: 'transferTo',
			chatSessionId: 911,
			toAssociate: 'anna.agent',
		});

		expect(result.error).toBeUndefined();
		expect(transferRequests()).toHaveLength(1);
		const [request] = transferRequests();
		expect(request.path).toBe(`${API}/ChatSession/911/TransferTo/anna.agent`);
		expect(request.query).toEqual({});
		expect(request.body).toBeUndefined();
		expect(request.headers.accept).toBe('application/json');

		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			ChatSessionId: 911,
			TransferTo: { AssociateId: 12, UserName: 'anna.agent' },
		});
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(sandbox.getSession(911)?.TransferTo).toMatchObject({
			AssociateId: 12,
			UserName: 'anna.agent',
			FullName: 'Anna Agent',
		});
	});

	it('by associate id from an expression', async () => {
		const result = await run(
			{ operation: 'transferTo', chatSessionId: '={{ $json.id }}', toAssociate: '={{ $json.to }}' },
			{ items: [{ json: { id: 912, to: 13 } }] },
		);
		expect(result.error).toBeUndefined();
		expect(transferRequests().map((r) => r.path)).toEqual([`${API}/ChatSession/912/TransferTo/13`]);
		expect(result.items[0].json).toMatchObject({
			ChatSessionId: 912,
			TransferTo: { AssociateId: 13, UserName: 'bob.backup' },
		});
		expect(sandbox.getSession(912)?.TransferTo?.AssociateId).toBe(13);
	});

	it('from the searchable list, as the editor stores it: { __rl, mode: list, value }', async () => {
		const result = await run({
			operation: 'transferTo',
			chatSessionId: 911,
			toAssociate: { __rl: true, mode: 'list', value: 'anna.agent' },
		});
		expect(result.error).toBeUndefined();
		expect(transferRequests().map((r) => r.path)).toEqual([
			`${API}/ChatSession/911/TransferTo/anna.agent`,
		]);
		expect(result.items[0].json).toMatchObject({ TransferTo: { UserName: 'anna.agent' } });
	});

	it('by user name or ID mode with an expression: { __rl, mode: id, value: "={{ … }}" }', async () => {
		const result = await run(
			{
				operation: 'transferTo',
				chatSessionId: '={{ $json.id }}',
				toAssociate: { __rl: true, mode: 'id', value: '={{ $json.to }}' },
			},
			{ items: [{ json: { id: 912, to: 13 } }] },
		);
		expect(result.error).toBeUndefined();
		expect(transferRequests().map((r) => r.path)).toEqual([`${API}/ChatSession/912/TransferTo/13`]);
	});

	it('a locator whose expression yields nothing is refused before any request', async () => {
		const result = await run(
			{
				operation: 'transferTo',
				chatSessionId: 911,
				toAssociate: { __rl: true, mode: 'id', value: '={{ $json.to }}' },
			},
			{ items: [{ json: { to: '' } }], continueOnFail: true },
		);
		expect(transferRequests()).toHaveLength(0);
		expect(result.items[0].json.error).toBe(
			'To User of item 0 must be a user name or an associate ID, got ""',
		);
	});

	it("refuses 'a/b', empty, '..' and other non-segments before any request", async () => {
		const bad = ['a/b', '', '..', '.', '   ', 'a?b', '50%', 'x#y', 'a\\b'];
		const result = await run(
			{ operation: 'transferTo', chatSessionId: 911, toAssociate: '={{ $json.to }}' },
			{ items: bad.map((to) => ({ json: { to } })), continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(bad.length);
		bad.forEach((to, index) => {
			expect(result.items[index].json).toMatchObject({
				error: `To User of item ${index} must be a user name or an associate ID, got ${JSON.stringify(to)}`,
				chatSessionId: 911,
			});
			expect(result.items[index].pairedItem).toEqual({ item: index });
		});
		expect(sandbox.requests).toHaveLength(0);
		expect(sandbox.getSession(911)?.TransferTo).toBeNull();
	});

	it('a long refused value is shown cut to 60 characters, not copied whole', async () => {
		const to = `a/${'b'.repeat(300)}`;
		const result = await run(
			{ operation: 'transferTo', chatSessionId: 911, toAssociate: '={{ $json.to }}' },
			{ items: [{ json: { to } }], continueOnFail: true },
		);
		expect(result.items[0].json.error).toBe(
			`To User of item 0 must be a user name or an associate ID, got "${to.slice(0, 57)}..."`,
		);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('refuses a line break in the user before any request', async () => {
		const result = await run(
			{ operation: 'transferTo', chatSessionId: 911, toAssociate: '={{ $json.to }}' },
			{ items: [{ json: { to: 'anna.agent\r\nX-Injected: 1' } }] },
		);
		expect(result.error?.message).toBe(
			'To User of item 0 contains a line break or another control character',
		);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('an unknown user: the sandbox 400 becomes a readable error and nothing changes', async () => {
		const result = await run(
			{ operation: 'transferTo', chatSessionId: 911, toAssociate: 'nobody' },
			{ scheme: 'soTicket' },
		);
		expect(result.error?.message).toBe(
			'Could not transfer chat session 911 to nobody: SuperOffice rejected the request as invalid (HTTP 400). ' +
				'SuperOffice says: Unknown associate for toAssociate: expected an associate id or user name.',
		);
		expect((result.error as { httpCode?: string }).httpCode).toBe('400');
		expect(transferRequests().map((r) => r.path)).toEqual([
			`${API}/ChatSession/911/TransferTo/nobody`,
		]);
		expect(sandbox.getSession(911)?.TransferTo).toBeNull();
		expectNoSecrets(result.error);
		expectNoSecrets(result.run);
	});

	describe('when SuperOffice answers but the session did not change hands', () => {
		const BOT_REASON =
			'no user owns it (a chatbot session, User is empty), and SuperOffice transfers only sessions that belong to the signed-in user: nothing changed';

		it('a bot session (User null): the run stops, says why and points at Reset; nothing changed', async () => {
			const before = sandbox.getSession(903);
			expect(before).toMatchObject({ User: null, ChatbotIsActive: true });
			const result = await run({
				operation: 'transferTo',
				chatSessionId: 903,
				toAssociate: 'anna.agent',
			});
			expect(result.error?.message).toBe(
				`Chat session 903 was not transferred to anna.agent: ${BOT_REASON}`,
			);
			expect((result.error as { description?: string }).description).toMatch(
				/^To hand a bot session to a human, use Chat Session → Reset/,
			);
			// The request went out once; SuperOffice left the session as it was.
			expect(transferRequests().map((r) => [r.path, r.status])).toEqual([
				[`${API}/ChatSession/903/TransferTo/anna.agent`, 200],
			]);
			expect(sandbox.getSession(903)).toEqual(before);
		});

		it("Continue On Fail: an error item for another user's session and a bot session, the transfer that took goes on", async () => {
			const result = await run(
				{
					operation: 'transferTo',
					chatSessionId: '={{ $json.id }}',
					toAssociate: '={{ $json.to }}',
				},
				{
					items: [
						{ json: { id: 913, to: 'bob.backup' } },
						{ json: { id: 911, to: 'bob.backup' } },
						{ json: { id: 903, to: 13 } },
					],
					continueOnFail: true,
				},
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(result.items[0].json).toEqual({
				error:
					'Chat session 913 was not transferred to bob.backup: it belongs to Anna Agent, and SuperOffice transfers only sessions that belong to the signed-in user: nothing changed',
				chatSessionId: 913,
				description:
					'Transfer it with a credential of Anna Agent, or use Chat Session → Reset to put it back on the queue of its topic.',
			});
			expect(result.items[1].json).toMatchObject({
				ChatSessionId: 911,
				TransferTo: { AssociateId: 13, UserName: 'bob.backup' },
			});
			expect(result.items[2].json).toMatchObject({
				error: `Chat session 903 was not transferred to 13: ${BOT_REASON}`,
				chatSessionId: 903,
			});
			expect(sandbox.getSession(913)?.TransferTo).toBeNull();
			expect(sandbox.getSession(903)?.TransferTo).toBeNull();
			expect(sandbox.getSession(911)?.TransferTo?.AssociateId).toBe(13);
		});

		it('a pending transfer to someone else is named; a transfer already offered to the target passes', async () => {
			// 916 is Carl's, offered to the principal: not the principal's own, so nothing happens.
			const other = await run(
				{ operation: 'transferTo', chatSessionId: 916, toAssociate: 'anna.agent' },
				{ continueOnFail: true },
			);
			expect(other.items[0].json.error).toBe(
				'Chat session 916 was not transferred to anna.agent: it belongs to Carl Chatman (and is offered to Sandra Box), and SuperOffice transfers only sessions that belong to the signed-in user: nothing changed',
			);
			// Asking again for what is already so is no failure.
			const again = await run({ operation: 'transferTo', chatSessionId: 916, toAssociate: '5' });
			expect(again.error).toBeUndefined();
			expect(again.items[0].json).toMatchObject({ TransferTo: { AssociateId: 5 } });
		});
	});
});
