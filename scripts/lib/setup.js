'use strict';
/**
 * Shared set-up of `npm run demo` (scripts/demo.js) and `npm start` (scripts/start.js):
 * a pinned real n8n (installed on first use), this package packed and installed into a
 * throw-away n8n user folder the way the Community Nodes UI does, the SuperOffice sandbox
 * (test/sandbox, seeded with idle bot sessions) in this process, a "SuperOffice sandbox"
 * credential pointing at it and the example workflows imported with the n8n CLI.
 */
const fs = require('node:fs');
const path = require('node:path');
const { n8nInstance, installedVersions, packRepo, run } = require('../../e2e/lib');
const { createSandbox, parseSoDate } = require('../../test/sandbox');
const { sandboxCredential } = require('../../e2e/workflows/credentials');
const { exampleExists, loadExample, EXAMPLE_PATH } = require('../../e2e/workflows/example');
const { loadIdleExample, IDLE_EXAMPLE_PATH } = require('../../e2e/workflows/idleExample');
const { manualTrigger, superOffice, code, chain } = require('../../e2e/workflows/nodes');

const REPO = path.resolve(__dirname, '..', '..');
/** n8n 2.8.4 runs on the Node that runs this script (20.19+); 2.41.1 needs its packaged Node 24. */
const DEFAULT_VERSION = '2.8.4';
const IDLE_MINUTES = 3;
/** Fixed ids, so the editor URL of each workflow is known before import. */
const WORKFLOW_IDS = Object.freeze({
	runNow: 'SoDemoRerouteNow',
	scheduled: 'SoDemoRerouteSchd',
	resetOne: 'SoDemoResetOne01',
	idleTrigger: 'SoDemoIdleTrigger',
	handOver: 'SoDemoHandOver01',
});
/** The bot session the demo hands over in one step, with a summary (idle 1 minute in the seed). */
const HAND_OVER_SESSION = 901;

function log(...args) {
	console.log(...args);
}

/** `node e2e/install.js <version>` unless that version is installed already (idempotent, bounded). */
async function ensureN8n(version) {
	if (installedVersions().includes(version)) return;
	log(
		`n8n ${version} is not installed yet: installing it into e2e/n8n/${version} (several minutes, once) ...`,
	);
	const r = await run(process.execPath, [path.join(REPO, 'e2e', 'install.js'), version], {
		cwd: REPO,
		timeoutMs: 45 * 60_000,
		onStdout: (s) => process.stdout.write(s),
		onStderr: (s) => process.stderr.write(s),
	});
	if (r.exitCode !== 0 || !installedVersions().includes(version)) {
		throw new Error(
			`installing n8n ${version} failed (exit ${r.exitCode}${r.timedOut ? ', timed out' : ''}); see the output above`,
		);
	}
}

/** Fallback when examples/ has no workflow: Get Many (active, full) → idle bot filter → Reset. */
function fallbackRerouteWorkflow(credential) {
	return chain('SuperOffice: reroute idle bot sessions to a human', [
		manualTrigger('Run now'),
		superOffice(
			'Get active chat sessions',
			{
				operation: 'getMany',
				source: 'archive',
				returnAll: true,
				fullEntities: true,
				filters: { status: ['active'] },
			},
			{ credential },
		),
		code(
			'Keep idle bot sessions',
			`const limit = $now.minus({ minutes: ${IDLE_MINUTES} }).toMillis();\nreturn $input.all().filter((i) => i.json.ChatbotIsActive === true && DateTime.fromISO(String(i.json.WhenIdle || '')).toMillis() < limit);`,
		),
		superOffice(
			'Hand over to a human',
			{ operation: 'reset', chatSessionId: '={{ $json.ChatSessionId }}' },
			{ credential },
		),
	]);
}

/**
 * The workflows to import. `runNow` is what the demo executes (Manual Trigger);
 * `scheduled` is the example exactly as shipped (inactive); `resetOne` resets one session;
 * `idle` is examples/hand-idle-bot-sessions-to-a-human.json (SuperOffice Idle Chat Trigger,
 * every minute; inactive until activated).
 * `handOver` hands one bot session over in one step, with a customer message and a summary.
 * @returns {{ runNow: {workflow, resetNode, name}, idle: {workflow, triggerName, resetNode}, handOver: {workflow, node}, all: object[] }}
 */
function demoWorkflows(credential) {
	let runNow;
	const all = [];
	if (exampleExists()) {
		const { workflow } = loadExample({ id: WORKFLOW_IDS.runNow, credential });
		workflow.name = `${workflow.name} (run now)`;
		const resetNode = workflow.nodes
			.filter(
				(n) => n.type === 'n8n-nodes-superoffice.superOffice' && n.parameters.operation === 'reset',
			)
			.map((n) => n.name)
			.pop();
		runNow = { workflow, resetNode };
		all.push(workflow);
		const shipped = loadExample({
			id: WORKFLOW_IDS.scheduled,
			credential,
			manualTrigger: false,
		}).workflow;
		shipped.name = `${shipped.name} (every 5 minutes, as shipped)`;
		all.push(shipped);
	} else {
		const workflow = fallbackRerouteWorkflow(credential);
		workflow.id = WORKFLOW_IDS.runNow;
		runNow = { workflow, resetNode: 'Hand over to a human' };
		all.push(workflow);
	}
	const one = chain('SuperOffice: reset one chat session', [
		manualTrigger('Run now'),
		superOffice('Get chat session', { operation: 'get', chatSessionId: 901 }, { credential }),
		superOffice(
			'Reset',
			{ operation: 'reset', chatSessionId: '={{ $json.ChatSessionId }}' },
			{ credential },
		),
	]);
	one.id = WORKFLOW_IDS.resetOne;
	all.push(one);
	const idle = loadIdleExample({ id: WORKFLOW_IDS.idleTrigger, credential });
	all.push(idle.workflow);
	const handOver = chain('SuperOffice: hand one chat over with a summary', [
		manualTrigger('Run now'),
		superOffice(
			'Hand over with a summary',
			{
				operation: 'handOver',
				chatSessionId: HAND_OVER_SESSION,
				customerMessage: 'A colleague takes over now, one moment please.',
				summary:
					'The customer asks about an invoice the bot could not find. Please check their account.',
				whenNobodyCanAnswer: 'reset',
			},
			{ credential },
		),
	]);
	handOver.id = WORKFLOW_IDS.handOver;
	all.push(handOver);
	runNow.name = runNow.workflow.name;
	return {
		runNow,
		idle,
		handOver: { workflow: handOver, node: 'Hand over with a summary' },
		all,
	};
}

/** Active bot sessions of the sandbox with their idle minutes, now. */
function botSessions(sandbox) {
	const now = Date.now();
	return [...sandbox.sessions.values()]
		.filter((s) => s.ChatbotIsActive === true)
		.map((s) => ({
			id: s.ChatSessionId,
			status: s.Status,
			idleMinutes: s.WhenIdle ? (now - parseSoDate(s.WhenIdle)) / 60_000 : null,
			customer: s.CustomerName,
		}))
		.sort((a, b) => a.id - b.id);
}

/**
 * Everything up to "n8n is ready to run the workflow".
 * @returns {Promise<{ version, sandbox, inst, credential, workflows, cleanup: () => Promise<void> }>}
 *   cleanup() closes the sandbox, stops n8n and removes the user folder unless keep.
 *   wrongHostPort: the sandbox's wrong-host (421) listener, off unless a port (0 = any free one) is given.
 */
async function prepare({
	version = DEFAULT_VERSION,
	sandboxPort = 0,
	keep = false,
	wrongHostPort = false,
} = {}) {
	await ensureN8n(version);
	const tgz = await packRepo();
	if (!tgz) throw new Error('dist/ is not built: run `npm run build` first');
	let sandbox;
	let inst;
	const cleanup = async () => {
		if (inst) await inst.stop({ cleanup: !keep }).catch(() => undefined);
		if (sandbox) await sandbox.close().catch(() => undefined);
	};
	try {
		sandbox = await createSandbox({ port: sandboxPort, seed: 'default', wrongHostPort });
		log(`SuperOffice sandbox: ${sandbox.webClientUrl} (${sandbox.sessions.size} chat sessions)`);
		inst = n8nInstance({ version });
		log(
			`n8n ${version} on Node ${inst.runtime.nodeVersion}, throw-away user folder ${inst.userFolder}`,
		);
		const pkg = await inst.installPackageTarball(tgz);
		log(
			`installed ${pkg.name}@${pkg.version} (npm pack tarball, as Settings → Community Nodes does)`,
		);
		const credential = sandboxCredential(sandbox.webClientUrl);
		await inst.importCredentials([credential]);
		log(
			`imported credential "${credential.name}" → ${sandbox.webClientUrl} (Basic ${credential.data.username})`,
		);
		const workflows = demoWorkflows({ id: credential.id, name: credential.name });
		await inst.importWorkflows(workflows.all);
		const sources = [exampleExists() ? EXAMPLE_PATH : null, IDLE_EXAMPLE_PATH]
			.filter(Boolean)
			.map((p) => path.relative(REPO, p));
		log(`imported ${workflows.all.length} workflows (from ${sources.join(', ')})`);
		return { version, sandbox, inst, credential, workflows, cleanup };
	} catch (e) {
		await cleanup();
		throw e;
	} finally {
		fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	}
}

module.exports = {
	DEFAULT_VERSION,
	IDLE_MINUTES,
	WORKFLOW_IDS,
	ensureN8n,
	prepare,
	botSessions,
	demoWorkflows,
};
