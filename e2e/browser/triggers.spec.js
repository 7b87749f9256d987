'use strict';
/**
 * The package's trigger nodes in n8n's real editor (headless chromium, n8n set up as `npm start`
 * does): the SuperOffice Trigger shows its test and production webhook URLs; the Idle Chat
 * Trigger's "Fetch test event" shows the sandbox's idle bot sessions.
 *
 * Each part runs only when package.json's n8n.nodes names that trigger. Under CI=true a package
 * with the triggers must run them: a missing n8n or browser is then a failure, never a skip.
 *
 * Run: npm run build && node --test e2e/browser/triggers.spec.js   (E2E_VERSIONS=2.41.1 for one version)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const { botSessions, IDLE_MINUTES } = require('../../scripts/lib/setup');
const { browserTargets, packageNodeFiles } = require('./lib/targets');
const { openEditor } = require('./lib/session');
const { withEvidence } = require('./lib/evidence');
const ui = require('./lib/editor');
const T = require('./lib/texts');

const WEBHOOK_TRIGGER = {
	file: /\/SuperOfficeTrigger\.node\.js$/,
	displayName: 'SuperOffice Trigger',
};
const IDLE_TRIGGER = {
	file: /\/SuperOfficeIdleChatTrigger\.node\.js$/,
	displayName: 'SuperOffice Idle Chat Trigger',
};
/** Conversations the idle trigger watches (queued and closed sessions never start it). */
const ACTIVE_STATUSES = ['CustomerLast', 'UserLast'];

const files = packageNodeFiles();
const has = (trigger) => files.some((f) => trigger.file.test(f));
const missing = [WEBHOOK_TRIGGER, IDLE_TRIGGER].filter((t) => !has(t)).map((t) => t.displayName);
const { versions, chromiumPath } = browserTargets(
	'SuperOffice trigger nodes in the n8n editor',
	missing.length === 2
		? `the package has no trigger nodes yet (package.json n8n.nodes lacks ${missing.join(' and ')})`
		: false,
);

for (const version of versions) {
	describe(`n8n ${version}: SuperOffice triggers in the editor`, { timeout: 1_200_000 }, () => {
		let session;
		const it = (title, trigger, body) =>
			has(trigger)
				? test(
						title,
						withEvidence(() => session, title, body),
					)
				: test(title, { skip: `package.json n8n.nodes has no ${trigger.displayName}` }, () => {});

		before(async () => {
			session = await openEditor({ version, chromiumPath });
		});
		after(async () => {
			if (session) await session.close();
		});

		it(
			'SuperOffice Trigger shows its test and production webhook URLs',
			WEBHOOK_TRIGGER,
			async (page) => {
				// The nodes panel lists it under "SuperOffice", as its events.
				await ui.addNodeFromPanel(
					page,
					session.url,
					T.WEBHOOK_TRIGGER.panelEntry,
					T.WEBHOOK_TRIGGER.events[1],
				);
				assert.ok(
					(await ui.visibleParameterLabels(page)).includes('Events'),
					'the SuperOffice Trigger is open (its Events field shows)',
				);
				const urls = await ui.webhookUrls(page);
				assert.match(
					urls.test ?? '',
					new RegExp(`^${session.server.url}/webhook-test/\\S+`),
					`test URL: ${urls.test}`,
				);
				assert.match(
					urls.production ?? '',
					new RegExp(`^${session.server.url}/webhook/\\S+`),
					`production URL: ${urls.production}`,
				);
			},
		);

		it(
			'SuperOffice Idle Chat Trigger: "Fetch test event" shows the idle bot sessions',
			IDLE_TRIGGER,
			async (page) => {
				const sandbox = session.ctx.sandbox;
				await ui.addNodeFromPanel(page, session.url, IDLE_TRIGGER.displayName);
				const button = ui.ndv(page).getByTestId('node-execute-button');
				assert.match(await ui.textOf(button), /fetch test event/i);
				assert.ok(await button.isEnabled(), '"Fetch test event" is enabled');
				// Fresh idle times (the seed's are relative to now): bot sessions idle 1, 2, 4, 6, 10, 30 minutes.
				sandbox.reseed('default');
				await ui.testStep(page);
				const json = await ui.outputJsonText(page, 'ChatSessionId');
				const output = page.getByTestId('output-panel');
				const bots = botSessions(sandbox).filter((s) => ACTIVE_STATUSES.includes(s.status));
				const idle = bots.filter((s) => s.idleMinutes > IDLE_MINUTES + 0.5).map((s) => s.id);
				const fresh = bots
					.filter((s) => s.idleMinutes !== null && s.idleMinutes < IDLE_MINUTES - 0.5)
					.map((s) => s.id);
				assert.ok(idle.length > 0, 'the sandbox seed has idle bot sessions');
				assert.equal(
					bots.filter((s) => s.idleMinutes !== null).length,
					idle.length + fresh.length,
					'no session is within half a minute of the idle limit',
				);
				// The JSON view shows only what fits the panel: count the items, check the ids shown.
				assert.equal(
					await ui.textOf(output.getByTestId('ndv-items-count')),
					`${idle.length} item${idle.length === 1 ? '' : 's'}`,
				);
				const shown = [...json.matchAll(/"ChatSessionId":\s*(\d+)/g)].map((m) => Number(m[1]));
				assert.ok(shown.length > 0, 'the JSON view shows sessions');
				for (const id of shown)
					assert.ok(idle.includes(id), `session ${id} is shown and is one of the idle ones`);
				for (const id of fresh)
					assert.ok(!shown.includes(id), `session ${id} (not idle long enough) is not shown`);
			},
		);
	});
}
