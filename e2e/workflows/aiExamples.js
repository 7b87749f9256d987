'use strict';
/**
 * The shipped AI examples (examples/ai-*.json) prepared for a test run: their credentials pointed
 * at the ones a test created, webhook paths and ids of their own; and the OpenAI credential that
 * points n8n's OpenAI Chat Model at the stand-in for the model (test/modelStub). The files are
 * never changed.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const AI_AGENT_EXAMPLE = path.join(EXAMPLES, 'ai-agent-hands-over-with-summary.json');
const CHATBOT_EXAMPLE = path.join(EXAMPLES, 'ai-chatbot-with-human-hand-over.json');
/** The stand-in's API key: no real key, and a secret the tests look for in n8n's outputs. */
const STUB_KEY = 'sk-stand-in-for-the-model-not-a-real-key';

/**
 * n8n's OpenAI credential for the stand-in for the model at `baseUrl` (its `url` is the Base URL).
 * @param {string} baseUrl
 * @param {string} name
 */
function openAiStandIn(baseUrl, name) {
	return {
		name,
		type: 'openAiApi',
		data: { apiKey: STUB_KEY, organizationId: '', url: baseUrl, header: false },
	};
}

/**
 * An AI example with its credentials replaced. `webhookPath` sets a Webhook node's path;
 * trigger nodes get fresh webhook ids, so no two copies share a URL.
 * @param {string} file
 * @param {{ superOffice: {id, name}, openAi: {id, name}, webhookPath?: string }} opts
 */
function loadAiExample(file, { superOffice, openAi, webhookPath }) {
	const wf = JSON.parse(fs.readFileSync(file, 'utf8'));
	for (const n of wf.nodes) {
		if (n.credentials?.superOfficeApi)
			n.credentials.superOfficeApi = { id: superOffice.id, name: superOffice.name };
		if (n.credentials?.openAiApi) n.credentials.openAiApi = { id: openAi.id, name: openAi.name };
		if (n.type === 'n8n-nodes-base.webhook' && webhookPath) n.parameters.path = webhookPath;
		else if (n.webhookId) n.webhookId = crypto.randomUUID();
	}
	return wf;
}

module.exports = { AI_AGENT_EXAMPLE, CHATBOT_EXAMPLE, STUB_KEY, openAiStandIn, loadAiExample };
