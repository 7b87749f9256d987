// @ts-check
'use strict';
/**
 * SuperOffice Online's sign-in side, as far as an OAuth 2.0 client sees it:
 *
 *   GET  /login/common/oauth/authorize  → 302 to redirect_uri?code=…&state=… (consent is implied)
 *   POST /login/common/oauth/tokens     → authorization_code and refresh_token grants
 *   GET  /api/state/{tenant}            → where the tenant lives (Endpoint) and whether it runs
 *
 * Access tokens issued here (`8A:{tenant}.<random>`) are accepted as Bearer tokens by the
 * API routes until they expire (lifetime, or `expireAccessTokens()`); an expired one answers
 * `expiredStatus` (403 by default, like Online usually does; 401 optional). Error bodies are
 * fixed strings: they never repeat what the client sent.
 */
const crypto = require('node:crypto');
const { jsonReply, htmlPage, HTML_TYPE } = require('./http');

/** @typedef {import('./types').OAuthOptions} OAuthOptions */
/** @typedef {import('./types').OAuthClient} OAuthClient */
/** @typedef {import('./types').RecordedRequest} RecordedRequest */
/** @typedef {import('./http').Reply} Reply */

const TOKEN_PATH = '/login/common/oauth/tokens';
const AUTHORIZE_PATH = '/login/common/oauth/authorize';
const CODE_LIFETIME_MS = 10 * 60 * 1000; // "Expires after 10 minutes" (auth code flow docs)
const CLAIM = 'http://schemes.superoffice.net/identity/';

/**
 * @typedef {{ associateId: number, clientId: string, issuedAt: number, expiresAt: number }} IssuedAccessToken
 * @typedef {{ associateId: number, clientId: string, revoked: boolean }} IssuedRefreshToken
 * @typedef {{ associateId: number, clientId: string, redirectUri: string | undefined, expiresAt: number }} IssuedCode
 * @typedef {{ token_type: 'Bearer', access_token: string, expires_in: number, refresh_token?: string, id_token?: string }} TokenResponse
 * @typedef {{ clients: OAuthClient[], refreshTokens: Array<{ refreshToken: string, clientId?: string, associateId?: number }>,
 *   tokenLifetimeSec: number, expiredStatus: 401 | 403, rotateRefreshTokens: boolean, idToken: boolean }} OAuthConfig
 */

/** @param {number} bytes */
function randomBase64(bytes) {
	return crypto.randomBytes(bytes).toString('base64');
}

/** @param {number} length letters and digits only, like the documented refresh tokens */
function randomAlphanumeric(length) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.randomBytes(length);
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
	return out;
}

/** @param {unknown} value @param {string} what */
function checkLifetime(value, what) {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
		throw new TypeError(`${what} must be a positive whole number of seconds`);
	return value;
}

/** @param {unknown} value */
function checkExpiredStatus(value) {
	if (value !== 401 && value !== 403) throw new TypeError('oauth.expiredStatus must be 401 or 403');
	return value;
}

/** @param {unknown} value @param {string} what */
function checkBoolean(value, what) {
	if (typeof value !== 'boolean') throw new TypeError(`${what} must be a boolean`);
	return value;
}

/**
 * @param {OAuthOptions | undefined} opts
 * @param {Required<OAuthOptions>} defaults
 * @returns {OAuthConfig}
 */
function resolveOAuthConfig(opts, defaults) {
	const o = opts ?? {};
	const clients = (o.clients ?? defaults.clients).map((c) => {
		if (
			!c ||
			typeof c.clientId !== 'string' ||
			c.clientId === '' ||
			typeof c.clientSecret !== 'string' ||
			c.clientSecret === ''
		) {
			throw new TypeError('oauth.clients: each needs a non-empty clientId and clientSecret');
		}
		return {
			clientId: c.clientId,
			clientSecret: c.clientSecret,
			...(c.redirectUris ? { redirectUris: [...c.redirectUris] } : {}),
		};
	});
	return {
		clients,
		refreshTokens: (o.refreshTokens ?? defaults.refreshTokens).map((r) => ({ ...r })),
		tokenLifetimeSec: checkLifetime(
			o.tokenLifetimeSec ?? defaults.tokenLifetimeSec,
			'oauth.tokenLifetimeSec',
		),
		expiredStatus: checkExpiredStatus(o.expiredStatus ?? defaults.expiredStatus),
		rotateRefreshTokens: checkBoolean(
			o.rotateRefreshTokens ?? defaults.rotateRefreshTokens,
			'oauth.rotateRefreshTokens',
		),
		idToken: checkBoolean(o.idToken ?? defaults.idToken, 'oauth.idToken'),
	};
}

/** @param {Reply} reply @param {Record<string, string>} headers */
function withHeaders(reply, headers) {
	return { ...reply, headers: { ...(reply.headers ?? {}), ...headers } };
}

/** OAuth error reply (RFC 6749 §5.2 shape), never cached. @param {number} status @param {string} error @param {string} description */
function oauthError(status, error, description) {
	return withHeaders(jsonReply(status, { error, error_description: description }), {
		'Cache-Control': 'no-store',
		Pragma: 'no-cache',
	});
}

/** @param {unknown} value */
function base64UrlJson(value) {
	return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

class OAuthServer {
	/**
	 * @param {{ config: OAuthConfig, tenant: string, now: () => Date, defaultAssociateId: number,
	 *   webClientUrl: () => string, origin: () => string,
	 *   findAssociate: (id: number) => import('./types').AssociateSeed | undefined,
	 *   log: import('./log').RequestLog }} p
	 */
	constructor(p) {
		/** @private */ this._p = p;
		/** @private @type {OAuthConfig} */ this._cfg = p.config;
		/** @private @type {Map<string, IssuedAccessToken>} */ this._access = new Map();
		/** @private @type {Map<string, IssuedRefreshToken>} */ this._refresh = new Map();
		/** @private @type {Map<string, IssuedCode>} */ this._codes = new Map();
		/** @private What /api/state answers instead of the normal (null = normal). @type {Record<string, unknown> | null} */
		this._tenantState = null;
		/** @private How many more answers the override applies to. */
		this._tenantStateLeft = Number.POSITIVE_INFINITY;
		/** @private API requests left before every issued access token expires (null = not armed). @type {number | null} */
		this._expireCountdown = null;
		for (const r of p.config.refreshTokens) {
			this._refresh.set(r.refreshToken, {
				associateId: r.associateId ?? p.defaultAssociateId,
				clientId: r.clientId ?? p.config.clients[0]?.clientId ?? '',
				revoked: false,
			});
		}
	}

	/** Token endpoint: `http://127.0.0.1:PORT/login/common/oauth/tokens`. */
	get tokenUrl() {
		return `${this._p.origin()}${TOKEN_PATH}`;
	}

	/** Authorization endpoint: `http://127.0.0.1:PORT/login/common/oauth/authorize`. */
	get authorizeUrl() {
		return `${this._p.origin()}${AUTHORIZE_PATH}`;
	}

	/** Client id of the first configured client (the default demo app). */
	get clientId() {
		return this._cfg.clients[0]?.clientId;
	}

	/** Client secret of the first configured client. */
	get clientSecret() {
		return this._cfg.clients[0]?.clientSecret;
	}

	/** Current settings (no secrets but the configured client ids). */
	get settings() {
		const c = this._cfg;
		return {
			tokenLifetimeSec: c.tokenLifetimeSec,
			expiredStatus: c.expiredStatus,
			rotateRefreshTokens: c.rotateRefreshTokens,
			idToken: c.idToken,
			clientIds: c.clients.map((x) => x.clientId),
		};
	}

	/**
	 * Change lifetime (for tokens issued from now on), expired status, rotation, id_token.
	 * Validated before anything changes.
	 * @param {{ tokenLifetimeSec?: number, expiredStatus?: 401 | 403, rotateRefreshTokens?: boolean, idToken?: boolean }} changes
	 */
	configure(changes) {
		if (!changes || typeof changes !== 'object')
			throw new TypeError('oauth settings must be an object');
		const known = ['tokenLifetimeSec', 'expiredStatus', 'rotateRefreshTokens', 'idToken'];
		for (const k of Object.keys(changes))
			if (!known.includes(k))
				throw new TypeError(`unknown oauth setting '${k}'; use ${known.join(', ')}`);
		const next = { ...this._cfg };
		if (changes.tokenLifetimeSec !== undefined)
			next.tokenLifetimeSec = checkLifetime(changes.tokenLifetimeSec, 'tokenLifetimeSec');
		if (changes.expiredStatus !== undefined)
			next.expiredStatus = checkExpiredStatus(changes.expiredStatus);
		if (changes.rotateRefreshTokens !== undefined)
			next.rotateRefreshTokens = checkBoolean(changes.rotateRefreshTokens, 'rotateRefreshTokens');
		if (changes.idToken !== undefined) next.idToken = checkBoolean(changes.idToken, 'idToken');
		this._cfg = next;
		return this.settings;
	}

	/** @private */
	_nowMs() {
		return this._p.now().getTime();
	}

	/** @private @param {string | undefined} clientId */
	_client(clientId) {
		return this._cfg.clients.find((c) => c.clientId === clientId);
	}

	/**
	 * Issue an access token (and a refresh token unless `refresh: false`) directly, without
	 * HTTP, as if the user had just signed in. For tests that start from "connected".
	 * @param {{ associateId?: number, clientId?: string, refresh?: boolean }} [opts]
	 * @returns {TokenResponse}
	 */
	issueTokens(opts = {}) {
		const clientId = opts.clientId ?? this.clientId ?? '';
		const associateId = opts.associateId ?? this._p.defaultAssociateId;
		if (!this._client(clientId)) throw new TypeError(`unknown client '${clientId}'`);
		if (!this._p.findAssociate(associateId))
			throw new TypeError(`unknown associate ${associateId}`);
		return this._issue(clientId, associateId, opts.refresh === false ? undefined : 'new');
	}

	/**
	 * An authorization code for the code grant, bound to the client and (if given) the
	 * redirect URI; valid 10 minutes, once. What the authorize endpoint hands out.
	 * @param {{ associateId?: number, clientId?: string, redirectUri?: string }} [opts]
	 */
	issueCode(opts = {}) {
		const clientId = opts.clientId ?? this.clientId ?? '';
		if (!this._client(clientId)) throw new TypeError(`unknown client '${clientId}'`);
		const associateId = opts.associateId ?? this._p.defaultAssociateId;
		if (!this._p.findAssociate(associateId))
			throw new TypeError(`unknown associate ${associateId}`);
		const code = randomAlphanumeric(64);
		this._codes.set(code, {
			associateId,
			clientId,
			redirectUri: opts.redirectUri,
			expiresAt: this._nowMs() + CODE_LIFETIME_MS,
		});
		return code;
	}

	/**
	 * Expire every access token issued so far: now (`afterRequests` 0 or absent), or when the
	 * API has authenticated `afterRequests` more requests (the next one sees them expired).
	 * Returns how many were expired now (0 when armed for later). Tokens issued afterwards
	 * are not affected.
	 * @param {{ afterRequests?: number }} [opts]
	 */
	expireAccessTokens(opts = {}) {
		const after = opts.afterRequests ?? 0;
		if (typeof after !== 'number' || !Number.isInteger(after) || after < 0)
			throw new TypeError('afterRequests must be a non-negative whole number');
		if (after > 0) {
			this._expireCountdown = after;
			return 0;
		}
		this._expireCountdown = null;
		let n = 0;
		const now = this._nowMs();
		for (const t of this._access.values()) {
			if (t.expiresAt > now) n++;
			t.expiresAt = Number.NEGATIVE_INFINITY;
		}
		return n;
	}

	/** Revoke a refresh token (as if the tenant withdrew consent). @param {string} refreshToken */
	revokeRefreshToken(refreshToken) {
		const r = this._refresh.get(refreshToken);
		if (r) r.revoked = true;
		return r !== undefined;
	}

	/** Counts, for assertions and the control endpoint. */
	stats() {
		const now = this._nowMs();
		let valid = 0;
		for (const t of this._access.values()) if (t.expiresAt > now) valid++;
		let refresh = 0;
		for (const r of this._refresh.values()) if (!r.revoked) refresh++;
		return {
			accessTokens: this._access.size,
			validAccessTokens: valid,
			refreshTokens: refresh,
			expireArmedAfter: this._expireCountdown,
		};
	}

	/** Recorded token-endpoint requests (form fields, secrets included, in `body`). */
	tokenRequests() {
		return this._p.log.entries.filter((e) => e.oauth?.endpoint === 'token');
	}

	/** Recorded `grant_type=refresh_token` requests. */
	refreshRequests() {
		return this.tokenRequests().filter((e) => e.oauth?.grantType === 'refresh_token');
	}

	/**
	 * Called by the API's Bearer check for tokens it does not know statically.
	 * @param {string} token
	 * @returns {{ associateId: number, expired: boolean, expiredStatus: 401 | 403 } | undefined}
	 */
	lookupAccessToken(token) {
		const t = this._access.get(token);
		if (!t) return undefined;
		return {
			associateId: t.associateId,
			expired: t.expiresAt <= this._nowMs(),
			expiredStatus: this._cfg.expiredStatus,
		};
	}

	/** Counts one authenticated-or-not API request for `expireAccessTokens({afterRequests})`. */
	noteApiRequest() {
		if (this._expireCountdown === null) return;
		if (this._expireCountdown === 0) {
			this.expireAccessTokens();
			return;
		}
		this._expireCountdown--; // at 0, the next request expires them
	}

	/**
	 * @private
	 * @param {string} clientId
	 * @param {number} associateId
	 * @param {'new' | undefined} refresh 'new' = issue a refresh token; undefined = none in the answer
	 * @returns {TokenResponse}
	 */
	_issue(clientId, associateId, refresh) {
		const now = this._nowMs();
		const lifetime = this._cfg.tokenLifetimeSec;
		const accessToken = `8A:${this._p.tenant}.${randomBase64(48)}`;
		this._access.set(accessToken, {
			associateId,
			clientId,
			issuedAt: now,
			expiresAt: now + lifetime * 1000,
		});
		/** @type {TokenResponse} */
		const body = { token_type: 'Bearer', access_token: accessToken, expires_in: lifetime };
		if (refresh === 'new') {
			const refreshToken = randomAlphanumeric(64);
			this._refresh.set(refreshToken, { associateId, clientId, revoked: false });
			body.refresh_token = refreshToken;
		}
		if (this._cfg.idToken) body.id_token = this._idToken(clientId, associateId, now, lifetime);
		return body;
	}

	/**
	 * An id_token shaped like SuperOffice's (claims under http://schemes.superoffice.net/identity/),
	 * signed HS256 with the client secret: structurally a JWT, not verifiable with SuperOffice's certificate.
	 * @private @param {string} clientId @param {number} associateId @param {number} nowMs @param {number} lifetimeSec
	 */
	_idToken(clientId, associateId, nowMs, lifetimeSec) {
		const a = this._p.findAssociate(associateId);
		const iat = Math.floor(nowMs / 1000);
		const web = this._p.webClientUrl();
		const payload = {
			sub: a?.email ?? '',
			[`${CLAIM}associateid`]: String(associateId),
			[`${CLAIM}identityprovider`]: 'central-superid',
			[`${CLAIM}email`]: a?.email ?? '',
			[`${CLAIM}upn`]: a?.email ?? '',
			[`${CLAIM}ctx`]: this._p.tenant,
			[`${CLAIM}is_administrator`]: 'False',
			[`${CLAIM}serial`]: '1801550193',
			[`${CLAIM}netserver_url`]: `${web}/Remote/Services88/`,
			[`${CLAIM}webapi_url`]: `${web}/api/`,
			iat: String(iat),
			iss: this._p.origin(),
			aud: clientId,
			exp: iat + lifetimeSec,
			nbf: iat - 60,
		};
		const secret = this._client(clientId)?.clientSecret ?? '';
		const unsigned = `${base64UrlJson({ typ: 'JWT', alg: 'HS256' })}.${base64UrlJson(payload)}`;
		const signature = crypto.createHmac('sha256', secret).update(unsigned).digest('base64url');
		return `${unsigned}.${signature}`;
	}

	/**
	 * POST /login/common/oauth/tokens. Parameters come from the form body, else the query
	 * string (SuperOffice's docs show both). Records grant type, client and outcome on `rec`.
	 * @param {string} method
	 * @param {URLSearchParams} query
	 * @param {string} rawBody
	 * @param {Record<string, string | string[] | undefined>} headers
	 * @param {RecordedRequest} rec
	 * @returns {Reply}
	 */
	handleToken(method, query, rawBody, headers, rec) {
		/** @type {NonNullable<RecordedRequest['oauth']>} */
		const info = { endpoint: 'token', grantType: null, clientId: null, outcome: 'invalid_request' };
		rec.oauth = info;
		if (method !== 'POST') {
			return withHeaders(
				oauthError(405, 'invalid_request', 'The token endpoint accepts POST only.'),
				{ Allow: 'POST' },
			);
		}
		const contentType = String(headers['content-type'] ?? '').toLowerCase();
		if (rawBody.trim() !== '' && !contentType.startsWith('application/x-www-form-urlencoded')) {
			return oauthError(
				400,
				'invalid_request',
				'Send the parameters as application/x-www-form-urlencoded.',
			);
		}
		const form = new URLSearchParams(rawBody.trim() !== '' ? rawBody : query);
		/** @type {Record<string, string>} */
		const fields = {};
		for (const [k, v] of form) {
			if (k in fields)
				return oauthError(400, 'invalid_request', 'A parameter was given more than once.');
			fields[k] = v;
		}
		rec.body = fields;
		info.grantType = fields.grant_type ?? null;
		info.clientId = fields.client_id ?? null;

		const grant = fields.grant_type;
		if (grant === undefined || grant === '')
			return oauthError(400, 'invalid_request', 'grant_type is missing.');
		if (grant !== 'authorization_code' && grant !== 'refresh_token') {
			info.outcome = 'unsupported_grant_type';
			return oauthError(
				400,
				'unsupported_grant_type',
				'Supported grant types: authorization_code, refresh_token.',
			);
		}
		const required =
			grant === 'authorization_code'
				? ['client_id', 'client_secret', 'code', 'redirect_uri']
				: ['client_id', 'client_secret', 'refresh_token'];
		const missing = required.filter((k) => !fields[k]);
		if (missing.length > 0)
			return oauthError(400, 'invalid_request', `Missing parameter(s): ${missing.join(', ')}.`);

		/** @param {string} description */
		const invalidGrant = (description) => {
			info.outcome = 'invalid_grant';
			return oauthError(400, 'invalid_grant', description);
		};
		const client = this._client(fields.client_id);
		if (!client || client.clientSecret !== fields.client_secret)
			return invalidGrant('The client id or client secret is not valid.');

		/** @type {TokenResponse} */
		let body;
		if (grant === 'authorization_code') {
			const code = this._codes.get(fields.code);
			if (!code || code.clientId !== client.clientId || code.expiresAt <= this._nowMs()) {
				return invalidGrant('The authorization code is invalid, expired or already used.');
			}
			if (code.redirectUri !== undefined && code.redirectUri !== fields.redirect_uri) {
				return invalidGrant(
					'redirect_uri does not match the one used to get the authorization code.',
				);
			}
			if (client.redirectUris && !client.redirectUris.includes(fields.redirect_uri)) {
				return invalidGrant('redirect_uri is not registered for this application.');
			}
			this._codes.delete(fields.code);
			body = this._issue(client.clientId, code.associateId, 'new');
		} else {
			const r = this._refresh.get(fields.refresh_token);
			if (!r || r.revoked || r.clientId !== client.clientId) {
				return invalidGrant(
					'The refresh token is invalid, revoked or belongs to another application.',
				);
			}
			if (this._cfg.rotateRefreshTokens) {
				r.revoked = true;
				body = this._issue(client.clientId, r.associateId, 'new');
			} else {
				// As documented: the refresh response has no refresh_token; the old one stays valid.
				body = this._issue(client.clientId, r.associateId, undefined);
			}
		}
		info.outcome = 'issued';
		info.accessToken = body.access_token;
		if (body.refresh_token) info.refreshToken = body.refresh_token;
		return withHeaders(jsonReply(200, body), { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
	}

	/**
	 * GET /login/common/oauth/authorize: consent is implied; redirects at once with a code.
	 * @param {string} method
	 * @param {URLSearchParams} query
	 * @param {RecordedRequest} rec
	 * @returns {Reply}
	 */
	handleAuthorize(method, query, rec) {
		/** @type {NonNullable<RecordedRequest['oauth']>} */
		const info = {
			endpoint: 'authorize',
			grantType: null,
			clientId: query.get('client_id'),
			outcome: 'invalid_request',
		};
		rec.oauth = info;
		/** @param {number} status @param {string} text */
		const page = (status, text) => ({
			status,
			body: htmlPage(status, 'Sign-in error', text),
			contentType: HTML_TYPE,
		});
		if (method !== 'GET') return page(405, 'The authorization endpoint accepts GET only.');
		const client = this._client(query.get('client_id') ?? undefined);
		if (!client) return page(400, 'Unknown application (client_id).');
		if (query.get('response_type') !== 'code')
			return page(400, 'Only response_type=code is supported by the sandbox.');
		const redirectUri = query.get('redirect_uri') ?? '';
		let target;
		try {
			target = new URL(redirectUri);
		} catch {
			return page(400, 'redirect_uri must be an absolute URL.');
		}
		if (target.protocol !== 'http:' && target.protocol !== 'https:')
			return page(400, 'redirect_uri must be an http(s) URL.');
		if (client.redirectUris && !client.redirectUris.includes(redirectUri))
			return page(400, 'redirect_uri is not registered for this application.');
		const code = this.issueCode({ clientId: client.clientId, redirectUri });
		target.searchParams.set('code', code);
		const state = query.get('state');
		if (state !== null) target.searchParams.set('state', state);
		info.outcome = 'redirected';
		return {
			status: 302,
			body: '',
			contentType: null,
			headers: { Location: target.toString(), 'Cache-Control': 'no-store' },
		};
	}

	/**
	 * GET /api/state/{tenant}: the tenant status API. Endpoint = the sandbox's web client URL.
	 * @param {string} method
	 * @param {string} requestedTenant
	 * @returns {Reply}
	 */
	handleState(method, requestedTenant) {
		if (method !== 'GET')
			return withHeaders(jsonReply(405, { error: 'GET only' }), { Allow: 'GET' });
		const validUntil = new Date(this._nowMs() + 60 * 60 * 1000)
			.toISOString()
			.replace(/\.(\d{3})Z$/, '.$10000Z');
		if (requestedTenant.toLowerCase() !== this._p.tenant.toLowerCase()) {
			return jsonReply(200, {
				ContextIdentifier: requestedTenant,
				Endpoint: null,
				State: 'Unknown',
				IsRunning: false,
				ValidUntil: validUntil,
				Api: null,
			});
		}
		const override = this._tenantState ?? {};
		if (this._tenantState && --this._tenantStateLeft <= 0) this._tenantState = null;
		const web = override.Endpoint === undefined ? this._p.webClientUrl() : override.Endpoint;
		const api = override.Api !== undefined ? override.Api : web === null ? null : `${web}/api`;
		return jsonReply(200, {
			ContextIdentifier: this._p.tenant,
			Endpoint: web,
			State: override.State ?? 'Running',
			IsRunning: override.IsRunning ?? true,
			ValidUntil: validUntil,
			Api: api,
		});
	}

	/**
	 * Changes what `GET /api/state/{tenant}` answers for the sandbox tenant, e.g. a tenant that
	 * moved (`{Endpoint: sb.wrongHostUrl}`: stale host) or is down (`{State: 'OfflineMaintenance',
	 * IsRunning: false}`). `Api` follows `Endpoint` unless given. `null` = the normal answer.
	 * `times`: only for the next n answers (then normal again), e.g. 1 = a stale answer once.
	 * @param {{ Endpoint?: string | null, Api?: string | null, State?: string, IsRunning?: boolean } | null} override
	 * @param {{ times?: number }} [opts]
	 */
	setTenantState(override, opts = {}) {
		if (override !== null && (typeof override !== 'object' || Array.isArray(override)))
			throw new TypeError('setTenantState takes an object or null');
		const times = opts.times ?? Number.POSITIVE_INFINITY;
		if (times !== Number.POSITIVE_INFINITY && (!Number.isInteger(times) || times < 1))
			throw new TypeError('times must be a positive whole number');
		this._tenantState = override === null ? null : { ...override };
		this._tenantStateLeft = times;
	}

	/** The current override of the tenant state answer (null = normal). */
	get tenantState() {
		return this._tenantState ? { ...this._tenantState } : null;
	}
}

module.exports = { OAuthServer, resolveOAuthConfig, TOKEN_PATH, AUTHORIZE_PATH };
