import type { INodeProperties } from 'n8n-workflow';

/** Language, culture and time-zone defaults: the same fields on both SuperOffice credentials. */
export const localeCredentialProperties: INodeProperties[] = [
	{
		displayName: 'Language',
		name: 'language',
		type: 'string',
		default: '',
		placeholder: 'e.g. en',
		description:
			'Default language of translated texts (Accept-Language and SO-Language), as an ISO 639-1 code such as en, sv or no. Nodes can override it.',
	},
	{
		displayName: 'Culture',
		name: 'culture',
		type: 'string',
		default: '',
		placeholder: 'e.g. en',
		description:
			'Default number and date formatting (SO-Culture). Only used when a language is set.',
	},
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'e.g. UTC',
		description:
			'Default SuperOffice time-zone code for returned dates (SO-TimeZone), e.g. UTC, NO, US-NY. Not an IANA name. Dates always carry their offset (", includeTZOffset" is added).',
	},
];
