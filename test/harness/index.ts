export { setupHarnessEnvironment, teardownHarness, getHarnessEnvironment } from './environment';
export type { HarnessEnvironment, HarnessEnvironmentOptions } from './environment';

export { runWorkflow, makeNode } from './run-workflow';
export type { RunWorkflowOptions, RunWorkflowResult, NodeUnderTest } from './run-workflow';

export { HarnessCredentialsHelper } from './credentials-helper';
export type {
	AuthenticateCall,
	CredentialUpdate,
	GetDecryptedCall,
	HarnessCredential,
	HarnessCredentials,
	PreAuthenticationCall,
	RequestSnapshot,
} from './credentials-helper';

export { HarnessCredentialTypes, HarnessOAuth2ApiCredential } from './credential-types';

export {
	runCredentialTest,
	findCredentialTestFunction,
	runDeclarativeCredentialTest,
	NOOP_DESCRIPTION,
} from './credential-test';
export type { DeclarativeCredentialTestRun, RunCredentialTestOptions } from './credential-test';

export { baseAdditionalData } from './additional-data';
export { runListSearch, runLoadOptions } from './load-options';
export type { RunListSearchOptions, RunLoadOptionsOptions } from './load-options';

export {
	HARNESS_ITEMS_NODE_NAME,
	HARNESS_ITEMS_NODE_TYPE,
	HARNESS_TRIGGER_NODE_NAME,
	HARNESS_TRIGGER_NODE_TYPE,
	HarnessManualTrigger,
	HarnessNodeTypes,
	createItemsSourceNodeType,
	latestVersion,
} from './node-types';
export type { NodeTypeMap } from './node-types';

export { startTestServer } from './test-server';
export type { HandlerResponse, RecordedRequest, RequestHandler, TestServer } from './test-server';

export { TriggerHarness } from './trigger';
export type { Delivery, DeliveryResult, LifecycleMethod, TriggerHarnessOptions } from './trigger';
export { runPoll } from './poll';
export type { RunPollOptions, RunPollResult } from './poll';
