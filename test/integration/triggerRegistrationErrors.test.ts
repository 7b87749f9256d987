/**
 * The webhook secret the trigger generates is a secret like the credential's: a registration
 * error whose body echoes it (in any encoding) shows `***`, in the activation error and in the
 * warnings. Refusals are explained by status and SuperOffice's message, never guessed: "https
 * only" needs SuperOffice to say the TargetUrl must be secure.
 */
import type { INode } from 'n8n-workflow';

import { explainRegistrationFailure } from '../../nodes/SuperOfficeTrigger/registrationErrors';
import type { TriggerHarness } from '../harness';
import type { Sandbox } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import { sandboxTrigger } from './triggerSupport';

type Fault = Parameters<Sandbox['faults']['script']>[0][number]['fault'];

const sandbox = useSandbox((sb) => {
	sb.webhooks.clear();
	sb.webhooks.configure({ httpsRequired: false, webhookRights: true, retryDelaysMs: [10, 20] });
});
const harnesses: TriggerHarness[] = [];
afterEach(async () => {
	await sandbox.webhooks.settled(5000);
	await Promise.all(harnesses.splice(0).map(async (h) => await h.close()));
});

const trigger = async () => await sandboxTrigger(sandbox.webClientUrl, harnesses);

const echo = (template: string, body: 'json' | 'text' | 'html' = 'json', status = 400): Fault => ({
	type: 'echo',
	status,
	template,
	body,
});

/** Everything of an error a user or a log could see, as one text. */
function visible(error: unknown, h: TriggerHarness): string {
	const e = error as Error & Record<string, unknown>;
	return JSON.stringify({
		message: e.message,
		description: e.description,
		context: e.context,
		cause: e.cause,
		stack: e.stack,
		own: { ...e },
		warnings: h.warnings,
	});
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const base64Url = (text: string) => base64(text).replace(/\+/g, '-').replace(/\//g, '_');
/** The forms of a secret a server may echo. */
const forms = (secret: string): Record<string, string> => ({
	raw: secret,
	json: JSON.stringify(secret).slice(1, -1),
	base64: base64(secret),
	base64Unpadded: base64(secret).replace(/=+$/, ''),
	base64Url: base64Url(secret),
	base64UrlUnpadded: base64Url(secret).replace(/=+$/, ''),
	url: encodeURIComponent(secret),
	hex: Buffer.from(secret, 'utf8').toString('hex'),
	hexUpper: Buffer.from(secret, 'utf8').toString('hex').toUpperCase(),
});

/** Activation against `fault` on the registering POST; the error and the secret sent. */
async function failedRegistration(fault: Fault) {
	const h = await trigger();
	sandbox.faults.script([{ match: { method: 'POST', path: /\/Webhook$/ }, fault }]);
	let error: unknown;
	try {
		await h.activate();
	} catch (thrown) {
		error = thrown;
	}
	expect(error).toBeInstanceOf(Error);
	const [post] = sandbox.requestsFor('POST', /\/Webhook$/);
	expect(post.fault?.type).toBe('echo');
	const secret = String((post.body as { Secret?: unknown }).Secret);
	expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
	return { h, error: error as Error, secret, text: visible(error, h) };
}

describe('a registration error that echoes the generated webhook secret', () => {
	it.each([
		['raw', 'Webhook rejected: secret {secret} is not accepted'],
		['JSON-escaped', 'Webhook rejected: secret {secret|json} is not accepted'],
		['base64', 'Webhook rejected, signature key {secret|base64}'],
		['base64 without padding', 'Webhook rejected, signature key {secret|base64|nopad}'],
		['base64url', 'Webhook rejected, signature key {secret|base64url}'],
		['base64url without padding', 'Webhook rejected, signature key {secret|base64url|nopad}'],
		['URL-encoded', 'Webhook rejected (secret={secret|url}&name=x)'],
		['form-encoded', 'Webhook rejected; form {secret|form}'],
		['hex', 'Webhook rejected, key bytes {secret|hex}'],
	])('%s: the activation error shows *** in its place', async (_form, template) => {
		const { error, secret, text } = await failedRegistration(echo(template));
		for (const [form, value] of Object.entries(forms(secret)))
			expect({ form, leaked: text.includes(value) }).toEqual({ form, leaked: false });
		expect(error.message).toMatch(
			/^Could not register the SuperOffice webhook: SuperOffice rejected the request as invalid \(HTTP 400\)\. SuperOffice says: Webhook rejected.*\*\*\*/,
		);
		expect(sandbox.webhooks.list()).toEqual([]);
	});

	it('in a plain-text and an HTML body, and when a PATCH of the recorded hook echoes it', async () => {
		for (const body of ['text', 'html'] as const) {
			const { secret, text } = await failedRegistration(
				echo('refused {secret} / {secret|base64|nopad}', body),
			);
			expect(text).not.toContain(secret);
			expect(text).not.toContain(base64(secret).replace(/=+$/, ''));
			sandbox.clearRequests();
		}

		const h = await trigger();
		await h.activate();
		const { webhookId } = h.staticData().production as { webhookId: number };
		await fetch(`${sandbox.apiUrl}/Webhook/${webhookId}`, {
			method: 'PATCH',
			headers: {
				authorization: (sandbox.requests[0].headers.authorization as string) ?? '',
				'content-type': 'application/json',
			},
			body: JSON.stringify({ State: 'Stopped' }),
		});
		sandbox.faults.script([
			{
				match: { method: 'PATCH', path: /\/Webhook\/\d+$/ },
				fault: echo('cannot update: {secret|base64url}'),
			},
		]);
		sandbox.clearRequests();
		const error = await h.activate().then(
			() => undefined,
			(thrown: unknown) => thrown,
		);
		const [patch] = sandbox.requestsFor('PATCH', /\/Webhook\/\d+$/);
		const secret = String((patch.body as { Secret?: unknown }).Secret);
		expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const text = visible(error, h);
		expect(text).toContain('cannot update: ***');
		for (const value of Object.values(forms(secret))) expect(text).not.toContain(value);
	});
});

describe('refusals are explained by status and message, not guessed', () => {
	it('a 400 that mentions the TargetUrl of an http address without saying it must be secure is not "https only"', async () => {
		const { error } = await failedRegistration(
			echo('Webhook TargetUrl is already used by another webhook (secret {secret})'),
		);
		expect(error.message).not.toMatch(/https/);
		expect(error.message).toMatch(
			/^Could not register the SuperOffice webhook: SuperOffice rejected the request as invalid \(HTTP 400\)\. SuperOffice says: Webhook TargetUrl is already used by another webhook \(secret \*\*\*\)$/,
		);
	});

	it('words inside an echoed secret or address never pick the explanation', async () => {
		const { error } = await failedRegistration(
			echo('Invalid Name. Value was https://example.com/ssl-certificate?secure=1&test=1'),
		);
		expect(error.message).toMatch(/^Could not register the SuperOffice webhook: /);
	});

	it('"must be secure" is https only; a failed test call is "could not reach n8n"', async () => {
		const secure = await failedRegistration(
			echo('Webhook TargetUrl must be secure: http://127.0.0.1/x'),
		);
		expect(secure.error.message).toMatch(/^SuperOffice accepts only https webhook addresses/);
		sandbox.clearRequests();
		const unreachable = await failedRegistration(
			echo('Webhook test call to TargetUrl http://127.0.0.1/x failed: HTTP 404.'),
		);
		expect(unreachable.error.message).toMatch(/^SuperOffice could not reach n8n at /);
	});

	it('a 500 is the transport error, whatever its words', async () => {
		const { error } = await failedRegistration(
			echo('TargetUrl must be secure (internal error)', 'json', 500),
		);
		expect(error.message).toMatch(
			/^Could not register the SuperOffice webhook: SuperOffice had a server problem \(HTTP 500/,
		);
	});
});

describe('explainRegistrationFailure reads what SuperOffice said', () => {
	const node = { id: 'n', name: 'T', type: 't', typeVersion: 1, position: [0, 0], parameters: {} };
	const explain = (said: string, targetUrl = 'http://127.0.0.1:5678/webhook/x', status = '400') =>
		explainRegistrationFailure(
			node as INode,
			{
				httpCode: status,
				message: `Could not register the SuperOffice webhook: SuperOffice rejected the request as invalid (HTTP ${status}). SuperOffice says: ${said}`,
			},
			targetUrl,
		)?.message ?? 'kept';

	it.each([
		['Webhook TargetUrl must be secure: http://127.0.0.1:5678/webhook/x'],
		['The TargetUrl must use https.'],
		['https is required for webhooks'],
		['A secure URL is required.'],
	])('https only: %s', (said) => {
		expect(explain(said)).toMatch(/^SuperOffice accepts only https webhook addresses/);
	});

	it('a certificate SuperOffice does not trust, for an https address: "was refused"', () => {
		expect(
			explain('The certificate of the TargetUrl is not valid.', 'https://n8n.example/webhook/x'),
		).toMatch(/^SuperOffice accepts only https webhook addresses, and .* was refused\./);
	});

	it.each([
		['Webhook TargetUrl is too long.'],
		['Webhook Secret must be at least 16 characters (got ***).'],
		['Invalid TargetUrl http://127.0.0.1:5678/webhook/x (ssl, secure, https, tested)'],
		['Webhook Name is required.'],
		['Events contains an unknown event: chatsession.tested'],
	])('kept as SuperOffice said it: %s', (said) => {
		expect(explain(said)).toBe('kept');
	});
});
