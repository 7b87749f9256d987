import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ItemResult } from './items';
import type { LocaleOptions } from './localeHeaders';
import type { SuperOfficeClient } from './transport';

/** Everything an operation needs to turn one input item into requests. */
export interface ItemContext {
	itemIndex: number;
	client: SuperOfficeClient;
	/** The node's language / culture / time-zone options for this item. */
	locale: LocaleOptions;
}

/** One operation = one file exporting its fields and how one item is executed. */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, item: ItemContext): Promise<ItemResult>;
}
