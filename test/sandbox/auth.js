// @ts-check
'use strict';
/**
 * Authorization (Basic / SOTicket / Bearer) and SO-AppToken rules. Error messages are
 * fixed strings: they never repeat anything the client sent (a secret could be in it).
 */

/** @typedef {import('./types').AuthOptions} AuthOptions */
/** @typedef {import('./types').AuthScheme} AuthScheme */
/** @typedef {import('./types').AssociateSeed} AssociateSeed */
/** @typedef {Required<AuthOptions>} AuthConfig */

/**
 * @typedef {{ ok: true, scheme: AuthScheme, associate: AssociateSeed }
 *   | { ok: false, status: number, errorType: string, message: string, headers?: Record<string, string> }} AuthResult
 */

const UNAUTHORIZED = 'UnauthorizedAccessException';

/**
 * Merge options over defaults: every array given replaces the default one.
 * @param {AuthOptions | undefined} opts
 * @param {AuthConfig} defaults
 * @returns {AuthConfig}
 */
function resolveAuthConfig(opts, defaults) {
	const o = opts ?? {};
	const cfg = {
		users: (o.users ?? defaults.users).map((u) => ({ ...u })),
		tickets: (o.tickets ?? defaults.tickets).map((t) => ({ ...t })),
		tokens: (o.tokens ?? defaults.tokens).map((t) => ({ ...t })),
		appTokens: [...(o.appTokens ?? defaults.appTokens)],
		requireAppToken: o.requireAppToken ?? defaults.requireAppToken,
		schemes: [...(o.schemes ?? defaults.schemes)],
	};
	if (![true, false, 'soTicket'].includes(cfg.requireAppToken)) {
		throw new TypeError("auth.requireAppToken must be true, false or 'soTicket'");
	}
	for (const s of cfg.schemes) {
		if (!['basic', 'soTicket', 'bearer'].includes(s))
			throw new TypeError(`auth.schemes: unknown scheme '${s}'`);
	}
	return cfg;
}

/**
 * @typedef {(token: string) => { associateId: number, expired: boolean, expiredStatus: 401 | 403 } | undefined} TokenLookup
 *   Access tokens issued by the OAuth endpoint (consulted after the static `tokens`).
 */

/**
 * @param {Record<string, string | string[] | undefined>} headers lower-cased request headers
 * @param {AuthConfig} cfg
 * @param {(associateId: number) => AssociateSeed | undefined} findAssociate
 * @param {TokenLookup} [lookupIssuedToken]
 * @returns {AuthResult}
 */
function authenticate(headers, cfg, findAssociate, lookupIssuedToken) {
	/** @param {string} message @param {number} [status] @param {Record<string, string>} [extraHeaders] @returns {AuthResult} */
	const fail = (message, status = 401, extraHeaders) => ({
		ok: false,
		status,
		errorType: UNAUTHORIZED,
		message,
		...(extraHeaders ? { headers: extraHeaders } : {}),
	});
	const raw = headers.authorization;
	if (raw === undefined || raw === '')
		return fail('No credentials supplied: the Authorization header is missing.');
	if (Array.isArray(raw)) return fail('More than one Authorization header.');
	const m = /^\s*([A-Za-z][A-Za-z0-9-]*)\s+(\S(?:.*\S)?)\s*$/.exec(raw);
	if (!m) return fail('Malformed Authorization header; expected "<scheme> <credentials>".');
	const schemeWord = m[1].toLowerCase();
	const credentials = m[2];
	/** @type {AuthScheme | undefined} */
	const scheme =
		schemeWord === 'basic'
			? 'basic'
			: schemeWord === 'soticket'
				? 'soTicket'
				: schemeWord === 'bearer'
					? 'bearer'
					: undefined;
	if (!scheme) return fail('Unsupported authorization scheme; use Basic, SOTicket or Bearer.');
	if (!cfg.schemes.includes(scheme))
		return fail(`The ${scheme} scheme is not enabled on this installation.`);

	/** @type {number | undefined} */
	let associateId;
	if (scheme === 'basic') {
		if (!/^[A-Za-z0-9+/]+={0,2}$/.test(credentials)) return fail('Malformed Basic credentials.');
		const decoded = Buffer.from(credentials, 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return fail('Malformed Basic credentials.');
		const user = decoded.slice(0, colon).toLowerCase();
		const pass = decoded.slice(colon + 1);
		const hit = cfg.users.find((u) => u.username.toLowerCase() === user && u.password === pass);
		if (!hit) return fail('Invalid user name or password.');
		associateId = hit.associateId;
	} else if (scheme === 'soTicket') {
		const hit = cfg.tickets.find((t) => t.ticket === credentials);
		if (!hit) return fail('Invalid or expired ticket.');
		associateId = hit.associateId;
	} else {
		const hit = cfg.tokens.find((t) => t.token === credentials);
		if (hit) {
			if (hit.expired) return fail('The access token has expired.', 403);
			associateId = hit.associateId;
		} else {
			const issued = lookupIssuedToken?.(credentials);
			if (!issued) return fail('Invalid access token.');
			if (issued.expired) {
				const extra =
					issued.expiredStatus === 401
						? {
								'WWW-Authenticate':
									'Bearer error="invalid_token", error_description="The access token has expired"',
							}
						: undefined;
				return fail('The access token has expired.', issued.expiredStatus, extra);
			}
			associateId = issued.associateId;
		}
	}
	const associate = findAssociate(associateId);
	if (!associate) return fail('The credentials map to no active user.');

	const appToken = headers['so-apptoken'];
	if (appToken !== undefined) {
		if (Array.isArray(appToken) || !cfg.appTokens.includes(appToken))
			return fail('Invalid application token (SO-AppToken).');
	} else if (
		cfg.requireAppToken === true ||
		(cfg.requireAppToken === 'soTicket' && scheme === 'soTicket')
	) {
		return fail('An application token (SO-AppToken header) is required.');
	}
	return { ok: true, scheme, associate };
}

module.exports = { authenticate, resolveAuthConfig };
