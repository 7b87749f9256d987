#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the n8n editor with this package, the SuperOffice sandbox, a credential pointing at it
 * and the example workflows, ready to click through.
 *
 *   npm run build && node scripts/start.js [--port 5678] [--version 2.8.4] [--sandbox-port 0] [--keep]
 *
 * Same set-up as `npm run demo` (scripts/demo.js), then `n8n start` on 127.0.0.1:<port>, the owner
 * account set up over REST (the login is printed), and an access log of every call n8n makes to
 * the sandbox. Ctrl-C / SIGTERM stop n8n and the sandbox and remove the throw-away user folder
 * (--keep or START_KEEP=1 keeps it).
 */
const { prepare, DEFAULT_VERSION } = require('./lib/setup');
const { OWNER, arg, port, assertPortFree, stopOnSignals } = require('./lib/cli');
const { commandsFromStdin } = require('../test/sandbox/console');

let ctx = null;
let stopping = false;
let accessLog = null;

async function main() {
	const editorPort = port(arg('port', process.env.PORT || 5678), '--port');
	const sandboxPort = port(arg('sandbox-port', 0), '--sandbox-port');
	const version = arg('version', DEFAULT_VERSION);
	const keep = process.argv.includes('--keep') || process.env.START_KEEP === '1';
	await assertPortFree(editorPort);

	const shutdown = async (reason, code) => {
		if (stopping) return;
		stopping = true;
		if (accessLog) clearInterval(accessLog);
		console.log(`\n${reason}: stopping n8n and the sandbox ...`);
		if (ctx) await ctx.cleanup();
		if (ctx && keep) console.log(`kept the n8n user folder ${ctx.inst.userFolder}`);
		console.log('stopped.');
		process.exit(code);
	};
	stopOnSignals((reason) => shutdown(reason, 0));

	ctx = await prepare({ version, sandboxPort, keep });
	if (stopping) return;
	const { sandbox, inst, credential, workflows } = ctx;
	console.log(`starting the n8n editor on http://127.0.0.1:${editorPort} (about 10-20 s) ...`);
	const server = await inst.startServer({
		port: editorPort,
		owner: OWNER,
		readyTimeoutMs: 180_000,
	});
	if (stopping) return;
	const list = await server.request('GET', '/rest/workflows');
	const names = new Map((list.json?.data ?? []).map((w) => [w.id, w.name]));
	const runNow = workflows.runNow.workflow;
	const lines = [
		'',
		`n8n ${version} with n8n-nodes-superoffice is running.`,
		'',
		`  1. open      ${server.url}`,
		`  2. sign in   ${OWNER.email}  /  ${OWNER.password}`,
		`  3. open the workflow "${runNow.name}"`,
		`               ${server.url}/workflow/${runNow.id}`,
		'  4. click     Execute workflow',
		'',
		'     The bot sessions idle more than 3 minutes get a message and go back to the queue; click the',
		`     "${workflows.runNow.resetNode}" node to see the returned ChatSessionEntity items.`,
		'',
		'Other workflows:',
		...workflows.all
			.filter((w) => w.id !== runNow.id)
			.map((w) => `  - ${names.get(w.id) ?? w.name}: ${server.url}/workflow/${w.id}`),
		'',
		`The SuperOffice Idle Chat Trigger: open "${workflows.idle.workflow.name}", click "Fetch Test Event" on`,
		`"${workflows.idle.triggerName}" to see the idle bot sessions, or activate the workflow: it then polls every`,
		'minute and hands each session that has been idle for more than 3 minutes to a human, once.',
		'',
		`Credential "${credential.name}" (SuperOffice API, Basic ${credential.data.username}) → ${sandbox.webClientUrl}`,
		`Sandbox control: ${sandbox.controlUrl}/  (fresh sessions: curl -X POST ${sandbox.controlUrl}/reseed -H 'content-type: application/json' -d '{"seed":"default"}')`,
		`n8n user folder: ${inst.userFolder}${keep ? ' (kept)' : ' (removed on exit)'}`,
		'',
		'Be a customer of the sandbox here: "say 902 Where is my parcel?", "click 902 2" (every chat',
		'message is printed, so an n8n chatbot\'s replies show); "bot on" makes its own bot answer.',
		'Calls n8n makes to the sandbox are listed below. Ctrl-C stops n8n and the sandbox.',
		'',
	];
	if (names.size && !names.has(runNow.id))
		lines.push(`warning: /rest/workflows does not list ${runNow.id}`);
	console.log(lines.join('\n'));

	commandsFromStdin(sandbox);

	// Access log: method, path, status; never headers, query strings or bodies.
	sandbox.clearRequests();
	const printed = new WeakSet();
	accessLog = setInterval(() => {
		for (const q of sandbox.requests) {
			if (q.endedAt === null || printed.has(q)) continue;
			printed.add(q);
			console.log(
				`sandbox: ${q.method} ${q.apiPath ?? q.path} → ${q.status ?? 'connection reset'} (${q.endedAt - q.startedAt} ms)`,
			);
		}
		if (sandbox.requests.length > 10_000) sandbox.clearRequests();
	}, 250);

	const exited = await server.proc.exited;
	if (!stopping) {
		const { stdout, stderr } = server.logs();
		console.error(
			`n8n exited on its own (code ${exited.exitCode}, signal ${exited.signal})\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`,
		);
		await shutdown('n8n exited', 1);
	}
}

main().catch(async (e) => {
	console.error(`start failed: ${e && e.message ? e.message : e}`);
	if (ctx && !stopping) {
		stopping = true;
		await ctx.cleanup();
	}
	process.exit(1);
});
