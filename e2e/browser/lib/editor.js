'use strict';
/**
 * Steps a person takes in n8n's editor, on the elements n8n marks with data-test-id (the ones
 * n8n's own browser tests use). Each returns what the page shows, so tests assert on texts.
 */

const { NODES_PANEL, CREDENTIAL_TEST } = require('./texts');

/** How long a page of the editor may take to load its bundle and data on a busy machine. */
const EDITOR_LOAD_MS = 180_000;

/** Inner text, whitespace collapsed. */
async function textOf(locator) {
	return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

async function textsOf(locator) {
	return (await locator.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** A new, empty workflow on the canvas. */
async function newWorkflow(page, url) {
	await page.goto(url('/workflow/new'), { waitUntil: 'domcontentloaded' });
	await page.getByTestId('node-creator-plus-button').waitFor({ timeout: EDITOR_LOAD_MS });
}

/** Opens the nodes panel and searches; returns the visible result items. */
async function searchNodes(page, text) {
	const creator = page.getByTestId('node-creator');
	if (!(await creator.isVisible())) await page.getByTestId('node-creator-plus-button').click();
	await creator.waitFor();
	await page.getByTestId('node-creator-search-bar').fill(text);
	return creator.getByTestId('item-iterator-item');
}

/** The node details view (NDV) of the open node. */
function ndv(page) {
	return page.getByTestId('ndv');
}

/** First lines of the visible texts (a label's first line is its title; hints and toggles follow). */
async function firstLines(locator) {
	return (await locator.allInnerTexts()).map((t) => t.trim().split('\n')[0].trim()).filter(Boolean);
}

/** The NDV's credential row: "Credential to connect with" in 2.8, "Credential" in 2.41. */
const CREDENTIAL_ROW_LABELS = ['Credential to connect with', 'Credential'];

/** Labels of the parameters the NDV shows, in order (the credential row excluded). */
async function visibleParameterLabels(page) {
	const labels = ndv(page).getByTestId('node-parameters').locator('label.n8n-input-label:visible');
	await labels.first().waitFor(); // the NDV opens before its parameters render
	return (await firstLines(labels)).filter((l) => !CREDENTIAL_ROW_LABELS.includes(l));
}

/** The visible items of the open select list. */
function openListItems(page) {
	// Element Plus list items (2.8); newer selects render role="option" items.
	return page.locator(
		'.el-select-dropdown__item:visible, [role="listbox"] [role="option"]:visible',
	);
}

/** Picks `option` (its title, exact) in the options parameter `name` of `scope` (the NDV by default). */
async function selectParameterOption(page, name, option, scope = ndv(page)) {
	await scope.getByTestId(`parameter-input-${name}`).click();
	await openListItems(page)
		.filter({ has: page.getByText(option, { exact: true }) })
		.first()
		.click();
}

/**
 * Opens the pick list of parameter `name` and returns that list (the one its input controls, so
 * a list still closing from an earlier click is not read). n8n disables the pick list while it
 * loads the options (loadOptions): the click waits until it is enabled.
 */
async function openPickList(page, name) {
	const input = ndv(page)
		.getByTestId(`parameter-input-${name}`)
		.locator('input:not([disabled])')
		.first();
	await input.click();
	return await controlledList(page, input);
}

/**
 * The list a select `input` controls (its aria-controls), or undefined when it names none: reading
 * that list, not any open one, skips a list still closing from an earlier click.
 */
async function controlledList(page, input, options) {
	const listId = await input.getAttribute('aria-controls', options);
	return listId ? page.locator(`[id="${listId}"]`) : undefined;
}

/** The option titles an open select/pick list shows (of `list` when given). */
async function openListTexts(page, list) {
	const items = list
		? list.locator('.el-select-dropdown__item:visible, [role="option"]:visible')
		: openListItems(page);
	await items.first().waitFor();
	return [...new Set(await firstLines(items))];
}

/** Action texts the nodes panel lists for the node opened in it, in order. */
async function actionTexts(page) {
	const actions = page.getByTestId('node-creator').getByTestId('item-iterator-item');
	await actions.first().waitFor();
	return firstLines(actions);
}

/** The group headings of the actions panel ("Triggers (2)", "Actions (5)", a resource name ...). */
async function actionGroups(page) {
	return firstLines(page.getByTestId('node-creator').getByTestId('node-creator-category-item'));
}

/** The actions panel's group heading that matches one of `patterns` (e.g. "Actions (6)"). */
function actionGroupHeading(page, patterns) {
	const headings = page.getByTestId('node-creator').getByTestId('node-creator-category-item');
	return headings
		.filter({ hasText: new RegExp(patterns.map((re) => re.source).join('|')) })
		.first();
}

/**
 * Clicks an entry of the nodes panel and waits until that entry has gone: n8n slides the next
 * view in (or closes the panel for the NDV) while the old view slides out, and both are on the
 * page meanwhile, so what is read next is read from the new view.
 */
async function openPanelItem(item) {
	for (let attempt = 1; ; attempt++) {
		const handle = await item.elementHandle();
		try {
			await handle.click();
			await handle.waitForElementState('hidden');
			return;
		} catch (error) {
			// the list rendered again before the click: click the entry as it is now
			if (attempt < 3 && /not attached/i.test(error.message)) continue;
			throw error;
		} finally {
			await handle.dispose();
		}
	}
}

/**
 * Clicks `action` in the actions panel. n8n folds a group there (the first-step view folds
 * "Actions (n)" under the triggers; a folded heading shows an upward chevron): folded headings
 * are unfolded until the action shows.
 */
async function chooseAction(page, action) {
	const creator = page.getByTestId('node-creator');
	const item = creator.getByTestId('item-iterator-item').filter({ hasText: action }).first();
	const headings = creator.getByTestId('node-creator-category-item');
	const folded = headings.filter({ has: page.locator('[data-icon="chevron-up"]') });
	await item.or(folded).first().waitFor();
	while (!(await item.isVisible()) && (await folded.count()) > 0) {
		const [name] = await firstLines(folded.first());
		const heading = headings.filter({ hasText: name }).first();
		await heading.click();
		await heading.locator('[data-icon="chevron-down"]').waitFor();
	}
	await openPanelItem(item);
}

/** The text an options parameter shows as its value. */
async function selectedOption(page, name) {
	return await ndv(page)
		.getByTestId(`parameter-input-${name}`)
		.locator('input')
		.first()
		.inputValue();
}

/** A new workflow with the SuperOffice node open in the NDV (on Reset), unless one is open already. */
async function ensureNodeOpen(page, url) {
	if (await ndv(page).isVisible()) return;
	await addNodeFromPanel(page, url, 'SuperOffice', 'Reset a chat session');
}

async function setSwitch(page, name, on) {
	const sw = ndv(page).getByTestId(`parameter-input-${name}`).locator('.el-switch');
	if (((await sw.getAttribute('aria-checked')) === 'true') !== on) await sw.click();
}

/** The option names an "Add option" collection offers. */
async function collectionOptions(page) {
	const add = ndv(page).getByTestId('collection-parameter-add');
	await add.click();
	const list = await controlledList(page, add.locator('input[aria-controls]').first(), {
		timeout: 5_000,
	}).catch(() => undefined);
	const texts = await openListTexts(page, list);
	await add.click(); // closes the list (Escape would close the NDV)
	return texts;
}

/** The credentials page's "create" flow up to the open form of `typeName`; returns the modal. */
async function newCredential(page, url, typeName) {
	await page.goto(url('/home/credentials/create'), { waitUntil: 'domcontentloaded' });
	const picker = page.getByTestId('selectCredential-modal');
	await picker.waitFor({ timeout: EDITOR_LOAD_MS });
	await picker.locator('input').first().fill(typeName);
	await page
		.locator('.el-select-dropdown__item:visible, [role="option"]:visible')
		.filter({ hasText: new RegExp(`^\\s*${typeName}\\s*$`) })
		.first()
		.click();
	await page.getByTestId('new-credential-type-button').click();
	const modal = page.getByTestId('editCredential-modal');
	await modal.waitFor({ timeout: 60_000 });
	return modal;
}

function credentialModal(page) {
	return page.getByTestId('editCredential-modal');
}

/** Labels of the credential form's fields, in order, without the required-field star. */
async function credentialFieldLabels(page) {
	const labels = await firstLines(
		credentialModal(page)
			.getByTestId('credential-connection-parameter')
			.locator('label.n8n-input-label:visible'),
	);
	return labels.map((l) => l.replace(/\s*\*$/, ''));
}

async function selectCredentialOption(page, name, option) {
	await selectParameterOption(page, name, option, credentialModal(page));
}

async function fillCredentialField(page, name, value) {
	const input = credentialModal(page)
		.getByTestId(`parameter-input-${name}`)
		.locator('input, textarea')
		.first();
	await input.fill(value);
}

/**
 * Saves; waits for n8n's connection test; returns what the form's connection part shows
 * (a failure's "More details" opened).
 */
async function saveCredential(page) {
	const modal = credentialModal(page);
	await modal.getByTestId('credential-save-button').click();
	const ok = modal.getByTestId('credentials-config-container-test-success');
	const failed = modal.getByText(CREDENTIAL_TEST.failure);
	await ok.or(failed).first().waitFor({ timeout: 60_000 });
	const config = modal.getByTestId('node-credentials-config-container');
	if (await ok.isVisible()) return { ok: true, text: await textOf(config) };
	const details = modal.getByText('More details');
	if (await details.isVisible()) {
		await details.click();
		await details.waitFor({ state: 'hidden' }); // the link gives way to the details
	}
	return { ok: false, text: await textOf(config) };
}

/** Closes the open modal; an unsaved form's "close without saving?" question is answered yes. */
async function closeModal(page) {
	await page.keyboard.press('Escape');
	// Either the modal closes, or n8n asks first (a message box).
	await page.waitForFunction(() => {
		const shown = (el) => !!el && el.getClientRects().length > 0;
		const modal = document.querySelector('[data-test-id="editCredential-modal"]');
		return !shown(modal) || [...document.querySelectorAll('.el-message-box')].some(shown);
	});
	const confirm = page
		.locator('.el-message-box:visible')
		.getByRole('button', { name: /close|leave|discard|yes/i })
		.first();
	if (await confirm.isVisible()) await confirm.click();
	await credentialModal(page).waitFor({ state: 'hidden' });
}

/** Fits the whole workflow into the canvas view (for pictures); resolves once the view is still. */
async function fitCanvas(page) {
	await page.getByTestId('zoom-to-fit').click();
	const canvas = page.getByTestId('canvas-wrapper');
	// n8n animates the zoom: wait until the canvas transform stays the same for 10 frames.
	await canvas.evaluate(
		(wrapper) =>
			new Promise((resolve) => {
				const pane = wrapper.querySelector('.vue-flow__transformationpane') ?? wrapper;
				let last = '';
				let still = 0;
				const look = () => {
					const now = getComputedStyle(pane).transform;
					still = now === last ? still + 1 : 0;
					last = now;
					if (still >= 10) resolve();
					else requestAnimationFrame(look);
				};
				requestAnimationFrame(look);
			}),
	);
	return canvas;
}

async function openWorkflow(page, url, id) {
	await page.goto(url(`/workflow/${id}`), { waitUntil: 'domcontentloaded' });
	await page.getByTestId('canvas-node').first().waitFor({ timeout: EDITOR_LOAD_MS });
}

async function openNode(page, name) {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
	await ndv(page).waitFor({ timeout: 60_000 });
}

/** The NDV's run button ("Execute step"); waits until the output panel shows the result or an error. */
async function testStep(page) {
	const output = page.getByTestId('output-panel');
	await ndv(page).getByTestId('node-execute-button').click();
	await output
		.getByTestId('node-run-status-success')
		.or(output.getByTestId('node-error-message'))
		.or(output.getByText(/^Error/))
		.first()
		.waitFor({ timeout: 90_000 });
}

/** Switches the output panel to Schema, Table or JSON. */
async function showOutputAs(page, mode) {
	await page.getByTestId('output-panel').getByTestId(`radio-button-${mode.toLowerCase()}`).click();
}

/**
 * Switches the output panel to JSON and returns its text once `waitForText` shows: the view
 * renders after the switch, and only as much as fits the panel.
 */
async function outputJsonText(page, waitForText) {
	await showOutputAs(page, 'JSON');
	const container = page.getByTestId('output-panel').getByTestId('ndv-data-container');
	await container.getByText(waitForText).first().waitFor();
	return textOf(container);
}

async function closeNdv(page) {
	await page.getByTestId('ndv-close-button').or(page.getByTestId('back-to-canvas')).first().click();
	await ndv(page).waitFor({ state: 'hidden' });
}

/**
 * A new workflow with a node added from the nodes panel: the entry `entryName`, then `action`
 * (an action or trigger event it lists; the first one when not given). The entry opens, by
 * release and node: the NDV (a node with one action), the node's actions, or n8n's "Node details"
 * view of a community node, with its actions or, for a node without actions, the node and an
 * "Add to workflow" button.
 */
async function addNodeFromPanel(page, url, entryName, action) {
	await newWorkflow(page, url);
	const items = await searchNodes(page, entryName);
	await openPanelItem(items.filter({ has: page.getByText(entryName, { exact: true }) }).first());
	const creator = page.getByTestId('node-creator');
	const addButton = creator.getByRole('button', { name: NODES_PANEL.addToWorkflow });
	const actions = creator.locator(
		'[data-test-id="item-iterator-item"][data-keyboard-nav-type="action"]',
	);
	await ndv(page).or(addButton).or(actions).first().waitFor();
	if (await ndv(page).isVisible()) return;
	if (await addButton.isVisible()) await addButton.click();
	else if (action) await chooseAction(page, action);
	else await openPanelItem(actions.first());
	await ndv(page).waitFor();
}

/** The test and production URLs the NDV of a webhook node shows. */
async function webhookUrls(page) {
	const view = ndv(page);
	const boxes = view.locator('.webhook-url');
	const toggle = view.getByText('Webhook URLs').first();
	await boxes.or(toggle).first().waitFor();
	if (!(await boxes.first().isVisible())) await toggle.click();
	await boxes.first().waitFor();
	const test = await showUrl(view, 'Test URL');
	return { test, production: await showUrl(view, 'Production URL', test) };
}

/** Picks `label` over the webhook URL box; its text once it no longer shows `previous`. */
async function showUrl(view, label, previous) {
	await view.getByText(label, { exact: true }).first().click();
	const box = view.locator('.webhook-url');
	if (previous)
		await box
			.filter({ hasNotText: previous })
			.first()
			.waitFor()
			.catch(() => undefined); // the same URL again: the test's assertion says so
	return textOf(box.first());
}

/** The nodes on the canvas, and those that show an issue (unknown type, missing credential, ...). */
async function canvasState(page) {
	const nodes = page.getByTestId('canvas-node');
	const issues = [];
	for (const n of await nodes.all()) {
		if (await n.getByTestId('node-issues').count())
			issues.push(await n.getAttribute('data-node-name'));
	}
	return { nodes: await nodes.count(), issues };
}

module.exports = {
	textOf,
	textsOf,
	newWorkflow,
	searchNodes,
	ndv,
	visibleParameterLabels,
	selectParameterOption,
	openListTexts,
	openListItems,
	openPickList,
	firstLines,
	actionTexts,
	actionGroups,
	actionGroupHeading,
	chooseAction,
	openPanelItem,
	selectedOption,
	ensureNodeOpen,
	setSwitch,
	collectionOptions,
	newCredential,
	credentialModal,
	credentialFieldLabels,
	selectCredentialOption,
	fillCredentialField,
	saveCredential,
	closeModal,
	openWorkflow,
	openNode,
	testStep,
	showOutputAs,
	outputJsonText,
	closeNdv,
	canvasState,
	fitCanvas,
	addNodeFromPanel,
	webhookUrls,
};
