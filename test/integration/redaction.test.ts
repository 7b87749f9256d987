/**
 * Redaction at the source: the sandbox echoes parts of the request (the credential, in the
 * encodings servers use, and chat SessionKeys) in a 4xx body, and nothing of them may reach the
 * error, the Continue On Fail item or its context. Each case also proves from the request log
 * that the node sent the credential the server echoed. Through n8n-core's WorkflowExecute.
 */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../sandbox';
import { SANDBOX_DEFAULTS } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import { runSuperOffice, sandboxCredential } from './support';

type Fault = Parameters<Sandbox['faults']['script']>[0][number]['fault'];

const sandbox = useSandbox();
const SESSION = 903;
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Everything a run left behind that a user or a log could see, as one text. */
function visible(result: Awaited<ReturnType<typeof runSuperOffice>>): string {
	return JSON.stringify(
		{ error: result.error, items: result.items, runData: result.runData },
		(_key, value: unknown) =>
			value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value,
	);
}

/** Resets session 903 with `credential` while the sandbox answers `fault`; returns the visible text. */
async function echoRun(
	credential: ICredentialDataDecryptedObject,
	fault: Fault,
	continueOnFail = false,
): Promise<string> {
	sandbox.faults.script([{ match: { path: /\/Reset$/ }, fault }]);
	const result = await runSuperOffice({
		credential,
		parameters: { chatSessionId: SESSION },
		inputItems: [{ json: {} }],
		continueOnFail,
	});
	const [request] = sandbox.requestsFor('POST', /\/Reset$/);
	expect(request.fault?.type).toBe('echo');
	expect(request.status).toBe((fault as { status: number }).status);
	const text = visible(result);
	const shown = continueOnFail
		? String(result.items[0]?.json.error)
		: String(result.error?.message);
	expect(shown).toMatch(/^Could not reset chat session 903: /);
	return text;
}

const echo = (template: string, body: 'json' | 'text' | 'html' = 'json', status = 401): Fault => ({
	type: 'echo',
	status,
	template,
	body,
});
const basicWith = (password: string) =>
	sandboxCredential(sandbox.webClientUrl, 'basic', { password });

describe('a server that echoes the credential in a 4xx body', () => {
	const pair = base64(`${SANDBOX_DEFAULTS.username}:${SANDBOX_DEFAULTS.password}`);

	it('base64(user:password) without the word Basic, padded and unpadded', async () => {
		// 31 characters: the base64 form ends with "==".
		const password = 'Sb-Password-7f3k9!';
		const padded = base64(`${SANDBOX_DEFAULTS.username}:${password}`);
		expect(padded.endsWith('==')).toBe(true);
		const text = await echoRun(
			basicWith(password),
			echo('credentials {credentials} / {credentials|nopad} rejected'),
		);
		expect(sandbox.requests[0].headers.authorization).toBe(`Basic ${padded}`);
		expect(text).not.toContain(padded.replace(/=+$/, ''));
		expect(text).toContain('credentials *** / *** rejected');
	});

	it('the Authorization header URL-encoded (Basic%20...)', async () => {
		const text = await echoRun(
			basicWith(SANDBOX_DEFAULTS.password),
			echo('header {authorization|url}'),
		);
		expect(text).not.toContain(encodeURIComponent(pair).slice(0, 12));
		expect(text).not.toContain(pair.slice(0, 12));
	});

	it('a URL- or form-encoded password', async () => {
		const password = 'p@ss word&x=1!';
		const text = await echoRun(
			basicWith(password),
			echo('login {password|url} or {password|form} failed', 'text'),
		);
		expect(text).not.toContain(encodeURIComponent(password));
		expect(text).not.toContain('p%40ss');
		expect(text).toContain('login *** or *** failed');
	});

	it('a password cut by the 300-character limit of the message', async () => {
		const text = await echoRun(
			basicWith(SANDBOX_DEFAULTS.password),
			echo(`${'x'.repeat(290)} {password} end`),
		);
		expect(text).not.toContain(SANDBOX_DEFAULTS.password.slice(0, 4));
	});

	it('a passphrase with double spaces and tabs, as sent and collapsed', async () => {
		const passphrase = 'correct  horse\tbattery   staple';
		const text = await echoRun(
			basicWith(passphrase),
			echo('wrong passphrase {password} ({password|collapse})', 'text'),
		);
		expect(text).not.toMatch(/horse|battery|staple/);
	});

	it('a 2-character password in a value position; a 3-character one does not mask every "the"', async () => {
		const two = await echoRun(
			basicWith('ab'),
			echo('Invalid password {password}. password={password|url}', 'text'),
		);
		expect(two).toContain('Invalid password ***. password=***');
		sandbox.clearRequests();
		const three = await echoRun(
			basicWith('the'),
			echo('the user sent the wrong password: {password}', 'text'),
		);
		expect(three).toContain('the user sent the wrong password: ***');
	});

	it('a token pasted as "Bearer eyJ...", echoed without the scheme word', async () => {
		const jwt = `eyJhbGciOiJIUzI1NiJ9.${base64('{"sub":"5"}').replace(/=+$/, '')}.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Q`;
		const credential = sandboxCredential(sandbox.webClientUrl, 'bearer', {
			accessToken: `Bearer ${jwt}`,
		});
		const text = await echoRun(credential, echo('token {credentials} is not valid here'));
		expect(sandbox.requests[0].headers.authorization).toBe(`Bearer ${jwt}`);
		expect(text).not.toContain('ZmFrZS1zaWduYXR1cmU');
		expect(text).not.toContain(jwt.slice(0, 24));
	});

	it('the app token and a ticket', async () => {
		const credential = sandboxCredential(sandbox.webClientUrl, 'soTicket', {
			appToken: SANDBOX_DEFAULTS.appToken,
		});
		const text = await echoRun(
			credential,
			echo('app {appToken|url} ticket {credentials|base64}', 'html'),
		);
		expect(text).not.toContain(SANDBOX_DEFAULTS.appToken);
		expect(text).not.toContain(base64(SANDBOX_DEFAULTS.ticket).slice(0, 12));
	});

	it.each([
		["Session key '{sessionKey}' is not valid"],
		['SessionKey {sessionKey} is not valid'],
		['sessionKey: {sessionKey}'],
		['chat refused (session_key={sessionKey}&topic=2)'],
	])('the SessionKey of the session: %s', async (template) => {
		const key = sandbox.getSession(SESSION)?.SessionKey;
		expect(typeof key).toBe('string');
		const text = await echoRun(
			basicWith(SANDBOX_DEFAULTS.password),
			echo(template, 'text', 400),
			true,
		);
		expect(text).not.toContain(String(key));
	});
});

describe('a whole item mapped to Chat Session ID', () => {
	const session = (): IDataObject => {
		const entity = sandbox.getSession(SESSION) as unknown as IDataObject;
		return { ...entity, CustomerEmail: 'anna.customer@example.com', CustomerPhone: '+47 91234567' };
	};

	it('Continue On Fail: the error item describes the value and carries none of it', async () => {
		const item = session();
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl),
			parameters: { chatSessionId: '={{ $json }}' },
			inputItems: [{ json: item }],
			continueOnFail: true,
		});
		const keys = Object.keys(item).length;
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toBe(
			`Chat Session ID of item 0 must be a whole number from 1 to 2147483647, got an object with ${keys} keys`,
		);
		expect(result.items[0].json.chatSessionId).toBe(`an object with ${keys} keys`);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		const output = JSON.stringify(result.items);
		for (const secret of [String(item.SessionKey), 'anna.customer@example.com', '+47 91234567'])
			expect(output).not.toContain(secret);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('without Continue On Fail: the node error and its context carry none of it', async () => {
		const item = session();
		const result = await runSuperOffice({
			credential: sandboxCredential(sandbox.webClientUrl),
			parameters: { chatSessionId: '={{ $json }}' },
			inputItems: [{ json: item }],
		});
		expect(result.error?.message).toMatch(/got an object with \d+ keys$/);
		const error = JSON.stringify(result.error);
		for (const secret of [String(item.SessionKey), 'anna.customer@example.com', '+47 91234567'])
			expect(error).not.toContain(secret);
		expect(sandbox.requests).toHaveLength(0);
	});
});
