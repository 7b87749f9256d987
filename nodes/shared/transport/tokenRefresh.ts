import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { waitUnlessCancelled } from './wait';

/**
 * How long a lost refresh race waits for the winner's token to show up in the credential: the
 * winner saves it right after the token endpoint answered, a moment after our refresh failed.
 */
const ADOPT_CHECKS_MS = [0, 250, 500, 1000];

/** The access token n8n keeps in an OAuth2 credential (`oauthTokenData.access_token`). */
function storedAccessToken(credential: ICredentialDataDecryptedObject): string | undefined {
	const data = credential.oauthTokenData as { access_token?: unknown } | undefined;
	return typeof data?.access_token === 'string' && data.access_token !== ''
		? data.access_token
		: undefined;
}

/**
 * Refreshes through n8n; if that fails, checks whether another process (a second queue-mode
 * worker, another execution) refreshed the same credential meanwhile. With rotating refresh
 * tokens only the first of two refreshes succeeds: the loser's refresh token was just
 * used up. The winner stored a new access token in the credential, so the loser uses that
 * one instead of failing. A refresh that failed for any other reason fails as before.
 */
export async function refreshOrAdopt(
	refresh: () => Promise<unknown>,
	readCredential: () => Promise<ICredentialDataDecryptedObject>,
	signal?: AbortSignal,
): Promise<'refreshed' | 'adopted'> {
	const before = storedAccessToken(await readCredential());
	let failure: { error: unknown };
	try {
		await refresh();
		return 'refreshed';
	} catch (error) {
		failure = { error };
	}
	for (const delay of ADOPT_CHECKS_MS) {
		if (!(await waitUnlessCancelled(delay, signal))) break;
		const now = storedAccessToken(
			await readCredential().catch(() => ({}) as ICredentialDataDecryptedObject),
		);
		if (now !== undefined && now !== before) return 'adopted';
	}
	// n8n's own refresh error, unchanged: the caller turns it into the node's error message
	throw failure.error;
}
