/**
 * The sandbox's echo and hostile-page faults: error answers that repeat request parts in the
 * encodings servers use, and huge HTML error pages.
 */
import { SANDBOX_DEFAULTS } from '../sandbox';
import { basicAuth, callApi } from '../sandbox/testing';
import { useSandbox } from '../support/sandboxLifecycle';

const sb = useSandbox();
const reset = (id: number, headers: Record<string, string> = {}) =>
	callApi(sb.apiUrl, `/ChatSession/${id}/Reset`, { method: 'POST', headers });

describe('echo faults', () => {
	it('repeat the credential, the password and the SessionKey through the filters, without changing state', async () => {
		const password = 'p@ss word';
		sb.faults.script([
			{
				match: { path: /\/Reset$/ },
				fault: {
					type: 'echo',
					status: 401,
					template:
						'{credentials|nopad} {authorization|url} {password|form} {user} {sessionKey} {password|collapse|lower}',
					body: 'text',
				},
			},
		]);
		const authorization = basicAuth('Someone', password);
		const r = await reset(903, { authorization });
		const credentials = authorization.slice('Basic '.length);
		expect(r.status).toBe(401);
		expect(r.text).toBe(
			`${credentials.replace(/=+$/, '')} ${encodeURIComponent(authorization)} p%40ss+word Someone ${sb.getSession(903)!.SessionKey} p@ss word`,
		);
		expect(sb.getSession(903)!.ChatbotIsActive).toBe(true);
		expect(sb.requests[0].fault).toMatchObject({ type: 'echo', status: 401, source: 'script' });
	});

	it('wrap the text in a JSON error body by default, or an HTML page', async () => {
		sb.faults.script([
			{ fault: { type: 'echo', status: 400, template: 'app {appToken}' } },
			{ fault: { type: 'echo', status: 403, template: 'app {appToken}', body: 'html' } },
		]);
		const json = await reset(903, { 'SO-AppToken': SANDBOX_DEFAULTS.appToken });
		expect(json.status).toBe(400);
		expect(json.json).toMatchObject({ Error: true, Message: `app ${SANDBOX_DEFAULTS.appToken}` });
		const html = await reset(903, { 'SO-AppToken': SANDBOX_DEFAULTS.appToken });
		expect(html.status).toBe(403);
		expect(html.text).toContain(`<title>app ${SANDBOX_DEFAULTS.appToken}</title>`);
	});

	it("repeat a webhook registration's Secret raw, base64url, hex and JSON-escaped; nothing is registered", async () => {
		const secret = 'a+b/c"d';
		sb.faults.script([
			{
				match: { method: 'POST', path: /\/Webhook$/ },
				fault: {
					type: 'echo',
					template: '{secret} {secret|base64url|nopad} {secret|hex} {secret|json}',
					body: 'text',
				},
			},
		]);
		const r = await callApi(sb.apiUrl, '/Webhook', {
			method: 'POST',
			body: {
				Name: 'x',
				Events: ['chatsession.changed'],
				TargetUrl: 'http://127.0.0.1:9/x',
				secret,
			},
		});
		expect(r.status).toBe(400);
		expect(r.text).toBe(
			`${secret} ${Buffer.from(secret).toString('base64url')} ${Buffer.from(secret).toString('hex')} a+b/c\\"d`,
		);
		expect(sb.webhooks.list()).toEqual([]);
	});

	it('embed-session puts the session (with its key) into every message of the answer', async () => {
		sb.faults.script([{ fault: { type: 'embed-session' } }]);
		const r = await callApi(sb.apiUrl, '/ChatSession/903/Messages');
		expect(r.status).toBe(200);
		const messages = r.json as Array<Record<string, unknown>>;
		expect(messages).toHaveLength(sb.getMessages(903).length);
		const session = sb.getSession(903)!;
		for (const message of messages) {
			expect(message.ChatSession).toEqual(session);
			expect(message.Links).toEqual([{ Rel: 'session', sessionkey: session.SessionKey }]);
		}
	});

	it('refuse unknown parts, filters and body kinds', () => {
		expect(() =>
			sb.faults.script([{ fault: { type: 'echo', status: 400, template: '{cookie}' } }]),
		).toThrow(/unknown part \{cookie\}/);
		expect(() =>
			sb.faults.script([{ fault: { type: 'echo', status: 400, template: '{password|rot13}' } }]),
		).toThrow(/unknown filter \|rot13/);
		expect(() =>
			sb.faults.script([
				{ fault: { type: 'echo', status: 400, template: 'x', body: 'xml' } as never },
			]),
		).toThrow(/body must be/);
		expect(() =>
			sb.faults.script([{ fault: { type: 'echo', status: 400, template: '' } }]),
		).toThrow(/needs a template/);
	});
});

describe('hostile-page faults', () => {
	it('answer an HTML page of exactly the given size made of the unit', async () => {
		sb.faults.script([
			{ fault: { type: 'hostile-page', status: 500, bytes: 1024 * 1024, unit: '<a' } },
		]);
		const r = await reset(903);
		expect(r.status).toBe(500);
		expect(r.headers.get('content-type')).toMatch(/^text\/html/);
		expect(r.text.length).toBe(1024 * 1024);
		expect(r.text.startsWith('<a<a<a')).toBe(true);
		expect(r.text.replace(/<a/g, '')).toBe('');
	});

	it('refuse sizes beyond 16 MB and empty units', () => {
		expect(() =>
			sb.faults.script([
				{ fault: { type: 'hostile-page', status: 500, bytes: 17 * 1024 * 1024, unit: '<a' } },
			]),
		).toThrow(/bytes must be/);
		expect(() =>
			sb.faults.script([{ fault: { type: 'hostile-page', status: 500, bytes: 10, unit: '' } }]),
		).toThrow(/unit must be/);
	});
});
