// @ts-check
'use strict';
/**
 * The OData subset the sandbox's archive lists accept: $select, $filter, $orderBy, $top, $skip.
 * Grammar of $filter (keywords, operators and function names case-insensitive; column names
 * case-sensitive):
 *
 *   expr       := andExpr ( 'or' andExpr )*
 *   andExpr    := notExpr ( 'and' notExpr )*
 *   notExpr    := 'not' notExpr | primary
 *   primary    := '(' expr ')' | func | column op literal
 *   func       := ('contains' | 'startswith' | 'endswith') '(' column ',' literal ')'
 *               | 'substringof' '(' literal ',' column ')'
 *   op         := eq | ne | lt | gt | le | ge | contains | begins | before | after
 *   literal    := 'text' (quote doubled inside: 'it''s') | number | true | false | null
 *               | datetime'2024-01-31T10:00:00Z'
 *
 * Type rules are in README.md. Any violation throws ODataError (→ 400).
 */
const { parseSoDate } = require('./dates');
const { resolveEnum, CHAT_SESSION_STATUS } = require('./enums');
const { HttpError } = require('./http');

/** @typedef {import('./archive').ArchiveContext} ArchiveContext */
/** @typedef {import('./archive').ColumnType} ColumnType */
/**
 * @template T
 * @typedef {import('./archive').Column<T>} Column
 */
/**
 * @template T
 * @typedef {import('./archive').Archive<T>} Archive
 */

/** A $select/$filter/$orderBy/$top/$skip problem: answers 400 with an ArgumentException body. */
class ODataError extends HttpError {
	/** @param {string} message */
	constructor(message) {
		super(400, 'ArgumentException', message);
	}
}

/** @typedef {{ t: 'punct' | 'string' | 'number' | 'ident' | 'datetime', v: string, pos: number }} Token */

/** @param {string} src @returns {Token[]} */
function tokenize(src) {
	/** @type {Token[]} */
	const out = [];
	let i = 0;
	while (i < src.length) {
		const ch = src[i];
		if (/\s/.test(ch)) {
			i++;
		} else if (ch === '(' || ch === ')' || ch === ',') {
			out.push({ t: 'punct', v: ch, pos: i });
			i++;
		} else if (ch === "'") {
			const start = i;
			let text = '';
			i++;
			for (;;) {
				if (i >= src.length)
					throw new ODataError(`Unterminated string literal at position ${start}`);
				if (src[i] === "'") {
					if (src[i + 1] === "'") {
						text += "'";
						i += 2;
						continue;
					}
					i++;
					break;
				}
				text += src[i++];
			}
			out.push({ t: 'string', v: text, pos: start });
		} else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(src[i + 1] ?? ''))) {
			const m = /^-?\d+(\.\d+)?/.exec(src.slice(i));
			const text = /** @type {RegExpExecArray} */ (m)[0];
			out.push({ t: 'number', v: text, pos: i });
			i += text.length;
		} else if (/[A-Za-z_$]/.test(ch)) {
			const m = /^[A-Za-z_$][A-Za-z0-9_$/.]*/.exec(src.slice(i));
			const word = /** @type {RegExpExecArray} */ (m)[0];
			const start = i;
			i += word.length;
			if (/^datetime(offset)?$/i.test(word) && src[i] === "'") {
				const end = src.indexOf("'", i + 1);
				if (end < 0) throw new ODataError(`Unterminated datetime literal at position ${start}`);
				out.push({ t: 'datetime', v: src.slice(i + 1, end), pos: start });
				i = end + 1;
			} else {
				out.push({ t: 'ident', v: word, pos: start });
			}
		} else {
			throw new ODataError(`Unexpected character '${ch}' at position ${i} in $filter`);
		}
	}
	return out;
}

const COMPARE_OPS = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];
const INFIX_OPS = [...COMPARE_OPS, 'contains', 'begins', 'before', 'after'];
const FUNCS = ['contains', 'startswith', 'endswith', 'substringof'];

/**
 * @template T
 * @param {Archive<T>} archive
 * @param {string} name
 * @returns {Column<T>}
 */
function findColumn(archive, name) {
	const col = archive.columns.find((c) => c.name === name);
	if (col) return col;
	const hint = archive.removedHint?.[name.toLowerCase()];
	if (hint) throw new ODataError(`Unknown column '${name}'. ${hint}`);
	const near = archive.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
	if (near)
		throw new ODataError(
			`Unknown column '${name}' (column names are case-sensitive; did you mean '${near.name}'?)`,
		);
	throw new ODataError(`Unknown column '${name}' in the ${archive.entityName} archive`);
}

/**
 * @typedef {{ kind: 'string' | 'number' | 'bool' | 'null' | 'datetime', value: string }} Literal
 * @typedef {(row: any, ctx: ArchiveContext) => boolean} Predicate
 */

/** @param {unknown} v */
const lower = (v) => String(v ?? '').toLowerCase();

/**
 * Build the predicate for `column op literal`.
 * @param {Column<any>} col
 * @param {string} op
 * @param {Literal} lit
 * @returns {Predicate}
 */
function comparison(col, op, lit) {
	const where = `'${col.name} ${op}'`;
	if (col.type === 'int') {
		if (!COMPARE_OPS.includes(op))
			throw new ODataError(`Operator ${op} is not allowed on the number column ${col.name}`);
		const n =
			lit.kind === 'number' || (lit.kind === 'string' && /^-?\d+(\.\d+)?$/.test(lit.value))
				? Number(lit.value)
				: NaN;
		if (!Number.isFinite(n)) throw new ODataError(`${where} needs a number`);
		return (row, ctx) => cmp(op, Number(col.get(row, ctx)), n);
	}
	if (col.type === 'status') {
		if (!COMPARE_OPS.includes(op))
			throw new ODataError(`Operator ${op} is not allowed on the status column`);
		const st =
			lit.kind === 'string' || lit.kind === 'number'
				? resolveEnum(CHAT_SESSION_STATUS, lit.kind === 'number' ? Number(lit.value) : lit.value)
				: null;
		if (!st)
			throw new ODataError(
				`${where} needs a ChatSessionStatus name or number (${CHAT_SESSION_STATUS.join(', ')})`,
			);
		return (row, ctx) => {
			const v = resolveEnum(CHAT_SESSION_STATUS, col.get(row, ctx));
			return v ? cmp(op, v.value, st.value) : false;
		};
	}
	if (col.type === 'date') {
		const dop = op === 'before' ? 'lt' : op === 'after' ? 'gt' : op;
		if (!COMPARE_OPS.includes(dop))
			throw new ODataError(`Operator ${op} is not allowed on the date column ${col.name}`);
		if (lit.kind === 'null') {
			if (dop !== 'eq' && dop !== 'ne')
				throw new ODataError(`${where} null: only eq and ne accept null`);
			return (row, ctx) => (col.get(row, ctx) == null) === (dop === 'eq');
		}
		const t = lit.kind === 'string' || lit.kind === 'datetime' ? parseSoDate(lit.value) : NaN;
		if (!Number.isFinite(t))
			throw new ODataError(
				`${where} needs an ISO 8601 date literal such as '2024-01-31T10:00:00Z'`,
			);
		return (row, ctx) => {
			const raw = col.get(row, ctx);
			if (raw == null) return dop === 'ne';
			const v = parseSoDate(raw);
			return Number.isFinite(v) ? cmp(dop, v, t) : false;
		};
	}
	// string
	if (!(lit.kind === 'string' || lit.kind === 'number'))
		throw new ODataError(`${where} needs a quoted string`);
	const needle = lit.value.toLowerCase();
	if (op === 'contains') return (row, ctx) => lower(col.get(row, ctx)).includes(needle);
	if (op === 'begins') return (row, ctx) => lower(col.get(row, ctx)).startsWith(needle);
	if (!COMPARE_OPS.includes(op))
		throw new ODataError(`Operator ${op} is not allowed on the text column ${col.name}`);
	return (row, ctx) => cmp(op, lower(col.get(row, ctx)), needle);
}

/**
 * @template V
 * @param {string} op
 * @param {V} a
 * @param {V} b
 */
function cmp(op, a, b) {
	switch (op) {
		case 'eq':
			return a === b;
		case 'ne':
			return a !== b;
		case 'lt':
			return a < b;
		case 'gt':
			return a > b;
		case 'le':
			return a <= b;
		case 'ge':
			return a >= b;
		default:
			return false;
	}
}

/**
 * Parse a $filter expression into a predicate over archive rows.
 * @template T
 * @param {string} src
 * @param {Archive<T>} archive
 * @returns {Predicate}
 */
function parseFilter(src, archive) {
	const tokens = tokenize(src);
	let p = 0;
	const peek = () => tokens[p];
	/** @param {string} word */
	const isWord = (word) => peek()?.t === 'ident' && peek().v.toLowerCase() === word;
	/** @param {string} v */
	const expectPunct = (v) => {
		const tok = tokens[p];
		if (!tok || tok.t !== 'punct' || tok.v !== v) {
			throw new ODataError(
				`Expected '${v}' ${tok ? `at position ${tok.pos}` : 'at end of $filter'}`,
			);
		}
		p++;
	};
	/** @returns {Literal} */
	const literal = () => {
		const tok = tokens[p++];
		if (!tok) throw new ODataError('Expected a value at end of $filter');
		if (tok.t === 'string') return { kind: 'string', value: tok.v };
		if (tok.t === 'number') return { kind: 'number', value: tok.v };
		if (tok.t === 'datetime') return { kind: 'datetime', value: tok.v };
		if (tok.t === 'ident') {
			const w = tok.v.toLowerCase();
			if (w === 'null') return { kind: 'null', value: '' };
			if (w === 'true' || w === 'false') return { kind: 'bool', value: w };
		}
		throw new ODataError(`Expected a value at position ${tok.pos}, got '${tok.v}'`);
	};
	const columnRef = () => {
		const tok = tokens[p++];
		if (!tok || tok.t !== 'ident')
			throw new ODataError(
				`Expected a column name ${tok ? `at position ${tok.pos}` : 'at end of $filter'}`,
			);
		return findColumn(archive, tok.v);
	};
	/** @returns {Predicate} */
	const primary = () => {
		const tok = peek();
		if (!tok) throw new ODataError('Unexpected end of $filter');
		if (tok.t === 'punct' && tok.v === '(') {
			p++;
			const e = expr();
			expectPunct(')');
			return e;
		}
		if (
			tok.t === 'ident' &&
			FUNCS.includes(tok.v.toLowerCase()) &&
			tokens[p + 1]?.t === 'punct' &&
			tokens[p + 1].v === '('
		) {
			const fn = tok.v.toLowerCase();
			p += 2;
			let col;
			let lit;
			if (fn === 'substringof') {
				lit = literal();
				expectPunct(',');
				col = columnRef();
			} else {
				col = columnRef();
				expectPunct(',');
				lit = literal();
			}
			expectPunct(')');
			if (col.type !== 'string')
				throw new ODataError(`${fn}() needs a text column; ${col.name} is not one`);
			if (lit.kind !== 'string') throw new ODataError(`${fn}() needs a quoted string`);
			const needle = lit.value.toLowerCase();
			const c = col;
			if (fn === 'startswith') return (row, ctx) => lower(c.get(row, ctx)).startsWith(needle);
			if (fn === 'endswith') return (row, ctx) => lower(c.get(row, ctx)).endsWith(needle);
			return (row, ctx) => lower(c.get(row, ctx)).includes(needle);
		}
		const col = columnRef();
		const opTok = tokens[p++];
		if (!opTok || opTok.t !== 'ident' || !INFIX_OPS.includes(opTok.v.toLowerCase())) {
			throw new ODataError(
				`Expected an operator (${INFIX_OPS.join(', ')}) after ${col.name}${opTok ? ` at position ${opTok.pos}` : ''}`,
			);
		}
		return comparison(col, opTok.v.toLowerCase(), literal());
	};
	/** @returns {Predicate} */
	const notExpr = () => {
		if (isWord('not')) {
			p++;
			const inner = notExpr();
			return (row, ctx) => !inner(row, ctx);
		}
		return primary();
	};
	/** @returns {Predicate} */
	const andExpr = () => {
		let left = notExpr();
		while (isWord('and')) {
			p++;
			const l = left;
			const r = notExpr();
			left = (row, ctx) => l(row, ctx) && r(row, ctx);
		}
		return left;
	};
	/** @returns {Predicate} */
	function expr() {
		let left = andExpr();
		while (isWord('or')) {
			p++;
			const l = left;
			const r = andExpr();
			left = (row, ctx) => l(row, ctx) || r(row, ctx);
		}
		return left;
	}
	if (tokens.length === 0) return () => true;
	const result = expr();
	if (p < tokens.length)
		throw new ODataError(`Unexpected '${tokens[p].v}' at position ${tokens[p].pos} in $filter`);
	return result;
}

/**
 * Read one OData option from the query (option names case-insensitive).
 * @param {Record<string, string | string[]>} query
 * @param {string} name e.g. '$top'
 */
function option(query, name) {
	const keys = Object.keys(query).filter((k) => k.toLowerCase() === name.toLowerCase());
	if (keys.length === 0) return undefined;
	const values = keys.flatMap((k) => query[k]);
	if (values.length > 1) throw new ODataError(`${name} given more than once`);
	return values[0];
}

/** @param {string | undefined} v @param {string} name */
function nonNegativeInt(v, name) {
	if (v === undefined) return undefined;
	if (!/^\d{1,9}$/.test(v.trim())) throw new ODataError(`${name} must be a non-negative integer`);
	return Number(v.trim());
}

/**
 * Which rows a page holds and where its odata.nextLink points, for honest paging and for
 * the paging faults (see faults.js).
 * @param {import('./faults').PagingMode | null | undefined} paging
 * @param {number} skip the requested $skip
 * @returns {{ from: number, nextSkip: (pageLength: number) => number }}
 */
function pageWindow(paging, skip) {
	if (paging === 'ignore-skip') return { from: 0, nextSkip: (pageLength) => skip + pageLength };
	if (paging === 'repeat-next-link') return { from: 0, nextSkip: (pageLength) => pageLength };
	return { from: skip, nextSkip: (pageLength) => skip + pageLength };
}

/**
 * Run an archive query.
 * @template T
 * @param {{
 *   archive: Archive<T>, rows: T[], ctx: ArchiveContext, query: Record<string, string | string[]>,
 *   rawQuery: Array<[string, string]>, linkBase: string, metadataUrl: string,
 *   defaultPageSize: number, maxPageSize: number, paging?: import('./faults').PagingMode | null
 * }} args
 */
function runArchiveQuery(args) {
	const { archive, ctx, query } = args;
	const selectRaw = option(query, '$select');
	const filterRaw = option(query, '$filter');
	const orderRaw = option(query, '$orderBy');
	const top = nonNegativeInt(option(query, '$top'), '$top');
	const skip = nonNegativeInt(option(query, '$skip'), '$skip') ?? 0;

	/** @type {Column<T>[]} */
	let select = archive.columns;
	if (selectRaw !== undefined && selectRaw.trim() !== '') {
		select = [];
		for (const name of selectRaw
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean)) {
			const col = findColumn(archive, name);
			if (!select.includes(col)) select.push(col);
		}
	}
	const predicate =
		filterRaw !== undefined && filterRaw.trim() !== ''
			? parseFilter(filterRaw, archive)
			: () => true;

	/** @type {Array<{ col: Column<T>, desc: boolean }>} */
	const order = [];
	if (orderRaw !== undefined && orderRaw.trim() !== '') {
		for (const part of orderRaw
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean)) {
			const [name, dir, extra] = part.split(/\s+/);
			if (extra !== undefined || (dir !== undefined && !/^(asc|desc)$/i.test(dir))) {
				throw new ODataError(`$orderBy: expected 'column [asc|desc]', got '${part}'`);
			}
			order.push({ col: findColumn(archive, name), desc: /^desc$/i.test(dir ?? '') });
		}
	}

	const matched = args.rows.filter((row) => predicate(row, ctx));
	const sortKey = (/** @type {Column<T>} */ col, /** @type {T} */ row) => {
		const v = col.get(row, ctx);
		if (col.type === 'date') return v == null ? -Infinity : parseSoDate(v);
		if (col.type === 'status') return resolveEnum(CHAT_SESSION_STATUS, v)?.value ?? -1;
		if (col.type === 'int') return Number(v);
		return lower(v);
	};
	matched.sort((a, b) => {
		for (const { col, desc } of order) {
			const x = sortKey(col, a);
			const y = sortKey(col, b);
			if (x < y) return desc ? 1 : -1;
			if (x > y) return desc ? -1 : 1;
		}
		return archive.primaryKey(a) - archive.primaryKey(b);
	});

	const pageSize = Math.min(top ?? args.defaultPageSize, args.maxPageSize);
	const window = pageWindow(args.paging, skip);
	const page = matched.slice(window.from, window.from + pageSize);
	const nextSkip = window.nextSkip(page.length);
	/** @type {Record<string, unknown>} */
	const body = { 'odata.metadata': args.metadataUrl };
	if (page.length > 0 && nextSkip < matched.length) {
		body['odata.nextLink'] = nextLink(args.linkBase, args.rawQuery, pageSize, nextSkip);
	}
	body.value = page.map((row) => {
		/** @type {Record<string, unknown>} */
		const out = { PrimaryKey: archive.primaryKey(row), EntityName: archive.entityName };
		for (const col of select) out[col.name] = col.get(row, ctx);
		return out;
	});
	return body;
}

/**
 * @param {string} base
 * @param {Array<[string, string]>} rawQuery
 * @param {number} top
 * @param {number} skip
 */
function nextLink(base, rawQuery, top, skip) {
	/** @param {string} k */
	const key = (k) => (/^[\w$]+$/.test(k) ? k : encodeURIComponent(k));
	const parts = rawQuery
		.filter(([k]) => !/^\$(top|skip)$/i.test(k))
		.map(([k, v]) => `${key(k)}=${encodeURIComponent(v)}`);
	parts.push(`$top=${top}`, `$skip=${skip}`);
	return `${base}?${parts.join('&')}`;
}

module.exports = { ODataError, parseFilter, runArchiveQuery, tokenize };
