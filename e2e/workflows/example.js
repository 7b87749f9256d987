'use strict';
/**
 * The shipped example workflow (examples/reroute-idle-bot-sessions.json), prepared for a run
 * without waiting for its schedule: the Schedule Trigger is swapped for a Manual Trigger
 * (in memory; the file is never changed), and the SuperOffice nodes can be pointed at another
 * credential. Used by e2e/superoffice.test.js, scripts/demo.js and scripts/start.js.
 */
const fs = require('node:fs');
const path = require('node:path');
const { node } = require('./nodes');

const EXAMPLE_PATH = path.resolve(
	__dirname,
	'..',
	'..',
	'examples',
	'reroute-idle-bot-sessions.json',
);
const SCHEDULE = 'n8n-nodes-base.scheduleTrigger';
const SUPEROFFICE = 'n8n-nodes-superoffice.superOffice';

function exampleExists() {
	return fs.existsSync(EXAMPLE_PATH);
}

/**
 * @param {object} [opts]
 * @param {string} [opts.id]              workflow id to give it (n8n generates none on CLI import)
 * @param {string} [opts.name]            workflow name (default: the file's)
 * @param {{id: string, name: string}} [opts.credential]  superOfficeApi credential for every SuperOffice node
 * @param {boolean} [opts.manualTrigger=true]  replace every Schedule Trigger with a Manual Trigger
 * @returns {{workflow: object, triggerName: string|null, superOfficeNodes: string[]}}
 */
function loadExample({ id, name, credential, manualTrigger = true } = {}) {
	const wf = JSON.parse(fs.readFileSync(EXAMPLE_PATH, 'utf8'));
	let triggerName = null;
	if (manualTrigger) {
		const renames = new Map();
		wf.nodes = wf.nodes.map((n) => {
			if (n.type !== SCHEDULE) return n;
			const manual = node(
				renames.size ? `Run now ${renames.size + 1}` : 'Run now',
				'n8n-nodes-base.manualTrigger',
				1,
				{},
				{ position: n.position },
			);
			renames.set(n.name, manual.name);
			return manual;
		});
		if (!renames.size) throw new Error(`${EXAMPLE_PATH} has no Schedule Trigger to swap`);
		const connections = {};
		for (const [from, conn] of Object.entries(wf.connections ?? {}))
			connections[renames.get(from) ?? from] = conn;
		wf.connections = connections;
		triggerName = [...renames.values()][0];
	}
	const superOfficeNodes = wf.nodes.filter((n) => n.type === SUPEROFFICE).map((n) => n.name);
	if (credential) {
		for (const n of wf.nodes) {
			if (n.type === SUPEROFFICE)
				n.credentials = { superOfficeApi: { id: credential.id, name: credential.name } };
		}
	}
	if (id) wf.id = id;
	if (name) wf.name = name;
	wf.active = false;
	return { workflow: wf, triggerName, superOfficeNodes };
}

module.exports = { EXAMPLE_PATH, exampleExists, loadExample };
