#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Start the sandbox from a shell:
 *   node test/sandbox/cli.js [--port 8787] [--host 127.0.0.1] [--tenant Cust12345]
 *        [--seed default|empty] [--latency 10] [--jitter 0] [--require-app-token all|soTicket]
 *        [--agents-unavailable] [--absent user[,user…]] [--token-lifetime s]
 *        [--expired-status 401|403] [--rotate-refresh-tokens] [--wrong-host-port n|off] [--json] [--quiet]
 * While it runs, lines typed on stdin switch presence (`absent anna.agent`, `present 12`, `agents`)
 * and let you be a customer: `say 901 I need help`, `click 901 2`, `bot on|off`; every message
 * added to a chat is printed, so the replies of an n8n chatbot show here.
 * Prints the base URL, the demo credentials it accepts, the control endpoints and finally
 * `SANDBOX_READY <webClientUrl>`. With --json the details are one JSON line instead (followed by
 * the SANDBOX_READY line). Ctrl-C / SIGTERM close it. Request headers are never printed.
 */
const { createSandbox, SANDBOX_DEFAULTS } = require('./index');
const { commandsFromStdin, presentNames } = require('./console');

const USAGE = `usage: node test/sandbox/cli.js [--port 8787] [--host 127.0.0.1] [--tenant Cust12345]
       [--seed default|empty] [--latency ms] [--jitter ms] [--require-app-token all|soTicket]
       [--agents-unavailable] [--absent user[,user…]] [--token-lifetime s]
       [--expired-status 401|403] [--rotate-refresh-tokens] [--wrong-host-port n|off] [--json] [--quiet]
While it runs: type "absent <user>", "present <user>" or "agents" (user name or associate id);
"say <session> <text>" or "click <session> <option>" to write as the customer; "bot on|off".`;

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {{ port: number, host: string, tenant: string, seed: 'default' | 'empty', latency: number, jitter: number, requireAppToken: boolean | 'soTicket', agentsAvailable: boolean, absent: string[], json: boolean, quiet: boolean, tokenLifetime: number | undefined, expiredStatus: 401 | 403 | undefined, rotateRefreshTokens: boolean, wrongHostPort: number | false }} */
	const o = {
		port: 8787,
		host: SANDBOX_DEFAULTS.host,
		tenant: SANDBOX_DEFAULTS.tenant,
		seed: 'default',
		latency: 0,
		jitter: 0,
		requireAppToken: false,
		agentsAvailable: true,
		absent: [],
		json: false,
		quiet: false,
		tokenLifetime: undefined,
		expiredStatus: undefined,
		rotateRefreshTokens: false,
		wrongHostPort: 0,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.includes('=')
			? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
			: [arg, undefined];
		const value = () => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		/** @param {string} v */
		const int = (v) => {
			if (!/^\d+$/.test(v)) throw new Error(`${flag} needs a non-negative integer`);
			return Number(v);
		};
		switch (flag) {
			case '--port':
				o.port = int(value());
				break;
			case '--host':
				o.host = value();
				break;
			case '--tenant':
				o.tenant = value();
				break;
			case '--seed': {
				const v = value();
				if (v !== 'default' && v !== 'empty') throw new Error('--seed must be default or empty');
				o.seed = v;
				break;
			}
			case '--latency':
				o.latency = int(value());
				break;
			case '--jitter':
				o.jitter = int(value());
				break;
			case '--require-app-token': {
				const v = inline ?? (argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'all');
				if (v !== 'all' && v !== 'soTicket')
					throw new Error('--require-app-token must be all or soTicket');
				o.requireAppToken = v === 'all' ? true : 'soTicket';
				break;
			}
			case '--agents-unavailable':
				o.agentsAvailable = false;
				break;
			case '--absent':
				o.absent.push(
					...value()
						.split(',')
						.map((v) => v.trim())
						.filter(Boolean),
				);
				break;
			case '--token-lifetime': {
				const v = int(value());
				if (v < 1) throw new Error('--token-lifetime must be at least 1 second');
				o.tokenLifetime = v;
				break;
			}
			case '--expired-status': {
				const v = value();
				if (v !== '401' && v !== '403') throw new Error('--expired-status must be 401 or 403');
				o.expiredStatus = v === '401' ? 401 : 403;
				break;
			}
			case '--rotate-refresh-tokens':
				o.rotateRefreshTokens = true;
				break;
			case '--wrong-host-port': {
				const v = value();
				o.wrongHostPort = v === 'off' ? false : int(v);
				break;
			}
			case '--json':
				o.json = true;
				break;
			case '--quiet':
				o.quiet = true;
				break;
			case '--help':
			case '-h':
				process.stdout.write(`${USAGE}\n`);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${arg}`);
		}
	}
	return o;
}

async function main() {
	let o;
	try {
		o = parseArgs(process.argv.slice(2));
	} catch (e) {
		process.stderr.write(`${/** @type {Error} */ (e).message}\n${USAGE}\n`);
		process.exit(2);
	}
	const sb = await createSandbox({
		port: o.port,
		host: o.host,
		tenant: o.tenant,
		seed: o.seed,
		latency: o.latency || o.jitter ? { fixedMs: o.latency, jitterMs: o.jitter } : undefined,
		auth: { requireAppToken: o.requireAppToken },
		agentsAvailable: o.agentsAvailable,
		absentAgents: o.absent,
		oauth: {
			tokenLifetimeSec: o.tokenLifetime,
			expiredStatus: o.expiredStatus,
			rotateRefreshTokens: o.rotateRefreshTokens,
		},
		wrongHostPort: o.wrongHostPort,
	});
	const D = SANDBOX_DEFAULTS;
	const appTokenRule =
		o.requireAppToken === true
			? 'required on every request'
			: o.requireAppToken === 'soTicket'
				? 'required with SOTicket'
				: 'optional; checked when sent';
	if (o.json) {
		process.stdout.write(
			`${JSON.stringify({
				event: 'ready',
				webClientUrl: sb.webClientUrl,
				apiUrl: sb.apiUrl,
				controlUrl: sb.controlUrl,
				port: sb.port,
				tenant: sb.tenant,
				credentials: {
					basic: { username: D.username, password: D.password },
					soTicket: { ticket: D.ticket },
					bearer: { token: D.bearerToken, expiredToken: D.expiredBearerToken },
					appToken: D.appToken,
					requireAppToken: o.requireAppToken,
					oauth2: {
						clientId: D.oauthClientId,
						clientSecret: D.oauthClientSecret,
						refreshToken: D.oauthRefreshToken,
						authUrl: sb.oauth.authorizeUrl,
						accessTokenUrl: sb.oauth.tokenUrl,
					},
				},
				stateUrl: sb.stateUrl,
				wrongHostUrl: sb.wrongHostUrl ?? null,
				oauth: sb.oauth.settings,
				sessions: sb.sessions.size,
			})}\n`,
		);
	} else {
		process.stdout.write(
			[
				'SuperOffice sandbox (test double of the SuperOffice WebAPI)',
				`  Base URL to paste into n8n:  ${sb.webClientUrl}`,
				`  API root:                    ${sb.apiUrl}`,
				`  Sessions loaded:             ${sb.sessions.size} (seed '${o.seed}')${o.latency || o.jitter ? `, latency ${o.latency}+${o.jitter} ms` : ''}`,
				"Demo credentials it accepts (the sandbox's own demo secrets):",
				`  Basic     user ${D.username}  password ${D.password}`,
				`  SOTicket  ${D.ticket}`,
				`  Bearer    ${D.bearerToken}   (expired one → 403: ${D.expiredBearerToken})`,
				`  App token ${D.appToken}   (${appTokenRule})`,
				'OAuth 2.0 (n8n credential "SuperOffice OAuth2 API"):',
				`  Authorization URL  ${sb.oauth.authorizeUrl}   (signs in at once as sandbox-user)`,
				`  Access Token URL   ${sb.oauth.tokenUrl}`,
				`  Client ID          ${D.oauthClientId}`,
				`  Client Secret      ${D.oauthClientSecret}`,
				`  Refresh token      ${D.oauthRefreshToken}   (valid from the start)`,
				`  Access tokens live ${sb.oauth.settings.tokenLifetimeSec} s; expired → ${sb.oauth.settings.expiredStatus}${sb.oauth.settings.rotateRefreshTokens ? '; refresh tokens rotate' : ''}`,
				`Tenant state API:     ${sb.stateUrl}`,
				sb.wrongHostUrl ? `Wrong host (API → 421): ${sb.wrongHostUrl}` : 'Wrong host: off',
				'Control endpoints (no auth, loopback only):',
				`  GET ${sb.controlUrl}/  lists them: requests, sessions, reseed, faults, stats, settings, agents, topics, oauth`,
				`Chat agents present: ${presentNames(sb)}`,
				'  (type "absent <user>", "present <user>" or "agents" here; Reset queues a session only',
				'   while a present member of its topic may respond, else it shows the offline form)',
				'Be the customer: "say 901 I need help", "click 901 2"; "bot on" makes the sandbox\'s bot answer.',
				"  Every message added to a chat shows here, so an n8n chatbot's replies do too.",
				'',
			].join('\n'),
		);
	}
	// Signals are handled before the ready line: whoever reads it may stop the sandbox at once.
	let stopping = false;
	/** @param {string} signal */
	const stop = (signal) => {
		if (stopping) process.exit(1);
		stopping = true;
		if (!o.json) process.stdout.write(`\n${signal}: closing the sandbox\n`);
		sb.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.stdout.write(`SANDBOX_READY ${sb.webClientUrl}\n`);

	if (!o.quiet) {
		// Access log: method, path (no query, no headers, no body), status, duration.
		/** @type {WeakSet<object>} */
		const printed = new WeakSet();
		const timer = setInterval(() => {
			for (const r of sb.requests) {
				if (r.endedAt === null || printed.has(r)) continue;
				printed.add(r);
				const fault = r.fault ? ` [fault ${r.fault.type}]` : '';
				process.stdout.write(
					`${r.method} ${r.path} → ${r.status ?? 'connection reset'} (${r.endedAt - r.startedAt} ms)${fault}\n`,
				);
			}
			if (sb.requests.length > 10000) sb.clearRequests();
		}, 200);
		timer.unref();
	}

	commandsFromStdin(sb, o.json);
}

main().catch((e) => {
	process.stderr.write(`sandbox failed to start: ${e && e.message}\n`);
	process.exit(1);
});
