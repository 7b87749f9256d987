// @ts-check
'use strict';
/**
 * Shared JSDoc type definitions for the sandbox. Nothing runs here.
 *
 * @typedef {{
 *   AssociateId: number, Name: string, PersonId: number, Rank: number, Tooltip: string,
 *   Type: string, GroupIdx: number, FullName: string, FormalName: string, Deleted: boolean,
 *   EjUserId: number, UserName: string, TableRight: null, FieldProperties: Record<string, unknown>
 * }} Associate  The REST `Associate` carrier as it appears inside a ChatSessionEntity.
 *
 * @typedef {{
 *   associateId: number, username: string, name: string, fullName: string, firstName: string,
 *   lastName: string, email: string, personId: number, isBot?: boolean
 * }} AssociateSeed  How the sandbox describes a user internally.
 *
 * @typedef {{
 *   ChatSessionId: number, TopicId: number, User: Associate | null, Person: Record<string, unknown> | null,
 *   CustomerAlias: string, CustomerHost: string, CustomerName: string, CustomerEmail: string,
 *   CustomerPhone: string, CustomerConsented: boolean, CustomerCompanyName: string, Status: string,
 *   FirstMessage: string, LastMessage: string, WhenRequested: string | null, WhenStarted: string | null,
 *   WhenEnded: string | null, WhenIdle: string | null, WhenFetched: string | null, SessionKey: string,
 *   InitialQueuePos: number, AlertLevel: number, Rank: number, Flags: string,
 *   Contact: Record<string, unknown> | null, Project: Record<string, unknown> | null,
 *   Sale: Record<string, unknown> | null, Ticket: Record<string, unknown> | null,
 *   TransferTo: Associate | null, ChatbotIsActive: boolean, Rating: number, TableRight: unknown,
 *   FieldProperties: Record<string, unknown>
 * }} ChatSessionEntity  All 33 keys, in the order of the documentation's sample.
 *
 * @typedef {{
 *   ChatMessageId: number, ChatSessionId: number, Type: string, Message: string, Author: string,
 *   ReadByCustomer: number, SpecialType: string, SpecialParam: string, WhenPosted: string
 * }} ChatMessage
 *
 * @typedef {{
 *   associateId: number, canListen: boolean, canRespond: boolean, canManage: boolean, canNotify: boolean
 * }} TopicMember  One row of ChatTopic/{id}/UserAgent: a user and their rights on the topic.
 *
 * @typedef {{
 *   timeZone: string,
 *   days: Partial<Record<'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun', [string, string]>>
 * }} OpeningHours  Per weekday ["HH:MM" from, "HH:MM" to) in the IANA zone `timeZone`; a day left out is closed.
 *
 * @typedef {{
 *   ChatTopicId: number, Name: string, Description: string, WelcomeMessage?: string, BotEnabled?: boolean,
 *   SecondsPrAccept?: number, OpeningHoursEnabled?: boolean, OpeningHours?: OpeningHours | null,
 *   Members: TopicMember[]
 * }} TopicSeed
 *
 * @typedef {{ username: string, password: string, associateId: number }} BasicUser
 * @typedef {{ ticket: string, associateId: number }} TicketCredential
 * @typedef {{ token: string, associateId: number, expired?: boolean }} TokenCredential
 * @typedef {'basic' | 'soTicket' | 'bearer'} AuthScheme
 *
 * @typedef {{
 *   users?: BasicUser[], tickets?: TicketCredential[], tokens?: TokenCredential[],
 *   appTokens?: string[], requireAppToken?: boolean | 'soTicket', schemes?: AuthScheme[]
 * }} AuthOptions  Each array given replaces the default one.
 *
 * @typedef {{ fixedMs?: number, jitterMs?: number }} LatencyConfig
 *
 * @typedef {{
 *   type: 'status', status: number, retryAfter?: number | string, body?: 'json' | 'html' | 'text' | 'empty'
 * } | { type: 'reset', when?: 'before-body' | 'after-body' }
 *   | { type: 'slow', delayMs: number }
 *   | { type: 'html', status?: number }
 *   | { type: 'truncated-json' }
 *   | { type: 'malformed-json' }
 *   | import('./echoFaults').EchoFault
 *   | import('./echoFaults').HostilePageFault
 *   | import('./echoFaults').EmbedSessionFault
 *   | HostileFault} Fault
 *
 * @typedef {{ type: 'redirect', status?: number, location?: string }
 *   | { type: 'raw', status?: number, body?: string, contentType?: string }
 *   | { type: 'reshape', as: 'page' | 'value-text' | 'object' }
 *   | { type: 'trickle', intervalMs: number, bytes?: number }
 *   | { type: 'oversize', status?: number, bytes: number }
 *   | { type: 'broken-gzip', status?: number }} HostileFault  see hostileFaults.js (defaults: status 302 / 200, body '', bytes 1)
 *
 * @typedef {{ method?: string, path?: RegExp | string }} FaultMatch
 * @typedef {{ match?: FaultMatch, times?: number, fault: Fault }} FaultRule
 * @typedef {{ rate: number, faults: Fault[], seed?: number, match?: FaultMatch }} RateConfig
 *
 * @typedef {{
 *   seq: number, method: string, path: string, apiPath: string | null,
 *   query: Record<string, string | string[]>, url: string, headers: Record<string, string | string[] | undefined>,
 *   body: unknown, startedAt: number, endedAt: number | null, status: number | null,
 *   fault?: Fault & { source: 'script' | 'rate' }, principal?: number,
 *   oauth?: OAuthRecord, wrongHost?: true
 * }} RecordedRequest  `startedAt`/`endedAt` are epoch milliseconds (real clock). `status` stays null
 *   when the connection was destroyed without a response. `oauth` is set on token/authorize
 *   requests, `wrongHost` on requests that came in on the wrong-host port.
 *
 * @typedef {{
 *   endpoint: 'token' | 'authorize', grantType: string | null, clientId: string | null,
 *   outcome: 'issued' | 'redirected' | 'invalid_request' | 'invalid_grant' | 'unsupported_grant_type',
 *   accessToken?: string, refreshToken?: string
 * }} OAuthRecord  What the OAuth endpoints made of a request; the issued tokens (secrets) only here.
 *
 * @typedef {{ clientId: string, clientSecret: string, redirectUris?: string[] }} OAuthClient
 *   A registered app: client id = application id, client secret = application token.
 *   `redirectUris` given → only those are accepted (else any http(s) URL).
 *
 * @typedef {{
 *   clients?: OAuthClient[],
 *   refreshTokens?: Array<{ refreshToken: string, clientId?: string, associateId?: number }>,
 *   tokenLifetimeSec?: number, expiredStatus?: 401 | 403, rotateRefreshTokens?: boolean, idToken?: boolean
 * }} OAuthOptions  Each array given replaces the default one.
 *
 * @typedef {'default' | 'empty' | Array<Partial<ChatSessionEntity>>} SeedSpec
 *
 * @typedef {{
 *   port?: number, host?: string, tenant?: string, auth?: AuthOptions, seed?: SeedSpec,
 *   now?: () => Date, latency?: LatencyConfig, timeZone?: string, agentsAvailable?: boolean,
 *   absentAgents?: Array<number | string>,
 *   odata?: { defaultPageSize?: number, maxPageSize?: number }, bodyLimit?: number, faultSeed?: number,
 *   oauth?: OAuthOptions, wrongHostPort?: number | false,
 *   webhooks?: Partial<import('./webhooks').WebhookSettings>
 * }} SandboxOptions
 */
module.exports = {};
