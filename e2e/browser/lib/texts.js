'use strict';
/**
 * What a user reads in the editor: the display texts the browser tests look for. Kept in one
 * place so a renamed field or message is one edit here.
 */

/** Credential "SuperOffice API": the TLS switch (its stored name is allowUnauthorizedCerts). */
const IGNORE_SSL_LABEL = 'Ignore SSL Issues (Insecure)';

const API_CREDENTIAL = Object.freeze({
	typeName: 'SuperOffice API',
	/** Visible fields per Authentication Scheme option, in form order. */
	fieldsByScheme: Object.freeze({
		'Basic (User Name and Password)': [
			'Base URL',
			'Authentication Scheme',
			'User Name',
			'Password',
			'App Token',
			IGNORE_SSL_LABEL,
		],
		SoTicket: ['Base URL', 'Authentication Scheme', 'Ticket', 'App Token', IGNORE_SSL_LABEL],
		'Bearer (Access Token)': [
			'Base URL',
			'Authentication Scheme',
			'Access Token',
			'App Token',
			IGNORE_SSL_LABEL,
		],
	}),
	/** Fields every scheme shows (language defaults), matched as a subset. */
	localeFields: ['Language', 'Culture', 'Time Zone'],
	/** Fields n8n adds to every credential form by itself (2.x). */
	n8nFields: ['Allowed HTTP Request Domains'],
});

const OAUTH2_CREDENTIAL = Object.freeze({
	typeName: 'SuperOffice OAuth2 API',
	fields: ['Environment', 'Base URL', 'Client ID', 'Client Secret', 'App Token'],
	redirectLabel: 'OAuth Redirect URL',
});

/** n8n's own texts around a credential test. */
const CREDENTIAL_TEST = Object.freeze({
	success: 'Connection tested successfully',
	failure: /Couldn.t connect with these settings/, // 2.8 writes Couldn’t
});

/** What the node's credential test explains, per broken setting (see shared/errors.ts). */
const CREDENTIAL_FAILURES = Object.freeze({
	wrongPassword: /Could not sign in to SuperOffice: .*\(HTTP 401\)/,
	wrongHost: /Could not sign in to SuperOffice: .*\(HTTP 421\)/,
	wrongPath: /Could not sign in to SuperOffice: .*\(HTTP 404\)/,
});

const NODE = Object.freeze({
	displayName: 'SuperOffice',
	/**
	 * The heading over the node's actions: n8n names the resource ("Chat Session") when a node has
	 * several, and shows "Actions (n)" for a node with one resource.
	 */
	actionGroups: [/^Chat Session/, /^Actions \(\d+\)$/],
	/** The action texts of the nodes panel, Reset first. */
	actions: [
		'Reset a chat session to hand it to a human',
		'Add a message to a chat session',
		'Get a chat session',
		'Get many chat sessions',
		'Transfer a chat session to a user',
	],
	operationLabel: 'Operation',
	/** Visible parameters per operation (besides Credential, Authentication, Resource, Operation). */
	fieldsByOperation: Object.freeze({
		Reset: ['Chat Session ID', 'Options'],
		Get: ['Chat Session ID', 'Options'],
		'Transfer To': ['Chat Session ID', 'To User Name or ID', 'Options'],
		'Add Message': [
			'Chat Session ID',
			'Message',
			'Author',
			'Message Type',
			'Mark as Bot Message',
			'Options',
		],
		'Get Many': [
			'Source',
			'Return All',
			'Limit',
			'Return Full Chat Sessions',
			'Filters',
			'Options',
		],
	}),
	options: [
		'Concurrency',
		'Culture',
		'Language',
		'Max Retries',
		'Max Retry Wait (Ms)',
		'Time Zone',
		'Timeout (Ms)',
	],
	/** n8n's own entry some versions add to a pick list. */
	pickListExpression: 'Specify an ID using an expression',
});

module.exports = {
	IGNORE_SSL_LABEL,
	API_CREDENTIAL,
	OAUTH2_CREDENTIAL,
	CREDENTIAL_TEST,
	CREDENTIAL_FAILURES,
	NODE,
};
