import { describeFailure, serverMessage, toNodeApiError } from '../../nodes/shared/errors/errors';
import { redact } from '../../nodes/shared/errors/redact';

const node = {
	id: 'n1',
	name: 'SuperOffice',
	type: 'n8n-nodes-superoffice.superOffice',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};
const subject = { action: 'reset chat session 999', chatSessionId: 999 };
const secrets = [
	'Sb-Password-7f3k9',
	'7T:sandbox-ticket-Q2xZ',
	'8A:Cust12345.sandbox-token-M4nP',
	'sandbox-app-token-R8vW',
];
const soError = (message: string) =>
	JSON.stringify({
		Error: true,
		ErrorType: 'SoException',
		Message: message,
		ErrorSource: 'SuperOffice.WebApi',
	});

describe('serverMessage', () => {
	it('reads SuperOffice JSON error bodies', () => {
		expect(serverMessage(soError('No chat session with id 999'), 'application/json')).toBe(
			'No chat session with id 999',
		);
	});
	it('reads the title of an HTML page', () => {
		expect(
			serverMessage(
				'<html><head><title>502 - Web server received an invalid response</title></head><body>x</body></html>',
			),
		).toBe('502 - Web server received an invalid response');
		expect(serverMessage('<html><body><h1>Service Unavailable</h1><p>bye</p></body></html>')).toBe(
			'Service Unavailable',
		);
	});
	it('reads plain text and handles empty bodies', () => {
		expect(serverMessage('Bad gateway')).toBe('Bad gateway');
		expect(serverMessage('')).toBe('');
		expect(serverMessage('   ')).toBe('');
	});
	it('cuts very long bodies', () => {
		expect(serverMessage('x'.repeat(5000)).length).toBeLessThanOrEqual(300);
	});
	it('treats broken JSON as text', () => {
		expect(serverMessage('{"Message": "cut', 'application/json')).toBe('{"Message": "cut');
	});
});

describe('describeFailure', () => {
	it.each([
		[400, /invalid/, /values sent/],
		[401, /rejected the credential/, /ticket|token|password/],
		[403, /no rights, or an expired token/, /rights|expired/],
		[404, /not found/, /chat session id 999/],
		[412, /changed meanwhile/, /retry/i],
		[421, /wrong SuperOffice Online host/, /online3\.superoffice\.com\/Cust12345/],
		[429, /too many requests/, /concurrency/],
		[500, /server problem/, /maintenance/],
		[503, /server problem/, /Try again later/],
	])('HTTP %i names session, status and advice', (status, summary, advice) => {
		const { message, description, httpCode } = describeFailure(
			{
				kind: 'http',
				status,
				body: soError(`Server says ${status}`),
				contentType: 'application/json',
			},
			subject,
			secrets,
		);
		expect(message).toContain('reset chat session 999');
		expect(message).toContain(`(HTTP ${status})`);
		expect(message).toContain(`SuperOffice says: Server says ${status}`);
		expect(message).toMatch(summary);
		expect(description).toMatch(advice);
		expect(httpCode).toBe(String(status));
	});

	it('works without a body', () => {
		const { message } = describeFailure({ kind: 'http', status: 404, body: '' }, subject, secrets);
		expect(message).toBe('Could not reset chat session 999: not found (HTTP 404)');
	});

	it('explains invalid JSON and network failures', () => {
		expect(
			describeFailure(
				{ kind: 'invalidJson', status: 200, contentType: 'text/html' },
				subject,
				secrets,
			).message,
		).toMatch(/HTTP 200 with a body that is not valid JSON \(text\/html\)/);
		const refused = describeFailure(
			{ kind: 'network', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' },
			subject,
			secrets,
		);
		expect(refused.message).toMatch(/no answer from SuperOffice \(ECONNREFUSED/);
		expect(refused.description).toMatch(/Nothing answered at the base URL/);
		expect(
			describeFailure(
				{ kind: 'network', code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND x' },
				subject,
				secrets,
			).description,
		).toMatch(/host name/);
		expect(
			describeFailure(
				{
					kind: 'network',
					code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
					message: 'self-signed certificate',
				},
				subject,
				secrets,
			).description,
		).toMatch(/Ignore SSL Issues/);
	});

	it('never lets a secret or a SessionKey through', () => {
		const echoed = `Invalid ticket 7T:sandbox-ticket-Q2xZ with app sandbox-app-token-R8vW; header was Authorization: Bearer 8A:Cust12345.sandbox-token-M4nP; Basic U2ItUGFzc3dvcmQ=; "SessionKey":"sk-live-123"; pw Sb-Password-7f3k9`;
		const { message, description } = describeFailure(
			{ kind: 'http', status: 401, body: soError(echoed) },
			subject,
			secrets,
		);
		for (const secret of [...secrets, 'U2ItUGFzc3dvcmQ=', 'sk-live-123']) {
			expect(message).not.toContain(secret);
			expect(description).not.toContain(secret);
		}
		expect(message).toContain('***');
	});
});

describe('redact', () => {
	it('masks token shapes even when the value is not a known secret', () => {
		expect(redact('token 8A:Cust999.abcdefgh and 7T:qwertyuiop')).toBe('token 8A:*** and 7T:***');
		expect(redact('SessionKey=abc123&x=1')).toBe('SessionKey=***&x=1');
	});
});

describe('toNodeApiError', () => {
	it('builds a NodeApiError whose serialized form holds no secret', () => {
		const error = toNodeApiError(
			node,
			{ kind: 'http', status: 401, body: soError('ticket 7T:sandbox-ticket-Q2xZ is expired') },
			subject,
			secrets,
		);
		expect(error.message).toMatch(
			/^Could not reset chat session 999: SuperOffice rejected the credential \(HTTP 401\)/,
		);
		expect(error.httpCode).toBe('401');
		expect(error.context.chatSessionId).toBe(999);
		const serialized = JSON.stringify({
			...error,
			message: error.message,
			description: error.description,
			cause: error.cause,
			stack: error.stack,
		});
		for (const secret of secrets) expect(serialized).not.toContain(secret);
	});

	it('keeps its own message for network codes n8n would otherwise replace', () => {
		const error = toNodeApiError(
			node,
			{ kind: 'network', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' },
			subject,
			secrets,
		);
		expect(error.message).toMatch(/^Could not reset chat session 999: no answer from SuperOffice/);
	});
});
