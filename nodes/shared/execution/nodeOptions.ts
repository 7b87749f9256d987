import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../input/invalidInput';
import { describeValue } from '../input/values';
import type { RequestSettings } from '../transport/request';
import { DEFAULT_RETRY_POLICY } from '../transport/retry';

export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 50;
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The node-wide `Options` collection; its names are part of the public contract. Defaults are
 * literals, as n8n's lint rules require; test/unit/nodeOptions.test.ts keeps them equal to the
 * constants the code falls back to.
 */
export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			default: 5, // DEFAULT_CONCURRENCY
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY, numberPrecision: 0 },
			description:
				'How many items are sent to SuperOffice at once (1 = one after another). Output order and item pairing stay the same.',
		},
		{
			displayName: 'Culture',
			name: 'culture',
			type: 'string',
			default: '',
			placeholder: 'e.g. en',
			description:
				'Number and date formatting inside texts (SO-Culture), as an ISO language code. Overrides the credential. Ignored by SuperOffice when no language is set.',
		},
		{
			displayName: 'Language',
			name: 'language',
			type: 'string',
			default: '',
			placeholder: 'e.g. en',
			description:
				'Language of translated texts and list values, as an ISO 639-1 code (sent as Accept-Language and SO-Language). Overrides the credential. Use * to switch translation off.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			default: 3, // DEFAULT_RETRY_POLICY.maxRetries
			typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
			description:
				'How often a transient failure (429, 502, 503, 504, dropped or refused connection, timeout) is retried, with growing pauses and honoring Retry-After. 0 = no retries.',
		},
		{
			displayName: 'Max Retry Wait (Ms)',
			name: 'maxRetryWait',
			type: 'number',
			default: 60_000, // DEFAULT_RETRY_POLICY.maxTotalWaitMs
			typeOptions: { minValue: 0, numberPrecision: 0 },
			description:
				'The longest time, in milliseconds, that all retry pauses of one request may add up to',
		},
		{
			displayName: 'Time Zone',
			name: 'timeZone',
			type: 'string',
			default: '',
			placeholder: 'e.g. UTC or NO',
			description:
				'SuperOffice time-zone code that dates are converted to (SO-TimeZone), e.g. UTC, NO, US-NY. Dates always carry their offset (", includeTZOffset" is added). Overrides the credential.',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			default: 30_000, // DEFAULT_TIMEOUT_MS
			typeOptions: { minValue: 1, numberPrecision: 0 },
			description:
				'How long, in milliseconds, one request may take before it is given up (and retried if allowed)',
		},
	],
};

/** The `options` collection's values as n8n hands them over (not yet checked). */
export interface RawOptions {
	concurrency?: unknown;
	culture?: string;
	language?: string;
	maxRetries?: unknown;
	maxRetryWait?: unknown;
	timeZone?: string;
	timeout?: unknown;
}

function wholeNumber(
	value: unknown,
	label: string,
	min: number,
	max: number,
	fallback: number,
): number {
	if (value === undefined || value === null || value === '') return fallback;
	const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) {
		throw new InvalidInputError(
			`${label} must be a whole number from ${min} to ${max}, got ${describeValue(value)}`,
		);
	}
	return number;
}

function rawOptions(ctx: IExecuteFunctions, itemIndex: number): RawOptions {
	return ctx.getNodeParameter('options', itemIndex, {}) as RawOptions;
}

/** Requests at once from the options' values (a poll or another context without items). */
export function concurrencyOf(options: RawOptions): number {
	return wholeNumber(options.concurrency, 'Concurrency', 1, MAX_CONCURRENCY, DEFAULT_CONCURRENCY);
}

/** Language, timeout and retry settings from the options' values. */
export function requestSettingsOf(options: RawOptions): RequestSettings {
	return {
		locale: { language: options.language, culture: options.culture, timeZone: options.timeZone },
		timeout: wholeNumber(options.timeout, 'Timeout', 1, 3_600_000, DEFAULT_TIMEOUT_MS),
		retry: {
			...DEFAULT_RETRY_POLICY,
			maxRetries: wholeNumber(
				options.maxRetries,
				'Max Retries',
				0,
				10,
				DEFAULT_RETRY_POLICY.maxRetries,
			),
			maxTotalWaitMs: wholeNumber(
				options.maxRetryWait,
				'Max Retry Wait',
				0,
				3_600_000,
				DEFAULT_RETRY_POLICY.maxTotalWaitMs,
			),
		},
	};
}

/** Requests at once, read from the first item (concurrency is a property of the run). */
export function readConcurrency(ctx: IExecuteFunctions): number {
	return concurrencyOf(rawOptions(ctx, 0));
}

/** Language, timeout and retry settings for one item's requests. */
export function readRequestSettings(ctx: IExecuteFunctions, itemIndex: number): RequestSettings {
	return requestSettingsOf(rawOptions(ctx, itemIndex));
}
