#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: the example workflow in a real n8n against the SuperOffice sandbox, once, headless.
 *
 *   npm run build && node scripts/demo.js [--version 2.8.4]
 *
 * Installs n8n 2.8.4 into e2e/n8n/ if needed, packs this package, starts the sandbox (seeded: bot
 * sessions idle 1, 2, 4, 6, 10 and 30 minutes, human-handled and queued sessions, history), installs
 * the tarball into a throw-away n8n user folder, imports a "SuperOffice sandbox" credential and the
 * example workflow (examples/reroute-idle-bot-sessions.json, Schedule Trigger swapped for a Manual
 * Trigger), runs it with `n8n execute`, prints the availability check of each session's topic
 * (Chat Topic → Get Availability) and the chat sessions it handed to a human, and exits 0
 * (1 on failure). Then the same hand-over by the SuperOffice Idle Chat Trigger: fresh sessions,
 * `n8n start`, examples/hand-idle-bot-sessions-to-a-human.json activated over REST, and the
 * sessions its first poll handed to a human. Last, Chat Session → Hand Over hands one bot session
 * over in one step with a summary (a request holding it, linked to the session). Always closes the sandbox and removes the user
 * folder (DEMO_KEEP=1 keeps it).
 */
const path = require('node:path');
const { prepare, botSessions, DEFAULT_VERSION, IDLE_MINUTES } = require('./lib/setup');

function arg(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The idle example as an active workflow: n8n start, activate over REST (its first poll runs at
 * once), wait for that execution and return the ChatSessionEntity items its Reset node output.
 */
async function runIdleTrigger({ sandbox, inst, workflows }) {
	const { workflow, resetNode } = workflows.idle;
	const server = await inst.startServer({ readyTimeoutMs: 300_000 });
	const rest = async (method, p, body) => {
		const r = await server.request(method, p, body);
		if (r.status < 200 || r.status > 299)
			throw new Error(`${method} ${p}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
		return r.json?.data ?? r.json;
	};
	try {
		// Fresh sessions right before activation: the seed's idle times count from now.
		sandbox.reseed('default');
		sandbox.clearRequests();
		const wf = await rest('GET', `/rest/workflows/${workflow.id}`);
		await rest('POST', `/rest/workflows/${workflow.id}/activate`, { versionId: wf.versionId });
		const filter = encodeURIComponent(JSON.stringify({ workflowId: workflow.id }));
		const deadline = Date.now() + 120_000;
		for (;;) {
			const done = (await rest('GET', `/rest/executions?filter=${filter}&limit=10`)).results.find(
				(e) => ['success', 'error', 'crashed'].includes(e.status),
			);
			if (done) {
				const execution = await rest('GET', `/rest/executions/${done.id}`);
				const flatted = require(path.join(inst.runtime.dir, 'node_modules', 'flatted'));
				const data =
					typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
				if (execution.status !== 'success')
					throw new Error(
						`the idle example failed: ${data?.resultData?.error?.message ?? execution.status}`,
					);
				const items = (data.resultData.runData[resetNode]?.at(-1)?.data?.main?.[0] ?? []).map(
					(it) => it.json,
				);
				await rest('POST', `/rest/workflows/${workflow.id}/deactivate`, {}).catch(() => undefined);
				return items;
			}
			if (Date.now() > deadline)
				throw new Error('the Idle Chat Trigger started no execution within 120 s of activation');
			await sleep(500);
		}
	} finally {
		await inst.stop();
	}
}

/**
 * Chat Session → Hand Over in one step: it checks the topic, tells the customer, files a request
 * with the summary (internal) and the transcript, links it and Resets. Prints what it did.
 */
async function runHandOver({ sandbox, inst, workflows }) {
	const { workflow, node } = workflows.handOver;
	console.log(`\nOne step: "${workflow.name}" (Chat Session → Hand Over with a summary) ...`);
	sandbox.clearRequests();
	const r = await inst.execute(workflow.id, { rawOutput: true, timeoutMs: 180_000 });
	if (r.error || r.exitCode !== 0)
		throw new Error(`the hand-over failed (exit ${r.exitCode}): ${r.error ?? 'no error message'}`);
	const item = (r.items[node] ?? [])[0];
	if (!item?.handOver) throw new Error('Hand Over output no item with handOver');
	const calls = sandbox.requests.map((q) => `  ${q.method} ${q.apiPath ?? q.path} → ${q.status}`);
	console.log(`n8n called the sandbox ${calls.length} times:\n${calls.join('\n')}`);
	const { outcome, agentsAvailable, topicOpen, requestId } = item.handOver;
	console.log(
		`\nChat session ${item.ChatSessionId}: outcome ${outcome} (topic open: ${topicOpen}, agents available: ${agentsAvailable}), status ${item.Status}, request ${requestId}`,
	);
	const messages = requestId ? sandbox.state.tickets.messagesOf(requestId) : [];
	console.log(
		table(messages, [
			['Request message', (m) => m.TicketMessageId],
			['Visibility', (m) => m.Slevel],
			[
				'Text',
				(m) =>
					String(m.Body ?? '')
						.replace(/\s+/g, ' ')
						.slice(0, 90),
			],
		]),
	);
	if (outcome !== 'queued' || !messages.length)
		throw new Error(`the hand-over did not queue the session with a request (outcome ${outcome})`);
}

function table(rows, columns) {
	const widths = columns.map(([title, get]) =>
		Math.max(title.length, ...rows.map((r) => String(get(r)).length)),
	);
	const line = (cells) =>
		`  ${cells.map((c, i) => String(c).padEnd(widths[i])).join('  ')}`.trimEnd();
	return [
		line(columns.map(([t]) => t)),
		line(widths.map((w) => '-'.repeat(w))),
		...rows.map((r) => line(columns.map(([, get]) => get(r)))),
	].join('\n');
}

async function main() {
	const keep = process.env.DEMO_KEEP === '1';
	const started = Date.now();
	const ctx = await prepare({ version: arg('version', DEFAULT_VERSION), keep });
	let stopping = false;
	const onSignal = async (signal) => {
		if (stopping) process.exit(1);
		stopping = true;
		console.error(`\n${signal}: cleaning up ...`);
		await ctx.cleanup();
		process.exit(1);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	try {
		const { sandbox, inst, workflows } = ctx;
		const bots = botSessions(sandbox);
		console.log(`\nBefore: ${bots.length} chat sessions with the bot in charge:`);
		console.log(
			table(bots, [
				['ChatSessionId', (b) => b.id],
				['Status', (b) => b.status],
				['idle', (b) => `${b.idleMinutes.toFixed(1)} min`],
				['Customer', (b) => b.customer],
			]),
		);
		console.log(
			`\nRunning "${workflows.runNow.name}" (bot sessions idle more than ${IDLE_MINUTES} minutes go to a human) ...`,
		);
		sandbox.clearRequests();
		const r = await inst.execute(workflows.runNow.workflow.id, {
			rawOutput: true,
			timeoutMs: 180_000,
		});
		if (r.error || r.exitCode !== 0) {
			throw new Error(
				`the workflow failed (exit ${r.exitCode}): ${r.error ?? 'no error message'}\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`,
			);
		}
		const items = r.items[workflows.runNow.resetNode] ?? [];
		const calls = sandbox.requests.map((q) => `${q.method} ${q.apiPath ?? q.path} → ${q.status}`);
		console.log(
			`\nn8n called the sandbox ${calls.length} times:\n${calls.map((c) => `  ${c}`).join('\n')}`,
		);
		// Before handing over, the example looked at each session's topic: can someone answer now?
		const checkNode = workflows.runNow.workflow.nodes.find(
			(n) => n.parameters?.operation === 'getAvailability',
		)?.name;
		const checks = checkNode ? (r.items[checkNode] ?? []) : [];
		const topics = [...new Map(checks.map((j) => [j.chatTopicId, j])).values()];
		console.log(
			`\n"${checkNode}" (Chat Topic → Get Availability) checked ${checks.length} session(s) in ${topics.length} topic(s) first:`,
		);
		console.log(
			table(topics, [
				['Topic', (j) => `${j.name} (${j.chatTopicId})`],
				['isOpen', (j) => j.isOpen],
				['agentsPresent', (j) => j.agentsPresent],
				['agentsAvailable', (j) => j.agentsAvailable],
				['inQueue', (j) => j.inQueue],
				['canAnswer', (j) => j.canAnswer],
				[
					'agents',
					(j) =>
						j.agents
							.map(
								(a) => `${a.name}${a.present ? '' : ' (away)'}${a.canRespond ? '' : ' (listens)'}`,
							)
							.join(', '),
				],
			]),
		);
		if (!topics.length)
			throw new Error('the example checked no topic before handing sessions over');
		console.log(
			`\n"${workflows.runNow.resetNode}" output ${items.length} ChatSessionEntity item(s), handed to a human (topics that can answer):`,
		);
		console.log(
			table(items, [
				['ChatSessionId', (j) => j.ChatSessionId],
				['Status', (j) => j.Status],
				['ChatbotIsActive', (j) => j.ChatbotIsActive],
				['Customer', (j) => j.CustomerName || '(none)'],
				['WhenIdle', (j) => j.WhenIdle],
			]),
		);
		if (!items.length)
			throw new Error(
				'no chat session was handed over, but the sandbox was seeded with idle bot sessions',
			);
		const failed = items.filter((j) => j.error);
		if (failed.length)
			throw new Error(`${failed.length} item(s) failed: ${failed.map((j) => j.error).join('; ')}`);
		console.log(
			`\nThe same with the SuperOffice Idle Chat Trigger: fresh sessions, "${workflows.idle.workflow.name}" activated in n8n ...`,
		);
		const handed = await runIdleTrigger(ctx);
		const calls2 = sandbox.requests.map((q) => `${q.method} ${q.apiPath ?? q.path} → ${q.status}`);
		console.log(
			`\nIts first poll and the workflow called the sandbox ${calls2.length} times (the archive's ids, the sessions of the current user, a read of each active session that list lacks, then per session the availability check and the hand-over):`,
		);
		console.log(calls2.map((c) => `  ${c}`).join('\n'));
		console.log(
			`\n"${workflows.idle.resetNode}" handed ${handed.length} idle bot session(s) to a human:`,
		);
		console.log(
			table(handed, [
				['ChatSessionId', (j) => j.ChatSessionId],
				['Status', (j) => j.Status],
				['ChatbotIsActive', (j) => j.ChatbotIsActive],
				['Customer', (j) => j.CustomerName || '(none)'],
			]),
		);
		if (!handed.length)
			throw new Error(
				'the Idle Chat Trigger handed over no chat session, but the sandbox was seeded with idle bot sessions',
			);
		await runHandOver(ctx);
		console.log(
			`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s (the first workflow run itself: ${(r.durationMs / 1000).toFixed(1)} s).`,
		);
		if (keep) console.log(`DEMO_KEEP=1: n8n user folder kept at ${inst.userFolder}`);
	} finally {
		await ctx.cleanup();
	}
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(`\ndemo failed: ${e && e.message ? e.message : e}`);
		process.exit(1);
	},
);
