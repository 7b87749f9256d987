/**
 * A 2xx answer whose shape is not what the operation gets from SuperOffice fails its item with
 * an error naming what came back (short, no secrets): a chat session wrapped in an OData page,
 * a page whose value is no list, an object that is no chat session or message. With Continue On
 * Fail an error item; without it the execution stops. The sandbox's `reshape` fault plays them.
 */
import type { Sandbox } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import { idsAsItems, runSuperOffice, sandboxCredential } from './support';

type Fault = Parameters<Sandbox['faults']['script']>[0][number]['fault'];

const sandbox = useSandbox();
const SESSION = 903;

async function run(
	operation: string,
	fault: Fault,
	continueOnFail: boolean,
	parameters: Record<string, unknown> = {},
) {
	sandbox.faults.script([{ times: -1, fault }]);
	return await runSuperOffice({
		credential: sandboxCredential(sandbox.webClientUrl),
		parameters: { operation, chatSessionId: '={{ $json.id }}', ...parameters },
		inputItems: idsAsItems([SESSION]),
		continueOnFail,
	});
}

const reshape = (as: 'page' | 'value-text' | 'object'): Fault => ({ type: 'reshape', as });

const cases: Array<[string, string, Fault, Record<string, unknown>, RegExp]> = [
	[
		'Get answered with a page of sessions',
		'get',
		reshape('page'),
		{},
		/^Could not get chat session 903: SuperOffice answered HTTP 200 with an object holding a list \(value: 1 item\) instead of a chat session$/,
	],
	[
		'Get answered with an object that is no chat session',
		'get',
		reshape('object'),
		{},
		/^Could not get chat session 903: SuperOffice answered HTTP 200 with an object with the key Success instead of a chat session$/,
	],
	[
		'Reset answered with a page',
		'reset',
		reshape('page'),
		{},
		/^Could not reset chat session 903: SuperOffice answered HTTP 200 with an object holding a list \(value: 1 item\) instead of a chat session$/,
	],
	[
		'Transfer To answered with an object that is no chat session',
		'transferTo',
		reshape('object'),
		{ toAssociate: { __rl: true, mode: 'id', value: '12' } },
		/^Could not transfer chat session 903 to 12: SuperOffice answered HTTP 200 with an object with the key Success instead of a chat session$/,
	],
	[
		'Add Message answered with a page',
		'addMessage',
		reshape('page'),
		{ message: 'Hello' },
		/^Could not add a message to chat session 903: SuperOffice answered HTTP 200 with an object holding a list \(value: 1 item\) instead of a chat message$/,
	],
	[
		'Get Messages answered with a page instead of a list',
		'getMessages',
		reshape('page'),
		{},
		/^Could not get the messages of chat session 903: SuperOffice answered HTTP 200 with an object holding a list \(value: \d+ items\) instead of a list of chat messages$/,
	],
	[
		'Get Many answered with a page whose value is a text',
		'getMany',
		reshape('value-text'),
		{},
		/^Could not search chat sessions: SuperOffice answered HTTP 200 with an object whose value is a text instead of a page of results$/,
	],
	[
		"Get Many (the current user's sessions) answered with a page",
		'getMany',
		reshape('page'),
		{ source: 'forCurrentUser' },
		/^Could not list the chat sessions of the current user: SuperOffice answered HTTP 200 with an object holding a list \(value: \d+ items\) instead of a list$/,
	],
];

describe.each(cases)('%s', (_name, operation, fault, parameters, message) => {
	it('Continue On Fail: an error item naming what came back, and no SessionKey', async () => {
		const result = await run(operation, fault, true, parameters);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(message);
		expect(result.items[0].json).toMatchObject({ httpCode: '200' });
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(JSON.stringify(result.items)).not.toContain(
			String(sandbox.getSession(SESSION)?.SessionKey),
		);
	});

	it('without Continue On Fail: the execution stops with that error', async () => {
		const result = await run(operation, fault, false, parameters);
		expect(String(result.error?.message)).toMatch(message);
		expect(result.items).toEqual([]);
	});
});

it('the right shapes still pass: a session, a page of rows, a list of messages', async () => {
	for (const [operation, parameters] of [
		['get', {}],
		['getMany', {}],
		['getMessages', {}],
		['addMessage', { message: 'Hi' }],
	] as const) {
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl),
			parameters: { operation, chatSessionId: SESSION, ...parameters },
			inputItems: idsAsItems([SESSION]),
		});
		expect({ operation, error: result.error?.message }).toEqual({ operation, error: undefined });
		expect(result.items.length).toBeGreaterThan(0);
	}
});
