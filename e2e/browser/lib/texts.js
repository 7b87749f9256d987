'use strict';
/**
 * What a user reads in the editor: the display texts the browser tests look for. Kept in one
 * place so a renamed field or message is one edit here.
 */
const { cmpSemver } = require('../../lib/runtime');

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

/**
 * What the credential test shows per broken setting: the credential's own rule texts where the
 * n8n release hands the HTTP status to the rules (2.41), else n8n's generic text for the status
 * (docs/credential-test.md).
 */
const CREDENTIAL_FAILURES = Object.freeze({
	byRules: Object.freeze({
		wrongPassword:
			/SuperOffice rejected the credential \(HTTP 401\)\. Check the user name and password/,
		wrongHost:
			/Wrong SuperOffice Online host \(HTTP 421 Misdirected Request\)\. Set Base URL to the numbered tenant host/,
		wrongPath: /No SuperOffice API at this Base URL \(HTTP 404\)\. Check the host and the path/,
	}),
	byN8n: Object.freeze({
		wrongPassword: /Authorization failed - please check your credentials/,
		wrongHost: /Your request is invalid or could not be processed by the service/,
		wrongPath: /The resource you are requesting could not be found/,
	}),
});

/** The texts a credential test failure shows in this n8n release (rule texts from 2.41 on). */
function credentialFailuresIn(version) {
	return cmpSemver(version, '2.41.0') >= 0
		? CREDENTIAL_FAILURES.byRules
		: CREDENTIAL_FAILURES.byN8n;
}

/**
 * The nodes panel's entries when searching "SuperOffice". n8n lists an app's trigger together
 * with its node, under the node's name: "SuperOffice" holds the SuperOffice Trigger's events and
 * the node's actions.
 */
const NODES_PANEL = Object.freeze({
	search: 'SuperOffice',
	entries: ['SuperOffice', 'SuperOffice Idle Chat Trigger'],
	/**
	 * A community node's entry opens n8n's "Node details" view: its actions, or (a node without
	 * actions, e.g. the Idle Chat Trigger) the node with this button.
	 */
	addToWorkflow: 'Add to workflow',
});

/** The SuperOffice Trigger's events, as the nodes panel lists them ("On" + the event's name). */
const WEBHOOK_TRIGGER = Object.freeze({
	panelEntry: 'SuperOffice',
	events: ['On chat session changed', 'On chat session created', 'On chat session message'],
	triggerGroup: /^Triggers \(3\)$/,
});

const NODE = Object.freeze({
	displayName: 'SuperOffice',
	/**
	 * The heading over the node's actions: n8n names the resource ("Chat Session") when a node has
	 * several, and shows "Actions (n)" for a node with one resource.
	 */
	actionGroups: [/^Chat Session/, /^Actions \(\d+\)$/],
	/**
	 * The action texts of the nodes panel, in the order of the Operation options: alphabetical,
	 * as n8n's lint rules ask. Reset is the default operation, not the first action.
	 */
	actions: [
		'Add a message to a chat session',
		'Get a chat session',
		'Get many chat sessions',
		'Get the messages of a chat session',
		'Hand a chatbot session over to a human',
		'Reset a chat session to hand it to a human',
		'Transfer a chat session to a user',
		'Update a chat session',
	],
	/** The action the Reset operation is listed as. */
	resetAction: 'Reset a chat session to hand it to a human',
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
			'Quick Replies',
			'Mark as Bot Message',
			'Options',
		],
		'Get Messages': ['Chat Session ID', 'Format', 'After Message ID', 'Options'],
		'Hand Over': [
			'Chat Session ID',
			'Customer Message',
			'Summary',
			'When Nobody Can Answer',
			'Options',
		],
		Update: ['Chat Session ID', 'Update Fields', 'Options'],
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
	credentialFailuresIn,
	NODES_PANEL,
	WEBHOOK_TRIGGER,
	NODE,
};
