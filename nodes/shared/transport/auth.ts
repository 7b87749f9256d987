import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { optionalHeaderValue, requiredSecretHeaderValue } from '../input/headerValues';
import { InvalidInputError } from '../input/invalidInput';

export type AuthScheme = 'basic' | 'soTicket' | 'bearer';

/** Drops a scheme word the user may have pasted along with the secret ("Bearer 8A:..."). */
function withoutSchemePrefix(secret: string, scheme: string): string {
	const prefix = new RegExp(`^${scheme}\\s+`, 'i');
	return secret.replace(prefix, '');
}

function basicAuthorization(credentials: ICredentialDataDecryptedObject): string {
	const username = requiredSecretHeaderValue(credentials.username, 'User name');
	if (username.includes(':')) {
		throw new InvalidInputError('User name must not contain a colon (:) for Basic authentication');
	}
	const password = credentials.password === undefined ? '' : String(credentials.password);
	if (/[\r\n]/.test(password) || password.includes('\u0000')) {
		throw new InvalidInputError('Password contains a line break or another control character');
	}
	return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/**
 * The `Authorization` and `SO-AppToken` headers for the chosen scheme, exactly as the
 * SuperOffice WebAPI expects them. Used by the credential's `authenticate` and by the
 * credential test, which n8n runs without `authenticate`.
 */
export function authHeaders(credentials: ICredentialDataDecryptedObject): Record<string, string> {
	const scheme = (credentials.authScheme ?? 'basic') as AuthScheme;
	const headers: Record<string, string> = {};

	switch (scheme) {
		case 'basic':
			headers.Authorization = basicAuthorization(credentials);
			break;
		case 'soTicket':
			headers.Authorization = `SOTicket ${withoutSchemePrefix(requiredSecretHeaderValue(credentials.ticket, 'Ticket'), 'SOTicket')}`;
			break;
		case 'bearer':
			headers.Authorization = `Bearer ${withoutSchemePrefix(requiredSecretHeaderValue(credentials.accessToken, 'Access Token'), 'Bearer')}`;
			break;
		default:
			throw new InvalidInputError(`Unknown authentication scheme ${JSON.stringify(scheme)}`);
	}

	const appToken = optionalHeaderValue(credentials.appToken, 'App Token');
	if (appToken !== undefined) headers['SO-AppToken'] = appToken;
	return headers;
}

/** What a scheme word leaves when the user pasted it along with the secret. */
const PASTED_SCHEME: Record<string, string> = { ticket: 'SOTicket', accessToken: 'Bearer' };

/**
 * Every secret the credential holds, as stored and as sent, so error texts can be scrubbed of
 * them: each value, the value without a pasted scheme word, and the `user:password` and
 * `clientId:clientSecret` pairs that travel base64-encoded. (redact.ts derives the encodings.)
 */
export function credentialSecrets(
	credentials: ICredentialDataDecryptedObject | undefined,
): string[] {
	if (!credentials) return [];
	const secrets = new Set<string>();
	const text = (value: unknown) =>
		typeof value === 'string' && value.trim() !== '' ? value : undefined;
	for (const key of ['password', 'ticket', 'accessToken', 'appToken', 'clientSecret']) {
		const value = text(credentials[key]);
		if (value === undefined) continue;
		secrets.add(value);
		const scheme = PASTED_SCHEME[key];
		if (scheme !== undefined) secrets.add(withoutSchemePrefix(value.trim(), scheme));
	}
	const password = text(credentials.password);
	const username = credentials.username;
	if (password !== undefined && (typeof username === 'string' || typeof username === 'number')) {
		// As basicAuthorization sends it: the trimmed user name, the password as typed.
		secrets.add(`${String(username).trim()}:${password}`);
	}
	const clientSecret = text(credentials.clientSecret);
	if (clientSecret !== undefined && typeof credentials.clientId === 'string') {
		secrets.add(`${credentials.clientId}:${clientSecret}`);
	}
	const tokenData = credentials.oauthTokenData as Record<string, unknown> | undefined;
	for (const key of ['access_token', 'refresh_token', 'id_token']) {
		const value = text(tokenData?.[key]);
		if (value !== undefined) secrets.add(value);
	}
	return [...secrets];
}
