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

const INCLUDE_TZ_OFFSET = 'includeTZOffset';

/**
 * The SO-TimeZone value with `, includeTZOffset` appended unless it is there already: with a
 * time-zone code alone SuperOffice writes dates as that zone's wall-clock time without an
 * offset, which whoever reads them (a workflow in another zone, the idle trigger) would have to
 * guess. With it, every date names its offset, as it does when no time zone is set.
 */
export function withTimeZoneOffsets(timeZone: string): string {
	const asked = timeZone
		.split(',')
		.some((part) => part.trim().toLowerCase() === INCLUDE_TZ_OFFSET.toLowerCase());
	return asked ? timeZone : `${timeZone}, ${INCLUDE_TZ_OFFSET}`;
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
	if (timeZone !== undefined) headers['SO-TimeZone'] = withTimeZoneOffsets(timeZone);
	return headers;
}
