// @ts-check
'use strict';
/**
 * A tiny route table for paths below `/{tenant}/api/v1/`. Literal segments match
 * case-insensitively (like ASP.NET on IIS); `:name` segments capture one path segment.
 * Routes are tried in the order they were added; the first match wins.
 */

/** @typedef {import('./http').Reply} Reply */
/** @typedef {import('./types').AssociateSeed} AssociateSeed */
/**
 * @typedef {{
 *   method: string, params: Record<string, string>, query: Record<string, string | string[]>,
 *   rawQuery: Array<[string, string]>, body: unknown, bodyIsJson: boolean, rawBody: string,
 *   principal: AssociateSeed, scheme: string, apiPath: string
 * }} RouteContext
 * @typedef {(ctx: RouteContext) => Reply | Promise<Reply>} Handler
 * @typedef {{ method: string, segments: string[], handler: Handler }} Route
 * @typedef {{ handler: Handler, params: Record<string, string> } | { allow: string[] } | null} Match
 */

class Router {
	constructor() {
		/** @type {Route[]} */
		this.routes = [];
	}

	/**
	 * @param {string} method
	 * @param {string} pattern e.g. 'ChatSession/:id/Reset'
	 * @param {Handler} handler
	 */
	add(method, pattern, handler) {
		this.routes.push({
			method: method.toUpperCase(),
			segments: pattern.split('/').filter(Boolean),
			handler,
		});
		return this;
	}

	/**
	 * @param {string} method
	 * @param {string} path below the API root, e.g. '/ChatSession/464/Reset'
	 * @returns {Match}
	 */
	match(method, path) {
		const parts = path.split('/').filter(Boolean).map(safeDecode);
		/** @type {Set<string>} */
		const allow = new Set();
		for (const route of this.routes) {
			const params = matchSegments(route.segments, parts);
			if (!params) continue;
			if (route.method === method.toUpperCase()) return { handler: route.handler, params };
			allow.add(route.method);
		}
		return allow.size > 0 ? { allow: [...allow] } : null;
	}
}

/** @param {string} s */
function safeDecode(s) {
	try {
		return decodeURIComponent(s);
	} catch {
		return s;
	}
}

/**
 * @param {string[]} pattern
 * @param {string[]} parts
 */
function matchSegments(pattern, parts) {
	if (pattern.length !== parts.length) return null;
	/** @type {Record<string, string>} */
	const params = {};
	for (let i = 0; i < pattern.length; i++) {
		const p = pattern[i];
		if (p.startsWith(':')) params[p.slice(1)] = parts[i];
		else if (p.toLowerCase() !== parts[i].toLowerCase()) return null;
	}
	return params;
}

module.exports = { Router };
