// @ts-check
'use strict';
/**
 * The sandbox's own chatbot, for tests of a workflow that must not answer the bot: when it is on,
 * it answers every customer message (typed or a clicked option) in a session a bot is handling,
 * after `delayMs`, with a BotMessage posted like any API client's (so SuperOffice's webhooks fire
 * for it too, as they do for outgoing messages). Off by default.
 */

/** @typedef {import('./state').SandboxState} SandboxState */
/** @typedef {import('./types').AssociateSeed} AssociateSeed */

/** Longest wait before the bot answers. */
const MAX_DELAY_MS = 60_000;

class SandboxChatbot {
	/**
	 * @param {SandboxState} state
	 * @param {(ms: number) => Promise<void>} delay cut short when the sandbox closes
	 * @param {() => boolean} closing
	 */
	constructor(state, delay, closing) {
		this.state = state;
		this.delay = delay;
		this.closing = closing;
		this.settings = { replies: false, delayMs: 100 };
		/** How many answers it has posted since it was switched on. */
		this.replies = 0;
		state.onMessage((id, message) => {
			if (message.Type === 'ToUser' || message.SpecialType === 'ClickedOption')
				void this.answer(id);
		});
	}

	/**
	 * @param {{ replies?: unknown, delayMs?: unknown }} patch
	 * @returns {{ replies: boolean, delayMs: number, answered: number }}
	 */
	configure(patch) {
		if (patch.replies !== undefined) {
			if (typeof patch.replies !== 'boolean') throw new TypeError('replies must be a boolean');
			if (patch.replies && !this.settings.replies) this.replies = 0;
			this.settings.replies = patch.replies;
		}
		if (patch.delayMs !== undefined) {
			const ms = patch.delayMs;
			if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > MAX_DELAY_MS)
				throw new TypeError(`delayMs must be a whole number from 0 to ${MAX_DELAY_MS}`);
			this.settings.delayMs = ms;
		}
		return this.toJSON();
	}

	toJSON() {
		return { ...this.settings, answered: this.replies };
	}

	/** @param {number} id */
	async answer(id) {
		if (!this.settings.replies) return;
		await this.delay(this.settings.delayMs);
		const session = this.state.get(id);
		if (this.closing() || !session || !session.ChatbotIsActive) return;
		const bot = this.state.associates.find((a) => a.isBot);
		if (!bot) return;
		const last = this.state
			.listMessages(id)
			.filter((m) => m.Type === 'ToUser' || m.SpecialType === 'ClickedOption')
			.pop();
		const result = this.state.addMessage(
			id,
			{
				Type: 'ToCustomer',
				SpecialType: 'BotMessage',
				Author: bot.fullName,
				Message: `Sandbox bot: thanks, I read "${(last?.Message ?? '').slice(0, 80)}".`,
			},
			bot,
		);
		if (result?.ok) this.replies++;
	}
}

module.exports = { SandboxChatbot };
