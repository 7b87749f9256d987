'use strict';
/**
 * The SuperOffice node in n8n's real editor, driven by a headless chromium as a person would:
 * nodes panel, the fields of every operation, the credential forms and their connection test,
 * the searchable user list, "Test step" with its output and error views, and the imported workflows.
 *
 * Per n8n version: n8n set up as `npm start` does (e2e/browser/lib/session.js), signed in through
 * the sign-in page. Each test says where it runs: `RELEASES.all` (what differs between n8n
 * releases: the nodes panel, the credential test's texts, the OAuth2 form, the pick list) or
 * `RELEASES.newest` (the same in every release: tested once, on the newest version given; see
 * README.md). A failing test keeps a screenshot and the console log under .tmp/browser/.
 * With DOCS_IMAGES=1 the passing run also saves the README's pictures (docs/images/).
 *
 * Run: npm run build && node --test e2e/browser/editor.spec.js   (E2E_VERSIONS=2.41.1 for one version)
 */
const test = require('node:test');
const { describe, before, after } = test;
const assert = require('node:assert/strict');
const { SANDBOX_DEFAULTS: SB } = require('../../test/sandbox');
const { manualTrigger, code, superOffice, chain } = require('../workflows/nodes');
const { browserTargets, packageNodeDisplayNames, RELEASES, runsOn } = require('./lib/targets');
const { openEditor } = require('./lib/session');
const { withEvidence } = require('./lib/evidence');
const { picture } = require('./lib/pictures');
const ui = require('./lib/editor');
const { CHATBOT_EXAMPLE, loadAiExample, openAiStandIn } = require('../workflows/aiExamples');
const T = require('./lib/texts');

const { versions, chromiumPath } = browserTargets('SuperOffice node in the n8n editor');

const MISSING_ID = 999999;
const MISSING_WORKFLOW_ID = 'SoBrowserReset404';
const CHATBOT_WORKFLOW_ID = 'SoBrowserChatbot';
/** The chatbot example's model credential: a stand-in address, never called by these tests. */
const OPENAI_STAND_IN = {
	id: 'SoBrowserOpenAi',
	...openAiStandIn('http://127.0.0.1:9/v1', 'OpenAI stand-in for the model'),
};

/** A Reset of a session the sandbox does not know, with the id mapped from the item before. */
function missingSessionWorkflow(credential) {
	const wf = chain('SuperOffice: reset a chat session that does not exist', [
		manualTrigger('Run now'),
		code('Session id', `return [{ json: { ChatSessionId: ${MISSING_ID} } }];`),
		superOffice(
			'Reset',
			{ operation: 'reset', chatSessionId: '={{ $json.ChatSessionId }}' },
			{ credential },
		),
	]);
	wf.id = MISSING_WORKFLOW_ID;
	const chatbot = loadAiExample(CHATBOT_EXAMPLE, {
		superOffice: credential,
		openAi: OPENAI_STAND_IN,
	});
	chatbot.id = CHATBOT_WORKFLOW_ID;
	return [wf, chatbot];
}

for (const version of versions) {
	describe(`n8n ${version}: SuperOffice in the editor`, { timeout: 1_800_000 }, () => {
		let session;
		/** A test on this version, when its `releases` marker has it run here. */
		const it = (title, releases, body) => {
			if (runsOn(releases, version, versions))
				test(
					title,
					withEvidence(() => session, `${title}`, body),
				);
		};

		before(async () => {
			session = await openEditor({
				version,
				chromiumPath,
				extraWorkflows: missingSessionWorkflow,
				extraCredentials: [OPENAI_STAND_IN],
			});
		});
		after(async () => {
			if (session) await session.close();
		});

		// The nodes panel differs per release (2.8 shows no descriptions in search results; the
		// headings of the triggers and actions groups).
		it(
			'nodes panel: search finds every node of the package with its icon; its triggers and actions groups; Reset opens',
			RELEASES.all,
			async (page) => {
				// Every node of the package has an entry: its own, or its app's (a trigger is listed with its node).
				for (const name of packageNodeDisplayNames())
					assert.ok(
						T.NODES_PANEL.entries.some((entry) => name === entry || name === `${entry} Trigger`),
						`"${name}" has an entry in the nodes panel`,
					);
				await ui.newWorkflow(page, session.url);
				const items = await ui.searchNodes(page, T.NODES_PANEL.search);
				for (const name of T.NODES_PANEL.entries) {
					const item = items.filter({ has: page.getByText(name, { exact: true }) }).first();
					await item.waitFor().catch(() => undefined);
					assert.ok(await item.isVisible(), `the nodes panel lists "${name}"`);
					const icon = item.locator('img').first();
					assert.match(
						String(await icon.getAttribute('src')),
						/superoffice/i,
						`"${name}" shows the SuperOffice icon`,
					);
				}
				const entry = items
					.filter({ has: page.getByText(T.NODE.displayName, { exact: true }) })
					.first();
				await picture(page, 'nodes-panel', page.getByTestId('node-creator'));
				await ui.openPanelItem(entry);
				await ui.actionGroupHeading(page, [T.WEBHOOK_TRIGGER.triggerGroup]).waitFor();
				const groups = await ui.actionGroups(page);
				assert.ok(
					groups.some((g) => T.WEBHOOK_TRIGGER.triggerGroup.test(g)),
					`a triggers group: ${groups.join(' | ')}`,
				);
				// The SuperOffice Trigger, as its events (the triggers group is open in a first step).
				const listed = await ui.actionTexts(page);
				for (const event of T.WEBHOOK_TRIGGER.events)
					assert.ok(listed.includes(event), `the trigger event "${event}": ${listed.join(' | ')}`);
				assert.ok(
					groups.some((g) => T.NODE.actionGroups.some((re) => re.test(g))),
					`an actions group heading: ${groups.join(' | ')}`,
				);
				// Opening the actions group (folded under the triggers in a first step) lists them all.
				await ui.chooseAction(page, T.NODE.resetAction);
				await ui.ndv(page).waitFor();
				assert.equal(await ui.selectedOption(page, 'operation'), 'Reset');
				assert.ok((await ui.visibleParameterLabels(page)).includes('Chat Session ID'));
			},
		);

		it(
			'nodes panel, after a first step: every operation as an action, in the Operation options order',
			RELEASES.all,
			async (page) => {
				await ui.ensureNodeOpen(page, session.url);
				await ui.closeNdv(page);
				const items = await ui.searchNodes(page, T.NODES_PANEL.search);
				await ui.openPanelItem(
					items.filter({ has: page.getByText(T.NODE.displayName, { exact: true }) }).first(),
				);
				await ui.actionGroupHeading(page, T.NODE.actionGroups).waitFor();
				const actions = (await ui.actionTexts(page)).filter((a) => T.NODE.actions.includes(a));
				assert.deepEqual(actions, T.NODE.actions);
				await page.keyboard.press('Escape');
			},
		);

		// The node's own displayOptions; the one per-release text there (the credential row's label) is left out.
		it(
			'each operation shows exactly its fields, and Options offers language, culture, time zone, concurrency, timeout and retries',
			RELEASES.newest,
			async (page) => {
				await ui.ensureNodeOpen(page, session.url);
				for (const [operation, fields] of Object.entries(T.NODE.fieldsByOperation)) {
					await ui.selectParameterOption(page, 'operation', operation);
					const labels = (await ui.visibleParameterLabels(page)).filter(
						(l) => !['Authentication', 'Resource', 'Operation'].includes(l),
					);
					assert.deepEqual(labels, fields, `fields of ${operation}`);
				}
				await ui.selectParameterOption(page, 'operation', 'Get Many');
				await ui.setSwitch(page, 'returnAll', true);
				assert.ok(
					!(await ui.visibleParameterLabels(page)).includes('Limit'),
					'Limit hides when Return All is on',
				);
				await ui.selectParameterOption(page, 'operation', 'Reset');
				assert.deepEqual(await ui.collectionOptions(page), T.NODE.options);
			},
		);

		// The list differs per release (Element Plus items in 2.8, role="option" in 2.41); its options come
		// from the node's loadOptions, which no other leg calls.
		it(
			'Transfer To: the searchable user list loads the sandbox users and searches them',
			RELEASES.all,
			async (page) => {
				await ui.ensureNodeOpen(page, session.url);
				await ui.selectParameterOption(page, 'operation', 'Transfer To');
				// A resource locator (From List · By User Name or ID): its list opens from its input.
				const locator = page.getByTestId('resource-locator-toAssociate');
				await locator.getByTestId('rlc-input-container').locator('input').first().click();
				// Its items and search box, wherever the n8n release renders the popover: the visible ones.
				const items = page.getByTestId('rlc-item').filter({ visible: true });
				await items.first().waitFor();
				const names = await ui.firstLines(items);
				const expected = SB.associates.map((u) => `${u.fullName} (${u.username})`).sort();
				assert.deepEqual(
					[...names].sort(),
					expected,
					'the list offers every sandbox user, by name',
				);
				// The open list's search box has the focus: typing searches SuperOffice.
				await page.keyboard.type('backup');
				await items.filter({ hasText: 'Bob Backup' }).first().waitFor();
				await items.filter({ hasText: 'Anna Agent' }).waitFor({ state: 'detached' });
				assert.deepEqual(await ui.firstLines(items), ['Bob Backup (bob.backup)'], 'search narrows');
				await page.keyboard.press('Tab'); // closes the list (Escape would close the NDV)
			},
		);

		// The node's displayOptions and its listSearch, alike in every release (the e2e leg runs the
		// operations on each).
		it(
			"Chat Topic: the fields of each operation; the topic list loads the user's topics and searches them",
			RELEASES.newest,
			async (page) => {
				await ui.ensureNodeOpen(page, session.url);
				await ui.selectParameterOption(page, 'resource', 'Chat Topic');
				const fields = async () =>
					(await ui.visibleParameterLabels(page)).filter(
						(l) => !['Authentication', 'Resource', 'Operation'].includes(l),
					);
				assert.equal(await ui.selectedOption(page, 'operation'), 'Get Availability');
				assert.deepEqual(await fields(), ['Chat Topic', 'Options'], 'fields of Get Availability');
				await ui.selectParameterOption(page, 'operation', 'Get');
				assert.deepEqual(await fields(), ['Chat Topic', 'Options'], 'fields of Get');
				await ui.selectParameterOption(page, 'operation', 'Get Many');
				assert.deepEqual(await fields(), ['Return All', 'Limit', 'Options'], 'fields of Get Many');
				await ui.selectParameterOption(page, 'operation', 'Get Availability');
				const locator = page.getByTestId('resource-locator-chatTopicId');
				await locator.getByTestId('rlc-input-container').locator('input').first().click();
				const items = page.getByTestId('rlc-item').filter({ visible: true });
				await items.first().waitFor();
				const expected = SB.topics
					.filter((t) => t.Members.some((m) => m.associateId === SB.principalAssociateId))
					.map((t) => `${t.Name} (${t.ChatTopicId})`)
					.sort();
				assert.deepEqual([...(await ui.firstLines(items))].sort(), expected, "the user's topics");
				await page.keyboard.type('bill');
				await items.filter({ hasText: 'Billing (3)' }).first().waitFor();
				await items.filter({ hasText: 'Support (2)' }).waitFor({ state: 'detached' });
				assert.deepEqual(await ui.firstLines(items), ['Billing (3)'], 'search narrows');
				await items.first().click();
				assert.match(
					await locator.getByTestId('rlc-input-container').locator('input').first().inputValue(),
					/Billing/,
					'the picked topic shows by name',
				);
			},
		);

		// The Request resource's displayOptions, alike in every release (the e2e leg runs it on each).
		it('Request: the fields of Create and Get', RELEASES.newest, async (page) => {
			await ui.ensureNodeOpen(page, session.url);
			await ui.selectParameterOption(page, 'resource', 'Request');
			const fields = async () =>
				(await ui.visibleParameterLabels(page)).filter(
					(l) => !['Authentication', 'Resource', 'Operation'].includes(l),
				);
			assert.equal(await ui.selectedOption(page, 'operation'), 'Create');
			assert.deepEqual(
				await fields(),
				['Title', 'Message', 'Message Visibility', 'Additional Fields', 'Options'],
				'fields of Create',
			);
			assert.equal(
				await ui.selectedOption(page, 'messageVisibility'),
				'Internal',
				'internal by default',
			);
			await ui.selectParameterOption(page, 'operation', 'Get');
			assert.deepEqual(await fields(), ['Request ID', 'Options'], 'fields of Get');
			await ui.selectParameterOption(page, 'resource', 'Chat Session');
		});

		// The credential's own displayOptions and n8n's success text, alike in every release (the e2e leg
		// tests the credential on each).
		it(
			'SuperOffice API credential: fields per authentication scheme; the sandbox user saves and tests green',
			RELEASES.newest,
			async (page) => {
				const form = await ui.newCredential(page, session.url, T.API_CREDENTIAL.typeName);
				for (const [scheme, fields] of Object.entries(T.API_CREDENTIAL.fieldsByScheme)) {
					await ui.selectCredentialOption(page, 'authScheme', scheme);
					const labels = await ui.credentialFieldLabels(page);
					const shown = labels.filter(
						(l) =>
							!T.API_CREDENTIAL.localeFields.includes(l) && !T.API_CREDENTIAL.n8nFields.includes(l),
					);
					assert.deepEqual(shown, fields, `fields with ${scheme}`);
					for (const l of T.API_CREDENTIAL.localeFields)
						assert.ok(labels.includes(l), `${l} shows with ${scheme}`);
				}
				await ui.selectCredentialOption(page, 'authScheme', 'Basic (User Name and Password)');
				await ui.fillCredentialField(page, 'baseUrl', session.ctx.sandbox.webClientUrl);
				await ui.fillCredentialField(page, 'username', SB.username);
				await ui.fillCredentialField(page, 'password', SB.password);
				const saveButton = form.getByTestId('credential-save-button');
				assert.ok(await saveButton.isEnabled(), 'Save is enabled once the fields are filled');
				const result = await ui.saveCredential(page);
				assert.equal(result.ok, true, `the connection test passes: ${result.text}`);
				assert.match(result.text, new RegExp(T.CREDENTIAL_TEST.success));
				await picture(page, 'credential-form', form);
				await ui.closeModal(page);
			},
		);

		const explained = T.credentialFailuresIn(version);
		const failures = [
			[
				'a wrong password',
				(sb) => ({ baseUrl: sb.webClientUrl, password: 'not-the-password' }),
				explained.wrongPassword,
			],
			['a wrong host', (sb) => ({ baseUrl: sb.wrongHostUrl }), explained.wrongHost],
			[
				'a wrong path',
				(sb) => ({ baseUrl: sb.webClientUrl.replace(/[^/]+$/, 'NoSuchTenant') }),
				explained.wrongPath,
			],
		];
		for (const [what, values, expected] of failures) {
			// The failure texts differ per release (credentialFailuresIn; 2.8 writes Couldn’t).
			it(
				`SuperOffice API credential: ${what} shows the explained failure`,
				RELEASES.all,
				async (page) => {
					await ui.newCredential(page, session.url, T.API_CREDENTIAL.typeName);
					const v = { password: SB.password, ...values(session.ctx.sandbox) };
					await ui.fillCredentialField(page, 'baseUrl', v.baseUrl);
					await ui.fillCredentialField(page, 'username', SB.username);
					await ui.fillCredentialField(page, 'password', v.password);
					const result = await ui.saveCredential(page);
					assert.equal(result.ok, false, `the connection test fails with ${what}`);
					assert.match(result.text, T.CREDENTIAL_TEST.failure);
					assert.match(result.text, expected);
					assert.ok(!result.text.includes(v.password), 'the password is not shown');
					await ui.closeModal(page);
				},
			);
		}

		// The redirect URL shows as text in 2.8, in a read-only input in 2.41.
		it(
			'SuperOffice OAuth2 API credential: environment, client id and secret, and the redirect URL',
			RELEASES.all,
			async (page) => {
				const form = await ui.newCredential(page, session.url, T.OAUTH2_CREDENTIAL.typeName);
				const labels = await ui.credentialFieldLabels(page);
				for (const l of T.OAUTH2_CREDENTIAL.fields)
					assert.ok(
						labels.includes(l),
						`the OAuth2 form shows ${l}; it shows ${labels.join(', ')}`,
					);
				assert.ok(
					await form.getByText(T.OAUTH2_CREDENTIAL.redirectLabel).first().isVisible(),
					`the form shows "${T.OAUTH2_CREDENTIAL.redirectLabel}"`,
				);
				// The URL is shown as text (2.8) or in a read-only input (2.41).
				const shown = [
					await ui.textOf(form),
					...(await form.locator('input').evaluateAll((inputs) => inputs.map((i) => i.value))),
				].join(' ');
				assert.match(shown, new RegExp(`${session.server.url}/rest/oauth2-credential/callback`));
				await ui.closeModal(page);
			},
		);

		// n8n's output views; the node's output on every release is the e2e leg's.
		it(
			'Test step on Reset with a mapped id shows the returned ChatSessionEntity as table and JSON',
			RELEASES.newest,
			async (page) => {
				const { workflows } = session.ctx;
				const one = workflows.all.find((w) => w.name === 'SuperOffice: reset one chat session');
				await ui.openWorkflow(page, session.url, one.id);
				await ui.openNode(page, 'Reset');
				await ui.testStep(page);
				const output = page.getByTestId('output-panel');
				await ui.showOutputAs(page, 'Table');
				await output.getByTestId('ndv-data-container').getByText('InQueue').first().waitFor();
				const table = await ui.textOf(output.getByTestId('ndv-data-container'));
				for (const text of ['ChatSessionId', 'Status', 'InQueue', 'ChatbotIsActive', '901'])
					assert.ok(table.includes(text), `the table shows ${text}`);
				await picture(page, 'reset-output', ui.ndv(page));
				const json = await ui.outputJsonText(page, 'ChatSessionId');
				assert.match(json, /"ChatSessionId":\s*901/);
				assert.match(json, /"Status":\s*"InQueue"/);
				assert.doesNotMatch(json, /SessionKey/, 'the chat client’s SessionKey is not output');
				await ui.closeNdv(page);
				await picture(page, 'node-in-workflow', await ui.fitCanvas(page));
			},
		);

		// The node's error message, which the e2e leg asserts on every release.
		it(
			'Test step on Reset of an unknown session shows the readable 404 in the error view',
			RELEASES.newest,
			async (page) => {
				await ui.openWorkflow(page, session.url, MISSING_WORKFLOW_ID);
				await ui.openNode(page, 'Reset');
				await ui.testStep(page);
				const error = await ui.textOf(page.getByTestId('output-panel'));
				assert.match(
					error,
					new RegExp(`Could not reset chat session ${MISSING_ID}: .*\\(HTTP 404\\)`),
				);
				await ui.closeNdv(page);
			},
		);

		// The editor's node issues, alike in every release; the e2e leg imports and runs the workflows on each.
		it(
			'the imported workflows open without warnings: every node type known, no credential to fix',
			RELEASES.newest,
			async (page) => {
				const { workflows } = session.ctx;
				for (const wf of workflows.all) {
					await ui.openWorkflow(page, session.url, wf.id);
					const state = await ui.canvasState(page);
					const expected = wf.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').length;
					assert.equal(state.nodes, expected, `${wf.name}: every node is on the canvas`);
					// n8n flags an unknown node type and a missing or unknown credential as a node issue.
					assert.deepEqual(state.issues, [], `${wf.name}: no node shows an issue`);
				}
				const shipped = workflows.all.find((w) => w.name.endsWith('(every 5 minutes, as shipped)'));
				if (shipped) {
					await ui.openWorkflow(page, session.url, shipped.id);
					await picture(page, 'example-workflow', await ui.fitCanvas(page));
				}
				// The chatbot example: trigger, agent, model and two SuperOffice tools, nothing to fix.
				await ui.openWorkflow(page, session.url, CHATBOT_WORKFLOW_ID);
				const chatbot = await ui.canvasState(page);
				assert.equal(chatbot.nodes, 5, 'the chatbot example: every node is on the canvas');
				assert.deepEqual(chatbot.issues, [], 'the chatbot example: no node shows an issue');
				await picture(page, 'chatbot-workflow', await ui.fitCanvas(page));
			},
		);
	});
}
