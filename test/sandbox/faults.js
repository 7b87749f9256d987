// @ts-check
'use strict';
/**
 * Fault injection: latency for every request, a FIFO script of one-off faults, and a
 * deterministic random rate of faults. Shapes are validated so a bad control request
 * answers 400 instead of silently doing nothing.
 */
const { createPrng } = require('./prng');
const { normalizeEchoFault, normalizeHostilePageFault } = require('./echoFaults');
const { HOSTILE_FAULT_TYPES, normalizeHostileFault } = require('./hostileFaults');

/** @typedef {import('./types').Fault} Fault */
/** @typedef {import('./types').FaultRule} FaultRule */
/** @typedef {import('./types').FaultMatch} FaultMatch */
/** @typedef {import('./types').RateConfig} RateConfig */
/** @typedef {import('./types').LatencyConfig} LatencyConfig */
/** @typedef {{ method?: string, path?: RegExp }} NormalizedMatch */

const FAULT_TYPES = [
	'status',
	'reset',
	'slow',
	'html',
	'truncated-json',
	'malformed-json',
	'echo',
	'embed-session',
	'hostile-page',
	...HOSTILE_FAULT_TYPES,
];

/**
 * Paging faults of the archive lists, as a broken server or caching proxy produces them:
 * 'ignore-skip' answers the first page whatever $skip says (its odata.nextLink still advances);
 * 'repeat-next-link' answers the first page with the first page's odata.nextLink, every time.
 * @typedef {'ignore-skip' | 'repeat-next-link'} PagingMode
 */
const PAGING_MODES = ['ignore-skip', 'repeat-next-link'];

/**
 * @param {unknown} mode null (or 'normal') = honest paging
 * @returns {PagingMode | null}
 */
function normalizePagingMode(mode) {
	if (mode === undefined || mode === null || mode === 'normal') return null;
	if (typeof mode !== 'string' || !PAGING_MODES.includes(mode)) {
		throw new TypeError(`paging must be null, 'normal' or one of ${PAGING_MODES.join(', ')}`);
	}
	return /** @type {PagingMode} */ (mode);
}

/** @param {unknown} v @param {string} what */
function nonNegative(v, what) {
	if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
		throw new TypeError(`${what} must be a non-negative number`);
	return v;
}

/**
 * @param {unknown} input
 * @returns {Fault}
 */
function normalizeFault(input) {
	if (!input || typeof input !== 'object')
		throw new TypeError('fault must be an object with a type');
	const f = /** @type {Record<string, unknown>} */ (input);
	switch (f.type) {
		case 'status': {
			const status = f.status;
			if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
				throw new TypeError('status fault needs an integer status 100..599');
			}
			const body = f.body ?? 'json';
			if (!['json', 'html', 'text', 'empty'].includes(/** @type {string} */ (body)))
				throw new TypeError("status fault body must be 'json', 'html', 'text' or 'empty'");
			/** @type {Fault} */
			const out = { type: 'status', status, body: /** @type {'json'} */ (body) };
			if (f.retryAfter !== undefined) {
				if (typeof f.retryAfter === 'number')
					out.retryAfter = nonNegative(f.retryAfter, 'retryAfter');
				else if (typeof f.retryAfter === 'string') out.retryAfter = f.retryAfter;
				else
					throw new TypeError("retryAfter must be seconds, 'date:+Ns' or a literal header value");
			}
			return out;
		}
		case 'reset': {
			const when = f.when ?? 'before-body';
			if (when !== 'before-body' && when !== 'after-body')
				throw new TypeError("reset fault 'when' must be 'before-body' or 'after-body'");
			return { type: 'reset', when };
		}
		case 'slow':
			return { type: 'slow', delayMs: nonNegative(f.delayMs, 'slow fault delayMs') };
		case 'html': {
			const status = f.status ?? 200;
			if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
				throw new TypeError('html fault status must be 100..599');
			return { type: 'html', status };
		}
		case 'truncated-json':
			return { type: 'truncated-json' };
		case 'malformed-json':
			return { type: 'malformed-json' };
		case 'echo':
			return normalizeEchoFault(f);
		case 'hostile-page':
			return normalizeHostilePageFault(f);
		case 'embed-session':
			return { type: 'embed-session' };
		default: {
			const hostile = normalizeHostileFault(f);
			if (hostile) return hostile;
			throw new TypeError(
				`unknown fault type ${JSON.stringify(f.type)}; use one of ${FAULT_TYPES.join(', ')}`,
			);
		}
	}
}

/**
 * @param {unknown} input
 * @returns {NormalizedMatch}
 */
function normalizeMatch(input) {
	if (input === undefined || input === null) return {};
	if (typeof input !== 'object') throw new TypeError('match must be an object {method?, path?}');
	const m = /** @type {Record<string, unknown>} */ (input);
	/** @type {NormalizedMatch} */
	const out = {};
	if (m.method !== undefined) {
		if (typeof m.method !== 'string') throw new TypeError('match.method must be a string');
		out.method = m.method.toUpperCase();
	}
	if (m.path !== undefined) {
		if (m.path instanceof RegExp) out.path = m.path;
		else if (typeof m.path === 'string') {
			try {
				out.path = new RegExp(m.path);
			} catch (e) {
				throw new TypeError(
					`match.path is not a valid regular expression: ${/** @type {Error} */ (e).message}`,
				);
			}
		} else
			throw new TypeError('match.path must be a RegExp or a string (regular expression source)');
	}
	return out;
}

/**
 * @param {NormalizedMatch} m
 * @param {string} method
 * @param {string} path
 */
function matches(m, method, path) {
	if (m.method && m.method !== '*' && m.method !== method.toUpperCase()) return false;
	if (m.path) {
		m.path.lastIndex = 0;
		if (!m.path.test(path)) return false;
	}
	return true;
}

/** @param {NormalizedMatch} m */
function describeMatch(m) {
	return { method: m.method, path: m.path ? m.path.source : undefined };
}

class FaultController {
	/** @param {number} [seed] seed for latency jitter */
	constructor(seed = 42) {
		this.seed = seed;
		/** @type {Required<LatencyConfig>} */
		this.latencyConfig = { fixedMs: 0, jitterMs: 0 };
		this.jitter = createPrng(seed);
		/** @type {Array<{ match: NormalizedMatch, remaining: number, fault: Fault }>} */
		this.rules = [];
		/** @type {{ rate: number, faults: Fault[], seed: number, match: NormalizedMatch, prng: ReturnType<typeof createPrng> } | null} */
		this.rateConfig = null;
		/** @type {PagingMode | null} */
		this.pagingMode = null;
	}

	/**
	 * Paging fault of every archive list (GET ChatSession, ChatTopic/{id}/Sessions, User)
	 * until switched off with null; read per request.
	 * @param {PagingMode | 'normal' | null} [mode]
	 */
	paging(mode) {
		this.pagingMode = normalizePagingMode(mode);
		return this;
	}

	/**
	 * Latency added to every API request (after reading the body). null/undefined = none.
	 * @param {LatencyConfig | null} [cfg]
	 */
	latency(cfg) {
		if (!cfg) {
			this.latencyConfig = { fixedMs: 0, jitterMs: 0 };
			return this;
		}
		this.latencyConfig = {
			fixedMs: nonNegative(cfg.fixedMs ?? 0, 'latency.fixedMs'),
			jitterMs: nonNegative(cfg.jitterMs ?? 0, 'latency.jitterMs'),
		};
		this.jitter = createPrng(this.seed);
		return this;
	}

	/**
	 * Append rules to the script. Each matching request consumes one use of the first rule
	 * that matches (in order); `times` defaults to 1, -1 or Infinity = every time.
	 * @param {FaultRule[]} rules
	 */
	script(rules) {
		if (!Array.isArray(rules))
			throw new TypeError('script expects an array of {match?, times?, fault}');
		const normalized = rules.map((r, i) => {
			if (!r || typeof r !== 'object') throw new TypeError(`script[${i}] must be an object`);
			const times = r.times ?? 1;
			if (
				typeof times !== 'number' ||
				!(times === -1 || times === Infinity || (Number.isInteger(times) && times >= 1))
			) {
				throw new TypeError(`script[${i}].times must be a positive integer, -1 or Infinity`);
			}
			return {
				match: normalizeMatch(r.match),
				remaining: times === -1 ? Infinity : times,
				fault: normalizeFault(r.fault),
			};
		});
		this.rules.push(...normalized);
		return this;
	}

	/**
	 * Random faults: each matching request (not hit by a script rule) gets one of `faults`
	 * with probability `rate`, from a PRNG seeded with `seed` (default 42). null = off.
	 * @param {RateConfig | null} [cfg]
	 */
	rate(cfg) {
		if (!cfg) {
			this.rateConfig = null;
			return this;
		}
		const rate = cfg.rate;
		if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
			throw new TypeError('rate.rate must be a number in 0..1');
		if (!Array.isArray(cfg.faults) || cfg.faults.length === 0)
			throw new TypeError('rate.faults must be a non-empty array');
		const seed = cfg.seed ?? 42;
		if (typeof seed !== 'number' || !Number.isFinite(seed))
			throw new TypeError('rate.seed must be a number');
		this.rateConfig = {
			rate,
			faults: cfg.faults.map(normalizeFault),
			seed,
			match: normalizeMatch(cfg.match),
			prng: createPrng(seed),
		};
		return this;
	}

	/** Remove latency, script, rate and the paging fault. */
	clear() {
		this.latency(null);
		this.rules = [];
		this.rateConfig = null;
		this.pagingMode = null;
		return this;
	}

	/** Script rules not yet used up. */
	remaining() {
		return this.rules.map((r) => ({
			match: describeMatch(r.match),
			times: r.remaining,
			fault: { ...r.fault },
		}));
	}

	/**
	 * Choose the fault for one request (consumes script uses and PRNG draws).
	 * @param {string} method
	 * @param {string} path
	 * @returns {{ fault: Fault, source: 'script' | 'rate' } | null}
	 */
	pick(method, path) {
		const idx = this.rules.findIndex((r) => matches(r.match, method, path));
		if (idx >= 0) {
			const rule = this.rules[idx];
			rule.remaining -= 1;
			if (rule.remaining <= 0) this.rules.splice(idx, 1);
			return { fault: { ...rule.fault }, source: 'script' };
		}
		const rc = this.rateConfig;
		if (rc && matches(rc.match, method, path)) {
			const roll = rc.prng.next();
			const which = rc.prng.next();
			if (roll < rc.rate)
				return { fault: { ...rc.faults[Math.floor(which * rc.faults.length)] }, source: 'rate' };
		}
		return null;
	}

	/** Milliseconds of latency for the next request. */
	nextLatencyMs() {
		const { fixedMs, jitterMs } = this.latencyConfig;
		if (!fixedMs && !jitterMs) return 0;
		return fixedMs + (jitterMs ? Math.floor(this.jitter.next() * (jitterMs + 1)) : 0);
	}

	/** JSON view of the configuration (regexes as their source). */
	toJSON() {
		return {
			latency: { ...this.latencyConfig },
			script: this.remaining(),
			rate: this.rateConfig
				? {
						rate: this.rateConfig.rate,
						faults: this.rateConfig.faults,
						seed: this.rateConfig.seed,
						match: describeMatch(this.rateConfig.match),
					}
				: null,
			...(this.pagingMode ? { paging: this.pagingMode } : {}),
		};
	}

	/**
	 * Apply a JSON configuration (control endpoint): `{ latency?, script?, rate?, paging?, clear? }`.
	 * @param {unknown} body
	 */
	configure(body) {
		if (!body || typeof body !== 'object' || Array.isArray(body))
			throw new TypeError('expected a JSON object {latency?, script?, rate?, paging?, clear?}');
		const b = /** @type {Record<string, unknown>} */ (body);
		for (const k of Object.keys(b)) {
			if (!['latency', 'script', 'rate', 'paging', 'clear'].includes(k))
				throw new TypeError(`unknown key '${k}'; use latency, script, rate, paging, clear`);
		}
		// Validate everything before changing anything.
		const probe = new FaultController(this.seed);
		if (b.latency !== undefined) probe.latency(/** @type {LatencyConfig | null} */ (b.latency));
		if (b.script !== undefined) probe.script(/** @type {FaultRule[]} */ (b.script));
		if (b.rate !== undefined) probe.rate(/** @type {RateConfig | null} */ (b.rate));
		if (b.paging !== undefined) probe.paging(/** @type {PagingMode | null} */ (b.paging));
		if (b.clear === true) this.clear();
		if (b.latency !== undefined) this.latency(/** @type {LatencyConfig | null} */ (b.latency));
		if (b.script !== undefined) this.script(/** @type {FaultRule[]} */ (b.script));
		if (b.rate !== undefined) this.rate(/** @type {RateConfig | null} */ (b.rate));
		if (b.paging !== undefined) this.paging(/** @type {PagingMode | null} */ (b.paging));
		return this;
	}
}

module.exports = { FaultController, normalizeFault, FAULT_TYPES, PAGING_MODES };
