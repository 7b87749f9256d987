/**
 * The SuperOffice API credential's declarative `test`, run the way n8n's CredentialsTester runs
 * it (RoutingNode on a NoOp copy, signed by the credential's `authenticate`), against the
 * sandbox. `result` is what n8n 2.x answers; `byRules` is what the credential's rules make of the
 * HTTP status (what n8n shows where it hands the status to the rules: docs/credential-test.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { runDeclarativeCredentialTest } from '../harness';
import { createSandbox, SANDBOX_DEFAULTS } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { useSandbox } from '../support/sandboxLifecycle';
import { sandboxCredential, SANDBOX_SECRETS } from './support';

const sandbox = useSandbox();
const credentialType = new SuperOfficeApi();
const RULES = (credentialType.test?.rules ?? []) as Array<{
	type: string;
	properties: { value: number; message: string };
}>;
const RULE_MESSAGE = Object.fromEntries(
	RULES.map((rule) => [rule.properties.value, rule.properties.message]),
) as Record<number, string>;

/** What n8n-workflow 2.11.1's NodeApiError says for these statuses (rules not reached). */
const N8N_DEFAULT_MESSAGE: Record<number, string> = {
	401: 'Authorization failed - please check your credentials',
	404: 'The resource you are requesting could not be found',
	421: 'Your request is invalid or could not be processed by the service',
};

async function testCredential(data: Record<string, unknown>) {
	const run = await runDeclarativeCredentialTest(credentialType, data as never, {
		name: 'SuperOffice sandbox',
	});
	for (const secret of SANDBOX_SECRETS) {
		expect(run.result.message).not.toContain(secret);
		expect(run.byRules.message).not.toContain(secret);
	}
	return run;
}

function principalRequests() {
	return sandbox.requests.filter(
		(r) => r.method === 'GET' && r.path.endsWith('/api/v1/User/currentPrincipal'),
	);
}

describe("SuperOffice API credential test (declarative, as n8n's CredentialsTester runs it)", () => {
	it("is the credential's own test: the node declares no test function any more", () => {
		const node = new SuperOffice();
		expect(
			node.description.credentials?.find((c) => c.name === 'superOfficeApi')?.testedBy,
		).toBeUndefined();
		expect((node.methods as Record<string, unknown>).credentialTest).toBeUndefined();
		expect(credentialType.test?.request).toMatchObject({
			method: 'GET',
			url: '/User/currentPrincipal',
			disableFollowRedirect: true,
		});
		expect(
			Object.keys(RULE_MESSAGE)
				.map(Number)
				.sort((a, b) => a - b),
		).toEqual([301, 302, 303, 307, 308, 401, 403, 404, 421]);
	});

	it.each(['basic', 'soTicket', 'bearer'] as const)(
		'succeeds with the %s scheme via GET User/currentPrincipal',
		async (scheme) => {
			const { result, helper } = await testCredential(
				sandboxCredential(sandbox.webClientUrl, scheme),
			);
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			const [request] = principalRequests();
			expect(request.path).toBe(`/${SANDBOX_DEFAULTS.tenant}/api/v1/User/currentPrincipal`);
			expect(request.headers.accept).toBe('application/json');
			expect(request.headers.authorization).toMatch(
				{ basic: /^Basic /, soTicket: /^SOTicket /, bearer: /^Bearer / }[scheme],
			);
			expect(helper.authenticateCalls.map((c) => c.kind)).toEqual(['function']);
		},
	);

	it('normalizes the base URL the same way the node does', async () => {
		for (const suffix of ['/', '/api', '/api/v1', '/api/v1/', '/default.aspx']) {
			expect(
				(await testCredential(sandboxCredential(sandbox.webClientUrl + suffix))).result.status,
			).toBe('OK');
		}
		expect(new Set(principalRequests().map((r) => r.path)).size).toBe(1);
	});

	it('sends the app token', async () => {
		await testCredential(
			sandboxCredential(sandbox.webClientUrl, 'soTicket', { appToken: SANDBOX_DEFAULTS.appToken }),
		);
		expect(principalRequests()[0].headers['so-apptoken']).toBe(SANDBOX_DEFAULTS.appToken);
	});

	it('a wrong secret (401) fails; the 401 rule names what to check', async () => {
		const { result, byRules } = await testCredential(
			sandboxCredential(sandbox.webClientUrl, 'basic', { password: 'wrong-password-123' }),
		);
		expect(result.status).toBe('Error');
		expect([RULE_MESSAGE[401], N8N_DEFAULT_MESSAGE[401]]).toContain(result.message);
		expect(byRules).toEqual({ status: 'Error', message: RULE_MESSAGE[401] });
		expect(byRules.message).toMatch(/user name and password/);
		expect(`${result.message}${byRules.message}`).not.toContain('wrong-password-123');
	});

	it('a wrong Online host (421) fails; the 421 rule names the numbered tenant host', async () => {
		sandbox.faults.script([{ fault: { type: 'status', status: 421 }, times: 2 }]);
		const { result, byRules } = await testCredential(sandboxCredential(sandbox.webClientUrl));
		expect(result.status).toBe('Error');
		expect([RULE_MESSAGE[421], N8N_DEFAULT_MESSAGE[421]]).toContain(result.message);
		expect(byRules).toEqual({ status: 'Error', message: RULE_MESSAGE[421] });
		expect(byRules.message).toMatch(/numbered tenant host/);
	});

	it('a wrong path (404 HTML page of the web server) fails; the 404 rule says to check the Base URL', async () => {
		const root = sandbox.webClientUrl.replace(/\/[^/]+$/, '/NotATenant');
		const { result, byRules } = await testCredential(sandboxCredential(root));
		expect([RULE_MESSAGE[404], N8N_DEFAULT_MESSAGE[404]]).toContain(result.message);
		expect(byRules).toEqual({ status: 'Error', message: RULE_MESSAGE[404] });
	});

	it("a URL where nothing listens fails with n8n's connection-refused wording", async () => {
		const port = await new Promise<number>((resolve) => {
			const probe = net.createServer().listen(0, '127.0.0.1', () => {
				const { port: free } = probe.address() as net.AddressInfo;
				probe.close(() => resolve(free));
			});
		});
		const { result } = await testCredential(
			sandboxCredential(`http://127.0.0.1:${port}/Cust12345`),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/ECONNREFUSED|refused the connection/);
	});

	it.each([
		[
			'ftp://127.0.0.1/Cust12345',
			'The SuperOffice base URL must start with https:// or http://, not ftp://. Use the address you open the SuperOffice web client with.',
		],
		[
			'Cust12345',
			'The SuperOffice base URL is only a customer id (Cust12345). Enter the tenant URL with its numbered host, for example https://online3.superoffice.com/Cust12345. Only the SuperOffice OAuth2 credential can look the host up from the customer id.',
		],
	])(
		"a Base URL of %s is refused with the node's own advice, before anything is sent",
		async (baseUrl, message) => {
			const { result } = await testCredential(sandboxCredential(baseUrl));
			expect(result).toEqual({ status: 'Error', message });
			expect(sandbox.requests).toHaveLength(0);
		},
	);

	it('an empty ticket is refused before anything is sent', async () => {
		const { result } = await testCredential(
			sandboxCredential(sandbox.webClientUrl, 'soTicket', { ticket: '  ' }),
		);
		expect(result).toEqual({
			status: 'Error',
			message: 'Ticket is empty. Fill it in on the SuperOffice API credential.',
		});
		expect(sandbox.requests).toHaveLength(0);
	});

	it('a self-signed certificate fails, and passes with Ignore SSL Issues', async () => {
		const { key, cert } = selfSignedPair();
		const server = https.createServer({ key, cert }, (_req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"AssociateId":5}');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}/Cust12345`;
			const refused = await testCredential(sandboxCredential(url));
			expect(refused.result.status).toBe('Error');
			expect(refused.result.message).toMatch(/SELF_SIGNED|self[- ]signed|certificate/i);

			const accepted = await testCredential(
				sandboxCredential(url, 'basic', { ignoreSslIssues: true }),
			);
			expect(accepted.result).toEqual({ status: 'OK', message: 'Connection successful!' });
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});

	describe('a Base URL that redirects to another host', () => {
		let otherHost: Sandbox;
		beforeAll(async () => {
			otherHost = await createSandbox({ host: '127.0.0.2', port: 0 });
		});
		afterAll(async () => {
			await otherHost?.close();
		});
		beforeEach(() => otherHost.clearRequests());

		it.each([301, 302, 307, 308])(
			'%i: the test fails and no secret reaches the other host',
			async (status) => {
				const location = `${otherHost.apiUrl}/User/currentPrincipal`;
				sandbox.faults.script([{ fault: { type: 'redirect', status, location } }]);
				const { result, byRules } = await testCredential(
					sandboxCredential(sandbox.webClientUrl, 'soTicket', {
						appToken: SANDBOX_DEFAULTS.appToken,
					}),
				);
				expect(result.status).toBe('Error');
				expect(byRules).toEqual({ status: 'Error', message: RULE_MESSAGE[status] });
				expect(byRules.message).toMatch(/does not follow redirects/);
				expect(principalRequests().map((r) => r.status)).toEqual([status]);
				expect(otherHost.requests).toHaveLength(0);
			},
		);
	});
});

/** A throwaway self-signed certificate for 127.0.0.1, made with the openssl CLI. */
function selfSignedPair(): { key: string; cert: string } {
	const dir = mkdtempSync(join(tmpdir(), 'so-tls-'));
	try {
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-days',
				'1',
				'-subj',
				'/CN=127.0.0.1',
				'-addext',
				'subjectAltName=IP:127.0.0.1',
				'-keyout',
				`${dir}/key.pem`,
				'-out',
				`${dir}/cert.pem`,
			],
			{ stdio: 'ignore' },
		);
		return {
			key: readFileSync(`${dir}/key.pem`, 'utf8'),
			cert: readFileSync(`${dir}/cert.pem`, 'utf8'),
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
