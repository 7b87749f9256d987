import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemResult } from './items';
import type { SendRequest } from '../../shared/transport/request';

/** Everything an operation needs to turn one input item into requests. */
export interface ItemContext {
	itemIndex: number;
	/** Sends a request with this item's settings (language, timeout, retries). */
	request: SendRequest;
}

/** One operation = one file exporting its fields and how one item is executed. */
export interface Operation {
	description: INodeProperties[];
	/** True when the operation acts on one session and so shows the shared Chat Session ID field. */
	usesChatSessionId: boolean;
	execute(this: IExecuteFunctions, item: ItemContext): Promise<ItemResult>;
}
