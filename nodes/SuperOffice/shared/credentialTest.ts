import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { toApiRoot } from './apiRoot';
import { authHeaders, credentialSecrets } from './auth';
import { describeFailure } from './errors';
import { InvalidInputError } from './validate';

interface FullResponse {
	statusCode: number;
	body: unknown;
	headers?: Record<string, unknown>;
}

const TEST_TIMEOUT_MS = 20000;

/**
 * Credential test: GET {api}/User/currentPrincipal with the credential's own headers.
 * n8n runs credential tests without the credential's `authenticate`, so the headers come
 * from the same `authHeaders` that `authenticate` uses. Failures become advice a user can
 * act on (wrong secret, wrong Online host, unreachable URL, self-signed certificate).
 */
export async function superOfficeApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const secrets = credentialSecrets(data);
	const subject = { action: 'sign in to SuperOffice' };

	let url: string;
	let headers: Record<string, string>;
	try {
		url = `${toApiRoot(data.baseUrl)}/User/currentPrincipal`;
		headers = { Accept: 'application/json', ...authHeaders(data) };
	} catch (error) {
		const hint = error instanceof InvalidInputError ? error.hint : undefined;
		return { status: 'Error', message: [(error as Error).message, hint].filter(Boolean).join('. ') };
	}

	let response: FullResponse;
	try {
		// Credential tests get no other HTTP helper than `request` (ICredentialTestFunctions),
		// and a function test is the only way to turn DNS/TLS failures into advice.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		response = (await this.helpers.request({
			method: 'GET',
			uri: url,
			headers,
			json: false,
			simple: false,
			resolveWithFullResponse: true,
			rejectUnauthorized: data.allowUnauthorizedCerts !== true,
			timeout: TEST_TIMEOUT_MS,
		})) as FullResponse;
	} catch (error) {
		const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
		const failure = {
			kind: 'network' as const,
			code: typeof code === 'string' ? code : undefined,
			message: typeof message === 'string' ? message : 'request failed',
		};
		const described = describeFailure(failure, subject, secrets);
		return { status: 'Error', message: `${described.message}. ${described.description}` };
	}

	if (response.statusCode >= 200 && response.statusCode <= 299) {
		return { status: 'OK', message: 'Connection successful' };
	}
	const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
	const contentType = String(response.headers?.['content-type'] ?? '');
	const described = describeFailure(
		{ kind: 'http', status: response.statusCode, body, contentType },
		subject,
		secrets,
	);
	return { status: 'Error', message: `${described.message}. ${described.description}` };
}
