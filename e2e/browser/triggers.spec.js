'use strict';
/**
 * The package's trigger nodes in n8n's real editor (headless chromium, n8n set up as `npm start`
 * does): the SuperOffice Trigger shows its test and production webhook URLs; the Idle Chat
 * Trigger's "Fetch test event" shows the sandbox's idle bot sessions.
 *
 * Each test runs only when package.json's n8n.nodes names its trigger; under CI=true a missing
 * trigger, n8n or browser is a failing test, never a skip. Each test says where it runs (see
 * README.md): both run on the newest n8n version given only, so an older release starts no editor
 * session here.
 *
 * Run: npm run build && node --test e2e/browser/triggers.spec.js   (E2E_VERSIONS=2.41.1 for one version)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const { botSessions, IDLE_MINUTES } = require('../../scripts/lib/setup');
const { browserTargets, packageNodeFiles, RELEASES, runsOn } = require('./lib/targets');
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
const { versions, chromiumPath } = browserTargets('SuperOffice trigger nodes in the n8n editor');

/** The tests, each with its trigger and where it runs (`releases`, see lib/targets.js runsOn). */
const TESTS = [
	{
		title: 'SuperOffice Trigger shows its test and production webhook URLs',
		trigger: WEBHOOK_TRIGGER,
		// n8n's webhook URLs, alike in every release (the e2e leg calls the webhooks on each).
		releases: RELEASES.newest,
		body: async (page, session) => {
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
	},
	{
		title: 'SuperOffice Idle Chat Trigger: "Fetch test event" shows the idle bot sessions',
		trigger: IDLE_TRIGGER,
		// n8n's "Fetch Test Event" and output view, alike in every release (the e2e leg polls on each).
		releases: RELEASES.newest,
		body: async (page, session) => {
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
	},
];

for (const version of versions) {
	const here = TESTS.filter((t) => runsOn(t.releases, version, versions));
	if (here.length === 0) continue;
	describe(`n8n ${version}: SuperOffice triggers in the editor`, { timeout: 1_200_000 }, () => {
		let session;
		if (here.some((t) => has(t.trigger))) {
			before(async () => {
				session = await openEditor({ version, chromiumPath });
			});
			after(async () => {
				if (session) await session.close();
			});
		}
		for (const { title, trigger, body } of here) {
			const missing = `package.json n8n.nodes has no ${trigger.displayName}`;
			if (has(trigger))
				test(
					title,
					withEvidence(
						() => session,
						title,
						(page) => body(page, session),
					),
				);
			// Under CI a trigger missing from the package fails: it must not pass as a skip.
			else if (process.env.CI === 'true')
				test(title, () => assert.fail(`CI=true and ${missing}: its editor test cannot run`));
			else test(title, { skip: missing }, () => {});
		}
	});
}
