// The example of test/harness/README.md, verbatim between the markers, run as a test; the last
// test keeps the README's copy equal to this one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// README example start
import { runWorkflow, startTestServer, type TestServer } from '../harness';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';

let api: TestServer;
beforeAll(
	async () =>
		(api = await startTestServer((req) => ({
			body: { ChatSessionId: Number(/ChatSession\/(\d+)/.exec(req.path)?.[1]) },
		}))),
);
afterAll(async () => api.close());

test('resets a chat session per item', async () => {
	const result = await runWorkflow({
		nodeTypes: { 'n8n-nodes-superoffice.superOffice': new SuperOffice() },
		credentialTypes: [new SuperOfficeApi()],
		credentials: {
			superOfficeApi: {
				id: '1',
				name: 'SO',
				data: { baseUrl: `${api.url}/Cust12345`, authScheme: 'bearer', accessToken: 't' },
			},
		},
		inputItems: [{ json: { id: 1 } }, { json: { id: 2 } }],
		node: {
			type: 'n8n-nodes-superoffice.superOffice',
			parameters: { resource: 'chatSession', operation: 'reset', chatSessionId: '={{ $json.id }}' },
		},
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.json.ChatSessionId)).toEqual([1, 2]);
	expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(api.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
		'POST /Cust12345/api/v1/ChatSession/1/Reset',
		'POST /Cust12345/api/v1/ChatSession/2/Reset',
	]);
	expect(api.requests[0].headers.authorization).toBe('Bearer t');
	expect(result.credentialsHelper.authenticateCalls).toHaveLength(2);
});
// README example end

test('test/harness/README.md shows this example verbatim', () => {
	const source = readFileSync(__filename, 'utf8');
	const example = source
		.slice(
			source.indexOf('// README example start\n') + 24,
			source.indexOf('// README example end'),
		)
		.trim();
	const readme = readFileSync(join(__dirname, '..', 'harness', 'README.md'), 'utf8');
	expect(readme).toContain('```ts\n' + example + '\n```');
});
