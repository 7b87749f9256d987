import type { IDataObject } from 'n8n-workflow';

import { withoutSessionKey } from './sessionKey';

/** An OData page of results as the operations read it. */
export interface ResultPage {
	/** The page's rows that are JSON objects, in order (nothing else can become an item), without SessionKey. */
	rows: IDataObject[];
	/** How many rows the server sent, objects or not: where the next page starts ($skip). */
	rowsSent: number;
	/** The page's `odata.nextLink`, when it is a text. */
	nextLink?: string;
}

export function isJsonObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The page the server sent (a JSON object), as its rows, their count and its next link. */
export function toResultPage(page: IDataObject, seen?: (sessionKey: string) => void): ResultPage {
	const sent: unknown[] = Array.isArray(page.value) ? page.value : [];
	const nextLink = page['odata.nextLink'];
	return {
		rows: sent.filter(isJsonObject).map((row) => withoutSessionKey(row, seen)),
		rowsSent: sent.length,
		...(typeof nextLink === 'string' ? { nextLink } : {}),
	};
}
