// @ts-check
'use strict';
/**
 * The request pipeline: control endpoints → record → fault choice → body → latency →
 * fault replies → path/auth/accept/route → post-processing faults → send.
 */
const {
	readBody,
	parseBody,
	errorReply,
	jsonReply,
	iisNotFoundReply,
	HttpError,
} = require('./http');
const {
	statusFaultReply,
	proxyHtmlReply,
	truncatedJsonReply,
	malformedJsonReply,
} = require('./responses');
const { echoFaultReply, embedSessionReply, hostilePageReply } = require('./echoFaults');
const { authenticate } = require('./auth');
const { queryObject } = require('./log');
const { handleControl } = require('./routes/control');
const { TOKEN_PATH, AUTHORIZE_PATH } = require('./oauth');
const {
	isReplacingHostileFault,
	reshapeReply,
	sendHostileFault,
	trickleReply,
} = require('./hostileFaults');
const { applySoTimeZone } = require('./timeZones');

/** @typedef {import('./http').Reply} Reply */
/**
 * @typedef {{
 *   tenant: string,
 *   apiUrl: () => string,
 *   state: import('./state').SandboxState,
 *   faults: import('./faults').FaultController,
 *   log: import('./log').RequestLog,
 *   stats: { inFlight: number, maxInFlight: number, total: number },
 *   authConfig: import('./auth').AuthConfig,
 *   router: import('./router').Router,
 *   bodyLimit: number,
 *   delay: (ms: number) => Promise<void>,
 *   isClosing: () => boolean,
 *   control: import('./routes/control').ControlApi,
 *   oauth: import('./oauth').OAuthServer,
 *   wrongHost?: boolean,
 * }} Internals  `wrongHost`: this listener plays a bare/other Online host: API routes answer 421.
 */

const STATE_PATH = /^\/api\/state\/([^/]+)\/?$/i;

/** @param {string | string[] | undefined} accept */
function acceptsJson(accept) {
	if (accept === undefined) return true;
	const ranges = (Array.isArray(accept) ? accept.join(',') : accept)
		.split(',')
		.map((s) => s.split(';')[0].trim().toLowerCase());
	return ranges.some(
		(r) => r === '' || r === '*/*' || r === 'application/*' || r === 'text/*' || r.includes('json'),
	);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {Reply} reply
 */
function send(res, reply) {
	if (res.destroyed || res.headersSent) return;
	/** @type {Record<string, string | number>} */
	const headers = { ...(reply.headers ?? {}) };
	if (reply.contentType) headers['Content-Type'] = reply.contentType;
	headers['Content-Length'] = Buffer.byteLength(reply.body);
	res.writeHead(reply.status, headers);
	res.end(reply.body);
}

/** @param {import('node:net').Socket} socket */
function isLoopback(socket) {
	const a = socket.remoteAddress ?? '';
	return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1' || a.startsWith('127.');
}

/**
 * @param {Internals} ix
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
function createRequestListener(ix) {
	const prefix = `/${ix.tenant}/api/v1`.toLowerCase();

	/**
	 * OAuth / tenant-state endpoints, path check, wrong host (421), authentication, Accept, routing.
	 * @param {import('node:http').IncomingMessage} req
	 * @param {string} method
	 * @param {string} path
	 * @param {URLSearchParams} params
	 * @param {{ value: unknown, json: boolean, raw: string }} body
	 * @param {import('./types').RecordedRequest} rec
	 * @returns {Promise<Reply>}
	 */
	async function dispatch(req, method, path, params, body, rec) {
		const lower = path.toLowerCase();
		if (lower === TOKEN_PATH)
			return ix.oauth.handleToken(method, params, body.raw, req.headers, rec);
		if (lower === AUTHORIZE_PATH) return ix.oauth.handleAuthorize(method, params, rec);
		const state = STATE_PATH.exec(path);
		if (state) return ix.oauth.handleState(method, decodeURIComponent(state[1]));
		if (lower !== prefix && !lower.startsWith(`${prefix}/`)) return iisNotFoundReply();
		if (ix.wrongHost) {
			// Online since Nov 2023: bare hosts only sign in; API calls belong on the numbered tenant host.
			return errorReply(
				421,
				'MisdirectedRequest',
				'Wrong subdomain used to access tenant. Call the API on the tenant host from GET /api/state/{tenant} (Endpoint).',
			);
		}
		const apiPath = path.slice(prefix.length) || '/';
		ix.oauth.noteApiRequest();
		const auth = authenticate(
			req.headers,
			ix.authConfig,
			(id) => ix.state.findAssociate(id),
			(token) => ix.oauth.lookupAccessToken(token),
		);
		if (!auth.ok) return errorReply(auth.status, auth.errorType, auth.message, auth.headers);
		rec.principal = auth.associate.associateId;
		if (!acceptsJson(req.headers.accept)) {
			return errorReply(
				406,
				'NotAcceptable',
				'The sandbox answers application/json only; send Accept: application/json.',
			);
		}
		const match = ix.router.match(method, apiPath);
		if (!match)
			return errorReply(404, 'NotFoundException', `No API route for ${method} ${apiPath}`);
		if ('allow' in match) {
			return errorReply(
				405,
				'MethodNotAllowed',
				`The requested resource does not support http method '${method}'.`,
				{ Allow: match.allow.join(', ') },
			);
		}
		try {
			const reply = await match.handler({
				method,
				params: match.params,
				query: queryObject(params),
				rawQuery: [...params],
				body: body.value,
				bodyIsJson: body.json,
				rawBody: body.raw,
				principal: auth.associate,
				scheme: auth.scheme,
				apiPath,
			});
			// SO-TimeZone: dates in that zone, with an offset only when includeTZOffset is asked for.
			if (req.headers['so-timezone'] !== undefined && reply.status < 300)
				reply.body = applySoTimeZone(reply.body, req.headers['so-timezone']);
			return reply;
		} catch (e) {
			if (e instanceof HttpError) return errorReply(e.status, e.errorType, e.message, e.headers);
			process.stderr.write(`[sandbox] route error: ${e && /** @type {Error} */ (e).stack}\n`);
			return errorReply(500, 'Exception', 'Internal sandbox error');
		}
	}

	/**
	 * The SessionKey of the chat session a path names (for `echo` faults), or null.
	 * @param {string} path
	 */
	function sessionKeyIn(path) {
		return sessionIn(path)?.SessionKey ?? null;
	}

	/**
	 * The chat session a path names (for `embed-session` faults), or undefined.
	 * @param {string} path
	 */
	function sessionIn(path) {
		const id = /\/ChatSession\/(\d+)/i.exec(path)?.[1];
		return id === undefined ? undefined : ix.state.sessions.get(Number(id));
	}

	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 */
	async function handleApi(req, res) {
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
		const path = url.pathname;
		const lower = path.toLowerCase();
		const apiPath =
			lower === prefix || lower.startsWith(`${prefix}/`) ? path.slice(prefix.length) || '/' : null;
		const rec = ix.log.start({
			method,
			path,
			apiPath,
			query: queryObject(url.searchParams),
			url: req.url ?? '/',
			headers: req.headers,
		});
		if (ix.wrongHost) rec.wrongHost = true;
		ix.stats.total++;
		ix.stats.inFlight++;
		ix.stats.maxInFlight = Math.max(ix.stats.maxInFlight, ix.stats.inFlight);
		let counted = true;
		res.on('close', () => {
			if (counted) {
				counted = false;
				ix.stats.inFlight--;
			}
			rec.endedAt = Date.now();
			rec.status = res.headersSent ? res.statusCode : null;
		});

		const picked = ix.faults.pick(method, path);
		const fault = picked?.fault;
		if (picked) rec.fault = { ...picked.fault, source: picked.source };

		if (fault?.type === 'reset' && fault.when === 'before-body') {
			req.socket.destroy();
			return;
		}
		let buf;
		try {
			buf = await readBody(req, ix.bodyLimit);
		} catch (e) {
			if (e instanceof HttpError) send(res, errorReply(e.status, e.errorType, e.message));
			else req.socket.destroy();
			return;
		}
		const parsed = parseBody(buf);
		rec.body = parsed.value;

		const latency = ix.faults.nextLatencyMs();
		if (latency > 0) await ix.delay(latency);
		if (fault?.type === 'slow') await ix.delay(fault.delayMs);
		if (ix.isClosing()) {
			req.socket.destroy();
			return;
		}

		if (fault?.type === 'status') return send(res, statusFaultReply(fault));
		if (fault?.type === 'html') return send(res, proxyHtmlReply(fault.status ?? 200));
		if (fault?.type === 'hostile-page') return send(res, hostilePageReply(fault));
		if (fault?.type === 'echo')
			return send(
				res,
				echoFaultReply(fault, {
					headers: req.headers,
					sessionKey: sessionKeyIn(path),
					body: parsed.value,
				}),
			);
		if (isReplacingHostileFault(fault)) return sendHostileFault(res, fault);

		let reply = await dispatch(
			req,
			method,
			path,
			url.searchParams,
			{ ...parsed, raw: buf.toString('utf8') },
			rec,
		);

		if (fault?.type === 'reset') {
			// after-body: the state change above has happened; the client never hears about it.
			req.socket.destroy();
			return;
		}
		if (fault?.type === 'truncated-json') reply = truncatedJsonReply(reply);
		if (fault?.type === 'malformed-json') reply = malformedJsonReply();
		if (fault?.type === 'embed-session') reply = embedSessionReply(reply, sessionIn(path));
		if (fault?.type === 'reshape') reply = reshapeReply(reply, fault);
		if (fault?.type === 'trickle')
			return await trickleReply(res, reply, fault, ix.delay, ix.isClosing);
		send(res, reply);
	}

	return (req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		if (!ix.wrongHost && (path === '/__sandbox' || path.startsWith('/__sandbox/'))) {
			if (!isLoopback(req.socket)) {
				send(res, jsonReply(403, { error: 'control endpoints answer loopback clients only' }));
				return;
			}
			handleControl(ix.control, req, res, send).catch((e) => {
				process.stderr.write(`[sandbox] control error: ${e && e.stack}\n`);
				send(res, jsonReply(500, { error: 'internal error' }));
			});
			return;
		}
		handleApi(req, res).catch((e) => {
			process.stderr.write(`[sandbox] pipeline error: ${e && e.stack}\n`);
			send(res, errorReply(500, 'Exception', 'Internal sandbox error'));
		});
	};
}

module.exports = { createRequestListener, acceptsJson };
