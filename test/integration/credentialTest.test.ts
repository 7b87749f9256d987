import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as https from 'node:https';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SuperOfficeApi } from '../../credentials/SuperOfficeApi.credentials';
import { SuperOffice } from '../../nodes/SuperOffice/SuperOffice.node';
import { findCredentialTestFunction, runCredentialTest } from '../harness';
import { SANDBOX_DEFAULTS } from '../sandbox';
import { useSandbox } from './sandboxLifecycle';
import { sandboxCredential, SANDBOX_SECRETS } from './support';

const sandbox = useSandbox();
const testFunction = findCredentialTestFunction(new SuperOffice(), 'superOfficeApi');
const credentialType = new SuperOfficeApi();


async function testCredential(data: Record<string, unknown>) {
	const result = await runCredentialTest(testFunction, data as never, { credentialType });
	for (const secret of SANDBOX_SECRETS) expect(result.message).not.toContain(secret);
	return result;
}

function principalRequests() {
	return sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/api/v1/User/currentPrincipal'));
}

describe('SuperOffice API credential test (n8n-core CredentialTestContext)', () => {
	it.each(['basic', 'soTicket', 'bearer'] as const)('succeeds with the %s scheme via GET User/currentPrincipal', async (scheme) => {
		const result = await testCredential(sandboxCredential(sandbox.webClientUrl, scheme));
		expect(result).toEqual({ status: 'OK', message: 'Connection successful' });
		const [request] = principalRequests();
		expect(request.path).toBe(`/${SANDBOX_DEFAULTS.tenant}/api/v1/User/currentPrincipal`);
		expect(request.headers.authorization).toMatch({ basic: /^Basic /, soTicket: /^SOTicket /, bearer: /^Bearer / }[scheme]);
	});

	it('normalizes the base URL the same way the node does', async () => {
		for (const suffix of ['/', '/api', '/api/v1', '/api/v1/']) {
			expect((await testCredential(sandboxCredential(sandbox.webClientUrl + suffix))).status).toBe('OK');
		}
		expect(new Set(principalRequests().map((r) => r.path)).size).toBe(1);
	});

	it('sends the app token', async () => {
		await testCredential(sandboxCredential(sandbox.webClientUrl, 'soTicket', { appToken: SANDBOX_DEFAULTS.appToken }));
		expect(principalRequests()[0].headers['so-apptoken']).toBe(SANDBOX_DEFAULTS.appToken);
	});

	it('explains a wrong secret (401)', async () => {
		const result = await testCredential(sandboxCredential(sandbox.webClientUrl, 'basic', { password: 'wrong-password-123' }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/rejected the credential \(HTTP 401\)/);
		expect(result.message).toMatch(/user name and password/);
		expect(result.message).not.toContain('wrong-password-123');
	});

	it('explains a wrong Online host (421)', async () => {
		sandbox.faults.script([{ fault: { type: 'status', status: 421 } }]);
		const result = await testCredential(sandboxCredential(sandbox.webClientUrl));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/wrong SuperOffice Online host \(HTTP 421\)/);
		expect(result.message).toMatch(/numbered tenant host/);
	});

	it('explains a wrong path (404 HTML page of the web server)', async () => {
		const root = sandbox.webClientUrl.replace(/\/[^/]+$/, '/NotATenant');
		const result = await testCredential(sandboxCredential(root));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/not found \(HTTP 404\)/);
	});

	it('explains a URL where nothing listens', async () => {
		const port = await new Promise<number>((resolve) => {
			const probe = net.createServer().listen(0, '127.0.0.1', () => {
				const { port: free } = probe.address() as net.AddressInfo;
				probe.close(() => resolve(free));
			});
		});
		const result = await testCredential(sandboxCredential(`http://127.0.0.1:${port}/Cust12345`));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/no answer from SuperOffice \(ECONNREFUSED/);
		expect(result.message).toMatch(/Nothing answered at the base URL/);
	});

	it('refuses a base URL that is not http(s) without sending anything', async () => {
		const result = await testCredential(sandboxCredential('ftp://127.0.0.1/Cust12345'));
		expect(result).toEqual({
			status: 'Error',
			message: 'The SuperOffice base URL must start with https:// or http://, not ftp://. Use the address you open the SuperOffice web client with.',
		});
	});

	it('explains a self-signed certificate, and accepts it when the switch is on', async () => {
		const { key, cert } = selfSignedPair();
		const server = https.createServer({ key, cert }, (_req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"AssociateId":5}');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
			const refused = await testCredential(sandboxCredential(`${url}/Cust12345`));
			expect(refused.status).toBe('Error');
			expect(refused.message).toMatch(/Ignore SSL Issues/);

			const accepted = await testCredential(sandboxCredential(`${url}/Cust12345`, 'basic', { allowUnauthorizedCerts: true }));
			expect(accepted.status).toBe('OK');
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});
});

/** A throwaway self-signed certificate for 127.0.0.1, made with the openssl CLI. */
function selfSignedPair(): { key: string; cert: string } {
	const dir = mkdtempSync(join(tmpdir(), 'so-tls-'));
	try {
		execFileSync('openssl', [
			'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
			'-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`,
		], { stdio: 'ignore' });
		return { key: readFileSync(`${dir}/key.pem`, 'utf8'), cert: readFileSync(`${dir}/cert.pem`, 'utf8') };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
