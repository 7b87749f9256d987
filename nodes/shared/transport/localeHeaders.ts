import type { IDataObject } from 'n8n-workflow';

import { optionalHeaderValue } from '../input/headerValues';

/** The per-node `Options` that shape SuperOffice's answers. */
export interface LocaleOptions {
	language?: string;
	culture?: string;
	timeZone?: string;
}

function pick(nodeValue: unknown, credentialValue: unknown, label: string): string | undefined {
	return optionalHeaderValue(nodeValue, label) ?? optionalHeaderValue(credentialValue, label);
}

/**
 * Language, culture and time zone resolve as "node option, else credential, else nothing",
 * in this one place, so every operation sends the same headers.
 * Language goes into both Accept-Language and SO-Language (SO-Language wins on the server).
 */
export function localeHeaders(
	options: LocaleOptions,
	credentials: IDataObject,
): Record<string, string> {
	const headers: Record<string, string> = {};
	const language = pick(options.language, credentials.language, 'Language');
	const culture = pick(options.culture, credentials.culture, 'Culture');
	const timeZone = pick(options.timeZone, credentials.timeZone, 'Time Zone');

	if (language !== undefined) {
		headers['Accept-Language'] = language;
		headers['SO-Language'] = language;
	}
	if (culture !== undefined) headers['SO-Culture'] = culture;
	if (timeZone !== undefined) headers['SO-TimeZone'] = timeZone;
	return headers;
}
