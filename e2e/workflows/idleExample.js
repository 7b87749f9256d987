'use strict';
/**
 * The shipped example examples/hand-idle-bot-sessions-to-a-human.json (SuperOffice Idle Chat
 * Trigger → Add Message → Reset), prepared for a run: its SuperOffice nodes pointed at a
 * credential, and optionally other poll times (in memory; the file is never changed).
 * Used by e2e/idleTrigger.test.js, scripts/demo.js and scripts/start.js.
 */
const fs = require('node:fs');
const path = require('node:path');

const IDLE_EXAMPLE_PATH = path.resolve(
	__dirname,
	'..',
	'..',
	'examples',
	'hand-idle-bot-sessions-to-a-human.json',
);
const IDLE_TRIGGER = 'n8n-nodes-superoffice.superOfficeIdleChatTrigger';
const SUPEROFFICE = 'n8n-nodes-superoffice.superOffice';

/**
 * @param {object} [opts]
 * @param {string} [opts.id]                 workflow id (default: the file's)
 * @param {string} [opts.name]               workflow name (default: the file's)
 * @param {{id: string, name: string}} [opts.credential]  superOfficeApi credential for every SuperOffice node
 * @param {object} [opts.pollTimes]          the trigger's pollTimes instead of the file's (every minute)
 * @returns {{workflow: object, triggerName: string, resetNode: string, messageNode: string}}
 */
function loadIdleExample({ id, name, credential, pollTimes } = {}) {
	const wf = JSON.parse(fs.readFileSync(IDLE_EXAMPLE_PATH, 'utf8'));
	const trigger = wf.nodes.find((n) => n.type === IDLE_TRIGGER);
	if (!trigger) throw new Error(`${IDLE_EXAMPLE_PATH} has no SuperOffice Idle Chat Trigger`);
	if (pollTimes) trigger.parameters.pollTimes = pollTimes;
	const superOffice = wf.nodes.filter((n) => n.type === SUPEROFFICE);
	if (credential) {
		for (const n of [trigger, ...superOffice])
			n.credentials = { superOfficeApi: { id: credential.id, name: credential.name } };
	}
	if (id) wf.id = id;
	if (name) wf.name = name;
	wf.active = false;
	const byOperation = (operation) =>
		superOffice.find((n) => n.parameters.operation === operation)?.name;
	return {
		workflow: wf,
		triggerName: trigger.name,
		resetNode: byOperation('reset'),
		messageNode: byOperation('addMessage'),
	};
}

/**
 * Poll times that fire every `seconds` seconds (a divisor of 60), for tests only: a custom
 * six-field cron whose seconds field lists the instants, which n8n accepts (it refuses only a
 * "*" in the seconds field). Users get n8n's minute-based choices.
 */
function pollEverySeconds(seconds) {
	const instants = Array.from({ length: 60 / seconds }, (_v, i) => i * seconds).join(',');
	return { item: [{ mode: 'custom', cronExpression: `${instants} * * * * *` }] };
}

module.exports = { IDLE_EXAMPLE_PATH, loadIdleExample, pollEverySeconds };
