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
				await ui.addNodeFromPanel(page, session.url, WEBHOOK_TRIGGER.displayName);
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
				await ui.testStep(page);
				await ui.showOutputAs(page, 'JSON');
				const json = await ui.textOf(
					page.getByTestId('output-panel').getByTestId('ndv-data-container'),
				);
				const bots = botSessions(sandbox).filter((s) => ACTIVE_STATUSES.includes(s.status));
				const idle = bots.filter((s) => s.idleMinutes > IDLE_MINUTES + 0.5).map((s) => s.id);
				const fresh = bots
					.filter((s) => s.idleMinutes !== null && s.idleMinutes < IDLE_MINUTES - 0.5)
					.map((s) => s.id);
				assert.ok(idle.length > 0, 'the sandbox seed has idle bot sessions');
				for (const id of idle)
					assert.match(
						json,
						new RegExp(`"ChatSessionId":\\s*${id}\\b`),
						`session ${id} (idle) is shown`,
					);
				for (const id of fresh)
					assert.doesNotMatch(
						json,
						new RegExp(`"ChatSessionId":\\s*${id}\\b`),
						`session ${id} (not idle long enough) is not shown`,
					);
			},
		);
	});
}
