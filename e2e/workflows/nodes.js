'use strict';
/**
 * Small builders for n8n workflow JSON (what `n8n import:workflow` reads), so tests and
 * scripts describe workflows in a few lines. Plain CommonJS, no dependencies.
 */
const crypto = require('node:crypto');

const SUPEROFFICE = 'n8n-nodes-superoffice.superOffice';

function node(name, type, typeVersion, parameters = {}, extra = {}) {
	return {
		parameters,
		id: crypto.randomUUID(),
		name,
		type,
		typeVersion,
		position: [0, 0],
		...extra,
	};
}

function manualTrigger(name = 'Start') {
	return node(name, 'n8n-nodes-base.manualTrigger', 1);
}

/** A Code node ("Run Once for All Items") returning `jsCode`'s items. */
function code(name, jsCode) {
	return node(name, 'n8n-nodes-base.code', 2, { jsCode });
}

/** A Code node that outputs one item `{ id }` per value (values are JSON-serialised into the code). */
function idItems(name, ids) {
	return code(name, `return ${JSON.stringify(ids)}.map((id) => ({ json: { id } }));`);
}

/**
 * A SuperOffice node. `credential` is `{ id, name }` of a credential; its `type`
 * (`superOfficeApi`, the default, or `superOfficeOAuth2Api`) sets the node's Authentication
 * parameter and the key under `credentials`. `continueOnFail` sets Settings → On Error →
 * Continue (regular output).
 */
function superOffice(name, parameters, { credential, continueOnFail = false } = {}) {
	const extra = {};
	const credentialType = credential?.type ?? 'superOfficeApi';
	if (credential)
		extra.credentials = { [credentialType]: { id: credential.id, name: credential.name } };
	if (continueOnFail) extra.onError = 'continueRegularOutput';
	return node(
		name,
		SUPEROFFICE,
		1,
		{ authentication: credentialType, resource: 'chatSession', options: {}, ...parameters },
		extra,
	);
}

/** Chat Session → Reset of one id (a number or an expression such as '={{ $json.id }}'). */
function reset(name, chatSessionId, opts = {}) {
	const { options = {}, ...rest } = opts;
	return superOffice(name, { operation: 'reset', chatSessionId, options }, rest);
}

/** A workflow whose nodes run one after the other, in the given order. */
function chain(name, nodes) {
	const connections = {};
	nodes.forEach((n, i) => {
		n.position = [i * 220, 0];
		if (i > 0)
			connections[nodes[i - 1].name] = { main: [[{ node: n.name, type: 'main', index: 0 }]] };
	});
	return {
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

module.exports = { SUPEROFFICE, node, manualTrigger, code, idItems, superOffice, reset, chain };
